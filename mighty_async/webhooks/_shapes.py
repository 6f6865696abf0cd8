"""Shapes that webhook payloads embed and `mighty_async.models` does not have.

Each class is the spec's schema under the name the models package would give it (the
``Response`` suffix dropped), with the models' conventions: frozen, keyword-only, snake_case as
on the wire, every field but ``id`` optional. Everything else a payload embeds (`Member`,
`Post`, `Space`, `Subscription`, ...) is the API's own model from `mighty_async.models`.

``ReportedContentResponse`` is not `mighty_async.models.AbuseReport`: the webhook's report and
the abuse-report endpoints' report are different schemas.
"""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["GiftDefinition", "InviteRequest", "ReportedContent"]


@attrs.frozen(kw_only=True)
class GiftDefinition:
    """A kind of gift members can send (``GiftDefinitionResponse``)."""

    id: int
    """The gift kind's id."""
    name: str | None = None
    """The gift kind's name."""


@attrs.frozen(kw_only=True)
class ReportedContent:
    """A report of a post, comment or chat (``ReportedContentResponse``)."""

    id: int
    """The report's id."""
    created_at: datetime | None = None
    """When the report was filed."""
    updated_at: datetime | None = None
    """When the report last changed."""
    user_id: int | None = None
    """The user who filed the report."""
    targetable_id: int | None = None
    """The id of what was reported."""
    targetable_type: str | None = None
    """What was reported: ``Post``, ``Comment`` or ``Chat``."""
    blacklist_type: str | None = None
    """The reporter's category for it (``spam``, ``offensive``, ``other``, ``not_interesting``)."""
    reason: str | None = None
    """The reporter's own words, if they gave any."""
    space_id: int | None = None
    """The space the report was made in."""
    network_id: int | None = None
    """The network."""


@attrs.frozen(kw_only=True)
class InviteRequest:
    """A request to be invited to a space or to buy a plan (``InviteRequestRequest``).

    ``member_id`` is set when the requester was logged in; ``space_id`` or ``plan_id`` says
    what they asked for.
    """

    id: int
    """The request's id."""
    created_at: datetime | None = None
    """When the request was made."""
    updated_at: datetime | None = None
    """When the request last changed."""
    network_id: int | None = None
    """The network."""
    space_id: int | None = None
    """The space asked for, if the request is for a space."""
    plan_id: int | None = None
    """The plan asked for, if the request is for a plan."""
    member_id: int | None = None
    """The requester's member id, when they were logged in."""
    member_email: str | None = None
    """The requester's email address."""
    member_first_name: str | None = None
    """The requester's first name."""
    member_last_name: str | None = None
    """The requester's last name."""
    member_location: str | None = None
    """Where the requester says they are."""
    member_avatar: str | None = None
    """The requester's avatar image."""
    status: str | None = None
    """Where the request stands (``pending``, ``approved``, ``rejected``, ``invalid``)."""
    referred_by_user_id: int | None = None
    """The user who referred the requester."""
