"""Shapes that webhook payloads embed and `mighty_async.models` does not have.

Each class is the spec's schema under the name the models package would give it (the
``Response`` suffix dropped), with the models' conventions: frozen, keyword-only, snake_case as
on the wire, every field but ``id`` optional. Everything else a payload embeds (`Member`,
`Post`, `Space`, `Subscription`, ...) is the API's own model from `mighty_async.models`.

``ReportedContentResponse`` is not `mighty_async.models.AbuseReport`: the webhook's report and
the abuse-report endpoints' report are different schemas.
"""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

__all__ = ["GiftDefinition", "InviteRequest", "ReportedContent"]


@attrs.frozen(kw_only=True)
class GiftDefinition:
    """A kind of gift members can send (``GiftDefinitionResponse``)."""

    id: int
    name: str | None = None


@attrs.frozen(kw_only=True)
class ReportedContent:
    """A report of a post, comment or chat (``ReportedContentResponse``)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    user_id: int | None = None
    targetable_id: int | None = None
    targetable_type: str | None = None
    blacklist_type: str | None = None
    reason: str | None = None
    space_id: int | None = None
    network_id: int | None = None


@attrs.frozen(kw_only=True)
class InviteRequest:
    """A request to be invited to a space or to buy a plan (``InviteRequestRequest``).

    ``member_id`` is set when the requester was logged in; ``space_id`` or ``plan_id`` says
    what they asked for.
    """

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    network_id: int | None = None
    space_id: int | None = None
    plan_id: int | None = None
    member_id: int | None = None
    member_email: str | None = None
    member_first_name: str | None = None
    member_last_name: str | None = None
    member_location: str | None = None
    member_avatar: str | None = None
    status: str | None = None
    referred_by_user_id: int | None = None
