"""Response shapes that webhook payloads embed and `mighty_async.models` does not have yet.

Each class is the spec's ``<Name>Response`` schema under the name the models package uses for
its own classes (``PostResponse`` -> `Post`), with the same conventions: frozen, keyword-only,
snake_case as on the wire, every field but ``id`` optional. Fields the spec types as
``date-time`` are aware `datetime`; fields it types as plain strings stay strings.

When the models for these API areas land in `mighty_async.models`, these classes are meant to
be replaced by imports from there; the names and fields are the spec's, so that is a one-line
change per class.
"""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from mighty_async.models import Category  # noqa: TC001 - cattrs reads annotations at run time

__all__ = [
    "Asset",
    "Badge",
    "CustomField",
    "EmbeddedLink",
    "EventInstance",
    "GiftDefinition",
    "InviteRequest",
    "PollChoice",
    "Post",
    "Purchase",
    "PurchaseDetail",
    "PurchasePlan",
    "Reaction",
    "ReportedContent",
    "Segment",
    "Space",
    "Subscription",
    "SubscriptionDetail",
    "SubscriptionPlan",
    "Tag",
]


@attrs.frozen(kw_only=True)
class Space:
    """A space (``SpaceResponse``); a course is a space too."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    name: str | None = None
    collection_id: int | None = None


@attrs.frozen(kw_only=True)
class Post:
    """A post, article or question (``PostResponse``)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    creator_id: int | None = None
    space_id: int | None = None
    summary: str | None = None
    description: str | None = None
    post_type: str | None = None
    images: tuple[str, ...] | None = None
    title: str | None = None
    status: str | None = None
    published_at: datetime | None = None
    last_activity_at: datetime | None = None
    content_type: str | None = None
    comments_enabled: bool | None = None
    permalink: str | None = None


@attrs.frozen(kw_only=True)
class Asset:
    """A file attached to a comment (``AssetResponse``)."""

    id: int
    url: str | None = None
    type: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class EmbeddedLink:
    """A link preview (``EmbeddedLinkResponse``)."""

    id: int
    url: str | None = None
    title: str | None = None
    description: str | None = None
    favicon_url: str | None = None


@attrs.frozen(kw_only=True)
class Comment:
    """A comment on a post or another commentable item (``CommentResponse``)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    targetable_id: int | None = None
    targetable_type: str | None = None
    text: str | None = None
    replyable: bool | None = None
    depth: int | None = None
    cheer_count: int | None = None
    reply_count: int | None = None
    reply_to_id: int | None = None
    author_id: int | None = None
    space_id: int | None = None
    files: tuple[Asset, ...] | None = None
    embedded_link: EmbeddedLink | None = None
    permalink: str | None = None


@attrs.frozen(kw_only=True)
class CustomField:
    """A custom profile field (``CustomFieldResponse``)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    response_type: str | None = None


@attrs.frozen(kw_only=True)
class Segment:
    """An option of a dropdown custom field (``SegmentResponse``)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    description: str | None = None
    color: str | None = None
    custom_field_id: int | None = None


@attrs.frozen(kw_only=True)
class Badge:
    """A badge that can be given to members (``BadgeResponse``)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    description: str | None = None
    color: str | None = None
    custom_field_id: int | None = None
    avatar_url: str | None = None


@attrs.frozen(kw_only=True)
class Tag:
    """A member tag (``TagResponse``)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    description: str | None = None
    color: str | None = None
    custom_field_id: int | None = None


@attrs.frozen(kw_only=True)
class GiftDefinition:
    """A kind of gift members can send (``GiftDefinitionResponse``)."""

    id: int
    name: str | None = None


@attrs.frozen(kw_only=True)
class PollChoice:
    """One answer of a multiple-choice poll (``PollChoiceResponse``); its id is a string."""

    id: str
    text: str | None = None


@attrs.frozen(kw_only=True)
class PurchasePlan:
    """The plan a purchase bought (``PurchasePlanResponse``); ``amount`` is in cents.

    ``id`` and ``name`` are None when the plan has been deleted since.
    """

    id: int | None = None
    name: str | None = None
    amount: int | None = None
    currency: str | None = None
    interval: str | None = None
    type: str | None = None
    has_free_trial: bool | None = None


@attrs.frozen(kw_only=True)
class PurchaseDetail:
    """The purchase record itself (``PurchaseDetailResponse``)."""

    id: int
    tax_percent: int | None = None
    payment_platform: str | None = None
    purchased_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Purchase:
    """A one-time purchase of a plan, with the buyer (``PurchaseResponse``).

    The row's own id is ``purchase.id``; ``member_id`` is the buyer.
    """

    member_id: int
    member_email: str | None = None
    member_first_name: str | None = None
    member_last_name: str | None = None
    member_time_zone: str | None = None
    member_location: str | None = None
    member_referral_count: int | None = None
    member_avatar: str | None = None
    member_categories: tuple[Category, ...] | None = None
    member_permalink: str | None = None
    member_ambassador_level: str | None = None
    plan: PurchasePlan | None = None
    purchase: PurchaseDetail | None = None


@attrs.frozen(kw_only=True)
class SubscriptionPlan:
    """The plan a subscription is on (``SubscriptionPlanResponse``); ``amount`` is in cents."""

    id: int | None = None
    name: str | None = None
    amount: int | None = None
    currency: str | None = None
    interval: str | None = None
    type: str | None = None
    has_free_trial: bool | None = None


@attrs.frozen(kw_only=True)
class SubscriptionDetail:
    """The subscription record itself (``SubscriptionDetailResponse``)."""

    id: int
    current_period_start: datetime | None = None
    current_period_end: datetime | None = None
    payment_platform: str | None = None
    canceled_at: datetime | None = None
    trial_length: int | None = None
    trial_start: datetime | None = None
    trial_end: datetime | None = None
    purchased_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Subscription:
    """A member's subscription to a plan, with the subscriber (``SubscriptionResponse``).

    The row's own id is ``subscription.id``; ``member_id`` is the subscriber.
    """

    member_id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    time_zone: str | None = None
    location: str | None = None
    referral_count: int | None = None
    avatar: str | None = None
    categories: tuple[Category, ...] | None = None
    permalink: str | None = None
    ambassador_level: str | None = None
    plan: SubscriptionPlan | None = None
    subscription: SubscriptionDetail | None = None


@attrs.frozen(kw_only=True)
class Reaction:
    """An emoji reaction to a post or comment (``ReactionResponse``)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    space_id: int | None = None
    network_id: int | None = None
    targetable_id: int | None = None
    targetable_type: str | None = None
    targetable_space_id: int | None = None
    emoji: str | None = None
    base_emoji: str | None = None
    member_id: int | None = None


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
class EventInstance:
    """One occurrence of a recurring event (``EventInstanceResponse``)."""

    post_id: int
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    instance_index: int | None = None


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
