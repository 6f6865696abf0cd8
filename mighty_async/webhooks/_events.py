"""The typed events: one class per webhook type in the spec, a tagged union, and a fallback.

Every event carries the envelope (``event_id``, ``event_timestamp``) and a typed ``payload``;
``event_type`` is the tag, a literal in UPPER_SNAKE (``"MEMBER_JOINED"``), fixed per class. Type
checkers narrow `WebhookEvent` on ``isinstance``, on ``match`` class patterns, and on
``event.event_type == "..."``.

A delivery whose type is not one of these becomes an `UnknownEvent` that keeps the raw body, so
a new event type on Mighty's side never breaks a receiver.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, Literal, TypeAlias
from uuid import UUID

import attrs

from mighty_async.models import (
    Comment,
    EventPayload,
    Post,
    Purchase,
    Reaction,
    Rsvp,
    Subscription,
)

from ._payloads import (
    CustomFieldResponseCreatedPayload,
    CustomFieldResponseRemovedPayload,
    CustomFieldResponseUpdatedPayload,
    GiftLeaderboardUpdatedPayload,
    HotColdPollCreatePayload,
    MemberAmbassadorLevelUpPayload,
    MemberBadgeAddPayload,
    MemberBadgeRemovePayload,
    MemberCourseProgressCompletePayload,
    MemberCourseProgressStartPayload,
    MemberCourseProgressUpdatePayload,
    MemberJoinPayload,
    MemberJoinRequestPayload,
    MemberLeavePayload,
    MemberTagAddPayload,
    MemberTagRemovePayload,
    MemberUpdatePayload,
    MultipleChoicePollCreatePayload,
    PercentagePollCreatePayload,
    ReportedContentCreatedPayload,
)
from ._shapes import InviteRequest

__all__ = [
    "EVENT_TYPES",
    "ArticleCreated",
    "ArticleUpdated",
    "BaseEvent",
    "CommentCreated",
    "CustomFieldResponseCreated",
    "CustomFieldResponseRemoved",
    "CustomFieldResponseUpdated",
    "EventCreated",
    "EventUpdated",
    "GiftLeaderboardUpdated",
    "HotColdPollCreated",
    "HotColdPollUpdated",
    "InviteRequested",
    "KnownEvent",
    "MemberAmbassadorLeveledUp",
    "MemberBadgeAdded",
    "MemberBadgeRemoved",
    "MemberCourseProgressCompleted",
    "MemberCourseProgressStarted",
    "MemberCourseProgressUpdated",
    "MemberJoinRequested",
    "MemberJoined",
    "MemberLeft",
    "MemberPlanChanged",
    "MemberPurchaseRequested",
    "MemberPurchased",
    "MemberRemovedFromPlan",
    "MemberSubscriptionCanceled",
    "MemberSubscriptionRenewed",
    "MemberTagAdded",
    "MemberTagRemoved",
    "MemberUpdated",
    "MultipleChoicePollCreated",
    "MultipleChoicePollUpdated",
    "PercentagePollCreated",
    "PercentagePollUpdated",
    "PostCreated",
    "PostUpdated",
    "QuestionCreated",
    "QuestionUpdated",
    "ReactionCreated",
    "ReactionDeleted",
    "ReportedContentCreated",
    "RsvpCreated",
    "RsvpDeleted",
    "RsvpUpdated",
    "UnknownEvent",
    "WebhookEvent",
    "payload_type",
]


@attrs.frozen(kw_only=True)
class BaseEvent:
    """The envelope every delivery shares."""

    event_id: UUID
    """The delivery's id; retries of one event repeat it, so de-duplicate on it."""
    event_timestamp: datetime | None = None
    """When Mighty says the event happened, timezone-aware; None when the body's value could not
    be read as a time (the spec's format for it is loose)."""


@attrs.frozen(kw_only=True)
class ArticleCreated(BaseEvent):
    """An article was published in a space."""

    event_type: Literal["ARTICLE_CREATED"] = attrs.field(default="ARTICLE_CREATED", init=False)
    """Always ``"ARTICLE_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: Post
    """What the delivery is about, read into `Post`."""


@attrs.frozen(kw_only=True)
class ArticleUpdated(BaseEvent):
    """An article was edited."""

    event_type: Literal["ARTICLE_UPDATED"] = attrs.field(default="ARTICLE_UPDATED", init=False)
    """Always ``"ARTICLE_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: Post
    """What the delivery is about, read into `Post`."""


@attrs.frozen(kw_only=True)
class CommentCreated(BaseEvent):
    """A comment was added to a post or another commentable item."""

    event_type: Literal["COMMENT_CREATED"] = attrs.field(default="COMMENT_CREATED", init=False)
    """Always ``"COMMENT_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: Comment
    """What the delivery is about, read into `Comment`."""


@attrs.frozen(kw_only=True)
class CustomFieldResponseCreated(BaseEvent):
    """A member answered a custom field."""

    event_type: Literal["CUSTOM_FIELD_RESPONSE_CREATED"] = attrs.field(
        default="CUSTOM_FIELD_RESPONSE_CREATED", init=False
    )
    """Always ``"CUSTOM_FIELD_RESPONSE_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: CustomFieldResponseCreatedPayload
    """What the delivery is about, read into `CustomFieldResponseCreatedPayload`."""


@attrs.frozen(kw_only=True)
class CustomFieldResponseRemoved(BaseEvent):
    """A member cleared a custom field answer."""

    event_type: Literal["CUSTOM_FIELD_RESPONSE_REMOVED"] = attrs.field(
        default="CUSTOM_FIELD_RESPONSE_REMOVED", init=False
    )
    """Always ``"CUSTOM_FIELD_RESPONSE_REMOVED"``: the tag `WebhookEvent` narrows on."""
    payload: CustomFieldResponseRemovedPayload
    """What the delivery is about, read into `CustomFieldResponseRemovedPayload`."""


@attrs.frozen(kw_only=True)
class CustomFieldResponseUpdated(BaseEvent):
    """A member changed a custom field answer."""

    event_type: Literal["CUSTOM_FIELD_RESPONSE_UPDATED"] = attrs.field(
        default="CUSTOM_FIELD_RESPONSE_UPDATED", init=False
    )
    """Always ``"CUSTOM_FIELD_RESPONSE_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: CustomFieldResponseUpdatedPayload
    """What the delivery is about, read into `CustomFieldResponseUpdatedPayload`."""


@attrs.frozen(kw_only=True)
class EventCreated(BaseEvent):
    """An event was scheduled in a space."""

    event_type: Literal["EVENT_CREATED"] = attrs.field(default="EVENT_CREATED", init=False)
    """Always ``"EVENT_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: EventPayload
    """What the delivery is about, read into `EventPayload`."""


@attrs.frozen(kw_only=True)
class EventUpdated(BaseEvent):
    """An event was edited."""

    event_type: Literal["EVENT_UPDATED"] = attrs.field(default="EVENT_UPDATED", init=False)
    """Always ``"EVENT_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: EventPayload
    """What the delivery is about, read into `EventPayload`."""


@attrs.frozen(kw_only=True)
class GiftLeaderboardUpdated(BaseEvent):
    """A gift leaderboard was recalculated."""

    event_type: Literal["GIFT_LEADERBOARD_UPDATED"] = attrs.field(
        default="GIFT_LEADERBOARD_UPDATED", init=False
    )
    """Always ``"GIFT_LEADERBOARD_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: GiftLeaderboardUpdatedPayload
    """What the delivery is about, read into `GiftLeaderboardUpdatedPayload`."""


@attrs.frozen(kw_only=True)
class HotColdPollCreated(BaseEvent):
    """A hot/cold poll was created."""

    event_type: Literal["HOT_COLD_POLL_CREATED"] = attrs.field(
        default="HOT_COLD_POLL_CREATED", init=False
    )
    """Always ``"HOT_COLD_POLL_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: HotColdPollCreatePayload
    """What the delivery is about, read into `HotColdPollCreatePayload`."""


@attrs.frozen(kw_only=True)
class HotColdPollUpdated(BaseEvent):
    """A hot/cold poll was edited."""

    event_type: Literal["HOT_COLD_POLL_UPDATED"] = attrs.field(
        default="HOT_COLD_POLL_UPDATED", init=False
    )
    """Always ``"HOT_COLD_POLL_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: HotColdPollCreatePayload
    """What the delivery is about, read into `HotColdPollCreatePayload`."""


@attrs.frozen(kw_only=True)
class InviteRequested(BaseEvent):
    """Someone asked to be invited to a space."""

    event_type: Literal["INVITE_REQUESTED"] = attrs.field(default="INVITE_REQUESTED", init=False)
    """Always ``"INVITE_REQUESTED"``: the tag `WebhookEvent` narrows on."""
    payload: InviteRequest
    """What the delivery is about, read into `InviteRequest`."""


@attrs.frozen(kw_only=True)
class MemberAmbassadorLeveledUp(BaseEvent):
    """A member reached a new ambassador level."""

    event_type: Literal["MEMBER_AMBASSADOR_LEVELED_UP"] = attrs.field(
        default="MEMBER_AMBASSADOR_LEVELED_UP", init=False
    )
    """Always ``"MEMBER_AMBASSADOR_LEVELED_UP"``: the tag `WebhookEvent` narrows on."""
    payload: MemberAmbassadorLevelUpPayload
    """What the delivery is about, read into `MemberAmbassadorLevelUpPayload`."""


@attrs.frozen(kw_only=True)
class MemberBadgeAdded(BaseEvent):
    """A badge was given to a member."""

    event_type: Literal["MEMBER_BADGE_ADDED"] = attrs.field(
        default="MEMBER_BADGE_ADDED", init=False
    )
    """Always ``"MEMBER_BADGE_ADDED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberBadgeAddPayload
    """What the delivery is about, read into `MemberBadgeAddPayload`."""


@attrs.frozen(kw_only=True)
class MemberBadgeRemoved(BaseEvent):
    """A badge was taken from a member."""

    event_type: Literal["MEMBER_BADGE_REMOVED"] = attrs.field(
        default="MEMBER_BADGE_REMOVED", init=False
    )
    """Always ``"MEMBER_BADGE_REMOVED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberBadgeRemovePayload
    """What the delivery is about, read into `MemberBadgeRemovePayload`."""


@attrs.frozen(kw_only=True)
class MemberCourseProgressCompleted(BaseEvent):
    """A member finished a course."""

    event_type: Literal["MEMBER_COURSE_PROGRESS_COMPLETED"] = attrs.field(
        default="MEMBER_COURSE_PROGRESS_COMPLETED", init=False
    )
    """Always ``"MEMBER_COURSE_PROGRESS_COMPLETED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberCourseProgressCompletePayload
    """What the delivery is about, read into `MemberCourseProgressCompletePayload`."""


@attrs.frozen(kw_only=True)
class MemberCourseProgressStarted(BaseEvent):
    """A member began a course."""

    event_type: Literal["MEMBER_COURSE_PROGRESS_STARTED"] = attrs.field(
        default="MEMBER_COURSE_PROGRESS_STARTED", init=False
    )
    """Always ``"MEMBER_COURSE_PROGRESS_STARTED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberCourseProgressStartPayload
    """What the delivery is about, read into `MemberCourseProgressStartPayload`."""


@attrs.frozen(kw_only=True)
class MemberCourseProgressUpdated(BaseEvent):
    """A member progressed in a course."""

    event_type: Literal["MEMBER_COURSE_PROGRESS_UPDATED"] = attrs.field(
        default="MEMBER_COURSE_PROGRESS_UPDATED", init=False
    )
    """Always ``"MEMBER_COURSE_PROGRESS_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberCourseProgressUpdatePayload
    """What the delivery is about, read into `MemberCourseProgressUpdatePayload`."""


@attrs.frozen(kw_only=True)
class MemberJoinRequested(BaseEvent):
    """Someone asked to join a space."""

    event_type: Literal["MEMBER_JOIN_REQUESTED"] = attrs.field(
        default="MEMBER_JOIN_REQUESTED", init=False
    )
    """Always ``"MEMBER_JOIN_REQUESTED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberJoinRequestPayload
    """What the delivery is about, read into `MemberJoinRequestPayload`."""


@attrs.frozen(kw_only=True)
class MemberJoined(BaseEvent):
    """A member joined a space."""

    event_type: Literal["MEMBER_JOINED"] = attrs.field(default="MEMBER_JOINED", init=False)
    """Always ``"MEMBER_JOINED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberJoinPayload
    """What the delivery is about, read into `MemberJoinPayload`."""


@attrs.frozen(kw_only=True)
class MemberLeft(BaseEvent):
    """A member left a space."""

    event_type: Literal["MEMBER_LEFT"] = attrs.field(default="MEMBER_LEFT", init=False)
    """Always ``"MEMBER_LEFT"``: the tag `WebhookEvent` narrows on."""
    payload: MemberLeavePayload
    """What the delivery is about, read into `MemberLeavePayload`."""


@attrs.frozen(kw_only=True)
class MemberPlanChanged(BaseEvent):
    """A member switched plan (upgrade or downgrade)."""

    event_type: Literal["MEMBER_PLAN_CHANGED"] = attrs.field(
        default="MEMBER_PLAN_CHANGED", init=False
    )
    """Always ``"MEMBER_PLAN_CHANGED"``: the tag `WebhookEvent` narrows on."""
    payload: Subscription
    """What the delivery is about, read into `Subscription`."""


@attrs.frozen(kw_only=True)
class MemberPurchaseRequested(BaseEvent):
    """A member asked to buy a plan."""

    event_type: Literal["MEMBER_PURCHASE_REQUESTED"] = attrs.field(
        default="MEMBER_PURCHASE_REQUESTED", init=False
    )
    """Always ``"MEMBER_PURCHASE_REQUESTED"``: the tag `WebhookEvent` narrows on."""
    payload: InviteRequest
    """What the delivery is about, read into `InviteRequest`."""


@attrs.frozen(kw_only=True)
class MemberPurchased(BaseEvent):
    """A member bought a plan."""

    event_type: Literal["MEMBER_PURCHASED"] = attrs.field(default="MEMBER_PURCHASED", init=False)
    """Always ``"MEMBER_PURCHASED"``: the tag `WebhookEvent` narrows on."""
    payload: Purchase
    """What the delivery is about, read into `Purchase`."""


@attrs.frozen(kw_only=True)
class MemberRemovedFromPlan(BaseEvent):
    """A member lost a plan."""

    event_type: Literal["MEMBER_REMOVED_FROM_PLAN"] = attrs.field(
        default="MEMBER_REMOVED_FROM_PLAN", init=False
    )
    """Always ``"MEMBER_REMOVED_FROM_PLAN"``: the tag `WebhookEvent` narrows on."""
    payload: Subscription
    """What the delivery is about, read into `Subscription`."""


@attrs.frozen(kw_only=True)
class MemberSubscriptionCanceled(BaseEvent):
    """A member cancelled a subscription."""

    event_type: Literal["MEMBER_SUBSCRIPTION_CANCELED"] = attrs.field(
        default="MEMBER_SUBSCRIPTION_CANCELED", init=False
    )
    """Always ``"MEMBER_SUBSCRIPTION_CANCELED"``: the tag `WebhookEvent` narrows on."""
    payload: Subscription
    """What the delivery is about, read into `Subscription`."""


@attrs.frozen(kw_only=True)
class MemberSubscriptionRenewed(BaseEvent):
    """A subscription renewed."""

    event_type: Literal["MEMBER_SUBSCRIPTION_RENEWED"] = attrs.field(
        default="MEMBER_SUBSCRIPTION_RENEWED", init=False
    )
    """Always ``"MEMBER_SUBSCRIPTION_RENEWED"``: the tag `WebhookEvent` narrows on."""
    payload: Subscription
    """What the delivery is about, read into `Subscription`."""


@attrs.frozen(kw_only=True)
class MemberTagAdded(BaseEvent):
    """A tag was attached to a member."""

    event_type: Literal["MEMBER_TAG_ADDED"] = attrs.field(default="MEMBER_TAG_ADDED", init=False)
    """Always ``"MEMBER_TAG_ADDED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberTagAddPayload
    """What the delivery is about, read into `MemberTagAddPayload`."""


@attrs.frozen(kw_only=True)
class MemberTagRemoved(BaseEvent):
    """A tag was detached from a member."""

    event_type: Literal["MEMBER_TAG_REMOVED"] = attrs.field(
        default="MEMBER_TAG_REMOVED", init=False
    )
    """Always ``"MEMBER_TAG_REMOVED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberTagRemovePayload
    """What the delivery is about, read into `MemberTagRemovePayload`."""


@attrs.frozen(kw_only=True)
class MemberUpdated(BaseEvent):
    """A member edited their profile."""

    event_type: Literal["MEMBER_UPDATED"] = attrs.field(default="MEMBER_UPDATED", init=False)
    """Always ``"MEMBER_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: MemberUpdatePayload
    """What the delivery is about, read into `MemberUpdatePayload`."""


@attrs.frozen(kw_only=True)
class MultipleChoicePollCreated(BaseEvent):
    """A multiple-choice poll was created."""

    event_type: Literal["MULTIPLE_CHOICE_POLL_CREATED"] = attrs.field(
        default="MULTIPLE_CHOICE_POLL_CREATED", init=False
    )
    """Always ``"MULTIPLE_CHOICE_POLL_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: MultipleChoicePollCreatePayload
    """What the delivery is about, read into `MultipleChoicePollCreatePayload`."""


@attrs.frozen(kw_only=True)
class MultipleChoicePollUpdated(BaseEvent):
    """A multiple-choice poll was edited."""

    event_type: Literal["MULTIPLE_CHOICE_POLL_UPDATED"] = attrs.field(
        default="MULTIPLE_CHOICE_POLL_UPDATED", init=False
    )
    """Always ``"MULTIPLE_CHOICE_POLL_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: MultipleChoicePollCreatePayload
    """What the delivery is about, read into `MultipleChoicePollCreatePayload`."""


@attrs.frozen(kw_only=True)
class PercentagePollCreated(BaseEvent):
    """A percentage poll was created."""

    event_type: Literal["PERCENTAGE_POLL_CREATED"] = attrs.field(
        default="PERCENTAGE_POLL_CREATED", init=False
    )
    """Always ``"PERCENTAGE_POLL_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: PercentagePollCreatePayload
    """What the delivery is about, read into `PercentagePollCreatePayload`."""


@attrs.frozen(kw_only=True)
class PercentagePollUpdated(BaseEvent):
    """A percentage poll was edited."""

    event_type: Literal["PERCENTAGE_POLL_UPDATED"] = attrs.field(
        default="PERCENTAGE_POLL_UPDATED", init=False
    )
    """Always ``"PERCENTAGE_POLL_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: PercentagePollCreatePayload
    """What the delivery is about, read into `PercentagePollCreatePayload`."""


@attrs.frozen(kw_only=True)
class PostCreated(BaseEvent):
    """A post was created in a space."""

    event_type: Literal["POST_CREATED"] = attrs.field(default="POST_CREATED", init=False)
    """Always ``"POST_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: Post
    """What the delivery is about, read into `Post`."""


@attrs.frozen(kw_only=True)
class PostUpdated(BaseEvent):
    """A post was edited."""

    event_type: Literal["POST_UPDATED"] = attrs.field(default="POST_UPDATED", init=False)
    """Always ``"POST_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: Post
    """What the delivery is about, read into `Post`."""


@attrs.frozen(kw_only=True)
class QuestionCreated(BaseEvent):
    """A question was created."""

    event_type: Literal["QUESTION_CREATED"] = attrs.field(default="QUESTION_CREATED", init=False)
    """Always ``"QUESTION_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: Post
    """What the delivery is about, read into `Post`."""


@attrs.frozen(kw_only=True)
class QuestionUpdated(BaseEvent):
    """A question was edited."""

    event_type: Literal["QUESTION_UPDATED"] = attrs.field(default="QUESTION_UPDATED", init=False)
    """Always ``"QUESTION_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: Post
    """What the delivery is about, read into `Post`."""


@attrs.frozen(kw_only=True)
class ReactionCreated(BaseEvent):
    """A member reacted to a post or comment."""

    event_type: Literal["REACTION_CREATED"] = attrs.field(default="REACTION_CREATED", init=False)
    """Always ``"REACTION_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: Reaction
    """What the delivery is about, read into `Reaction`."""


@attrs.frozen(kw_only=True)
class ReactionDeleted(BaseEvent):
    """A member removed a reaction."""

    event_type: Literal["REACTION_DELETED"] = attrs.field(default="REACTION_DELETED", init=False)
    """Always ``"REACTION_DELETED"``: the tag `WebhookEvent` narrows on."""
    payload: Reaction
    """What the delivery is about, read into `Reaction`."""


@attrs.frozen(kw_only=True)
class ReportedContentCreated(BaseEvent):
    """A post, comment or chat was reported."""

    event_type: Literal["REPORTED_CONTENT_CREATED"] = attrs.field(
        default="REPORTED_CONTENT_CREATED", init=False
    )
    """Always ``"REPORTED_CONTENT_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: ReportedContentCreatedPayload
    """What the delivery is about, read into `ReportedContentCreatedPayload`."""


@attrs.frozen(kw_only=True)
class RsvpCreated(BaseEvent):
    """A member RSVPed to an event."""

    event_type: Literal["RSVP_CREATED"] = attrs.field(default="RSVP_CREATED", init=False)
    """Always ``"RSVP_CREATED"``: the tag `WebhookEvent` narrows on."""
    payload: Rsvp
    """What the delivery is about, read into `Rsvp`."""


@attrs.frozen(kw_only=True)
class RsvpDeleted(BaseEvent):
    """An RSVP was deleted."""

    event_type: Literal["RSVP_DELETED"] = attrs.field(default="RSVP_DELETED", init=False)
    """Always ``"RSVP_DELETED"``: the tag `WebhookEvent` narrows on."""
    payload: Rsvp
    """What the delivery is about, read into `Rsvp`."""


@attrs.frozen(kw_only=True)
class RsvpUpdated(BaseEvent):
    """An RSVP changed status."""

    event_type: Literal["RSVP_UPDATED"] = attrs.field(default="RSVP_UPDATED", init=False)
    """Always ``"RSVP_UPDATED"``: the tag `WebhookEvent` narrows on."""
    payload: Rsvp
    """What the delivery is about, read into `Rsvp`."""


@attrs.frozen(kw_only=True)
class UnknownEvent(BaseEvent):
    """A delivery of a type this version does not know (or did not name), kept whole."""

    event_type: str | None = None
    """The normalised type from the body or the receiver, None if neither had one."""
    payload: Any = attrs.field(hash=False)
    """The decoded ``payload`` value, untouched."""
    raw: Mapping[str, Any] = attrs.field(hash=False, repr=False)
    """The whole decoded body, untouched."""


KnownEvent: TypeAlias = (
    ArticleCreated
    | ArticleUpdated
    | CommentCreated
    | CustomFieldResponseCreated
    | CustomFieldResponseRemoved
    | CustomFieldResponseUpdated
    | EventCreated
    | EventUpdated
    | GiftLeaderboardUpdated
    | HotColdPollCreated
    | HotColdPollUpdated
    | InviteRequested
    | MemberAmbassadorLeveledUp
    | MemberBadgeAdded
    | MemberBadgeRemoved
    | MemberCourseProgressCompleted
    | MemberCourseProgressStarted
    | MemberCourseProgressUpdated
    | MemberJoinRequested
    | MemberJoined
    | MemberLeft
    | MemberPlanChanged
    | MemberPurchaseRequested
    | MemberPurchased
    | MemberRemovedFromPlan
    | MemberSubscriptionCanceled
    | MemberSubscriptionRenewed
    | MemberTagAdded
    | MemberTagRemoved
    | MemberUpdated
    | MultipleChoicePollCreated
    | MultipleChoicePollUpdated
    | PercentagePollCreated
    | PercentagePollUpdated
    | PostCreated
    | PostUpdated
    | QuestionCreated
    | QuestionUpdated
    | ReactionCreated
    | ReactionDeleted
    | ReportedContentCreated
    | RsvpCreated
    | RsvpDeleted
    | RsvpUpdated
)
"""Any of the event types in the spec."""

WebhookEvent: TypeAlias = KnownEvent | UnknownEvent
"""What parsing a delivery returns: a known event, tagged by ``event_type``, or the fallback."""

_KNOWN_CLASSES: Final[tuple[type[KnownEvent], ...]] = (
    ArticleCreated,
    ArticleUpdated,
    CommentCreated,
    CustomFieldResponseCreated,
    CustomFieldResponseRemoved,
    CustomFieldResponseUpdated,
    EventCreated,
    EventUpdated,
    GiftLeaderboardUpdated,
    HotColdPollCreated,
    HotColdPollUpdated,
    InviteRequested,
    MemberAmbassadorLeveledUp,
    MemberBadgeAdded,
    MemberBadgeRemoved,
    MemberCourseProgressCompleted,
    MemberCourseProgressStarted,
    MemberCourseProgressUpdated,
    MemberJoinRequested,
    MemberJoined,
    MemberLeft,
    MemberPlanChanged,
    MemberPurchaseRequested,
    MemberPurchased,
    MemberRemovedFromPlan,
    MemberSubscriptionCanceled,
    MemberSubscriptionRenewed,
    MemberTagAdded,
    MemberTagRemoved,
    MemberUpdated,
    MultipleChoicePollCreated,
    MultipleChoicePollUpdated,
    PercentagePollCreated,
    PercentagePollUpdated,
    PostCreated,
    PostUpdated,
    QuestionCreated,
    QuestionUpdated,
    ReactionCreated,
    ReactionDeleted,
    ReportedContentCreated,
    RsvpCreated,
    RsvpDeleted,
    RsvpUpdated,
)

EVENT_TYPES: Final[Mapping[str, type[KnownEvent]]] = {
    attrs.fields(cls).event_type.default: cls for cls in _KNOWN_CLASSES
}
"""Each normalised event type (``"MEMBER_JOINED"``) and the class that holds it."""

_PAYLOAD_TYPES: Final[Mapping[type[KnownEvent], type]] = {
    cls: attrs.fields(attrs.resolve_types(cls)).payload.type for cls in _KNOWN_CLASSES
}


def payload_type(event_class: type[KnownEvent]) -> type:
    """The class a known event's ``payload`` is structured into."""
    return _PAYLOAD_TYPES[event_class]
