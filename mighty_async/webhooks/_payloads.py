"""Payloads that exist only in webhooks: the spec's ``*Payload`` schemas, under their own names.

Conventions are the models' (frozen, keyword-only, wire names, optional fields default to
None); what they embed (`Member`, `User`, `Space`, `Badge`, ...) is the API's own models.
``EventCreatePayload`` and ``RsvpResponse`` are models too: `mighty_async.models.EventPayload`
and `mighty_async.models.Rsvp`.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from mighty_async.models import (
    Badge,
    CustomField,
    Member,
    PollChoice,
    Segment,
    Space,
    Tag,
    User,
)

from ._shapes import GiftDefinition, ReportedContent

__all__ = [
    "CustomFieldResponseCreatedPayload",
    "CustomFieldResponseRemovedPayload",
    "CustomFieldResponseUpdatedPayload",
    "GiftLeaderboardEntries",
    "GiftLeaderboardEntry",
    "GiftLeaderboardUpdatedPayload",
    "HotColdPollCreatePayload",
    "MemberAmbassadorLevelUpPayload",
    "MemberBadgeAddPayload",
    "MemberBadgeRemovePayload",
    "MemberCourseProgressCompletePayload",
    "MemberCourseProgressStartPayload",
    "MemberCourseProgressUpdatePayload",
    "MemberJoinPayload",
    "MemberJoinRequestPayload",
    "MemberLeavePayload",
    "MemberTagAddPayload",
    "MemberTagRemovePayload",
    "MemberUpdatePayload",
    "MultipleChoicePollCreatePayload",
    "PercentagePollCreatePayload",
    "ReportedContentCreatedPayload",
]


@attrs.frozen(kw_only=True)
class CustomFieldResponseCreatedPayload:
    """A member answered a custom field: ``text`` for text fields, ``segments`` for dropdowns."""

    member: Member | None = None
    """The member who answered."""
    custom_field: CustomField | None = None
    """The field answered."""
    network_id: int | None = None
    """The network."""
    text: str | None = None
    """The answer, for a text field."""
    segments: tuple[Segment, ...] | None = None
    """The options picked, for a dropdown field."""


@attrs.frozen(kw_only=True)
class CustomFieldResponseRemovedPayload:
    """A member cleared a custom field; ``text``/``segments`` hold what was removed."""

    member: Member | None = None
    """The member who cleared the answer."""
    custom_field: CustomField | None = None
    """The field cleared."""
    network_id: int | None = None
    """The network."""
    text: str | None = None
    """The text removed, for a text field."""
    segments: tuple[Segment, ...] | None = None
    """The options removed, for a dropdown field."""


@attrs.frozen(kw_only=True)
class CustomFieldResponseUpdatedPayload:
    """A member changed a custom field answer, with the previous and the new value."""

    member: Member | None = None
    """The member who changed the answer."""
    custom_field: CustomField | None = None
    """The field changed."""
    network_id: int | None = None
    """The network."""
    previous_text: str | None = None
    """The text before, for a text field."""
    new_text: str | None = None
    """The text now, for a text field."""
    previous_segments: tuple[Segment, ...] | None = None
    """The options picked before, for a dropdown field."""
    new_segments: tuple[Segment, ...] | None = None
    """The options picked now, for a dropdown field."""


@attrs.frozen(kw_only=True)
class GiftLeaderboardEntry:
    """One ranked member of a gift leaderboard (``GiftLeaderboardEntryResponse``)."""

    rank: int | None = None
    """The member's place on the leaderboard, from 1."""
    member: Member | None = None
    """The member ranked."""
    count: int | None = None
    """How many gifts the member received or sent in the period."""


@attrs.frozen(kw_only=True)
class GiftLeaderboardEntries:
    """Leaderboard entries per aggregation period (``GiftLeaderboardEntriesByPeriodResponse``)."""

    all_time: tuple[GiftLeaderboardEntry, ...] | None = None
    """The ranking over all time."""


@attrs.frozen(kw_only=True)
class GiftLeaderboardUpdatedPayload:
    """A gift leaderboard was recalculated; ``type`` is ``received`` or ``sent``."""

    network_id: int | None = None
    """The network."""
    recalculated_at: datetime | None = None
    """When the leaderboard was recalculated."""
    type: str | None = None
    """Whether it ranks gifts ``received`` or ``sent``."""
    gift_definition: GiftDefinition | None = None
    """The kind of gift ranked, for a leaderboard of one kind; None for all gifts."""
    entries: GiftLeaderboardEntries | None = None
    """The rankings, by period."""


@attrs.frozen(kw_only=True)
class PollPayloadFields:
    """What every poll payload holds, whatever its kind; the base of the three.

    Each kind stays its own class, so the event it arrives in still names it.
    """

    id: int
    """The poll's id."""
    created_at: datetime | None = None
    """When the poll was created."""
    updated_at: datetime | None = None
    """When the poll was last changed."""
    post_type: str | None = None
    """The post's type."""
    title: str | None = None
    """The question asked."""
    creator: User | None = None
    """The user who created the poll."""
    space: Space | None = None
    """The space the poll is in."""
    images: tuple[str, ...] | None = None
    """Addresses of the poll's images."""
    permalink: str | None = None
    """The poll's address on the network's site."""


@attrs.frozen(kw_only=True)
class HotColdPollCreatePayload(PollPayloadFields):
    """A hot/cold poll, created or edited."""


@attrs.frozen(kw_only=True)
class PercentagePollCreatePayload(PollPayloadFields):
    """A percentage poll, created or edited."""


@attrs.frozen(kw_only=True)
class MultipleChoicePollCreatePayload(PollPayloadFields):
    """A multiple-choice poll, created or edited; ``choice_1``..``choice_5`` repeat ``choices``."""

    choices: tuple[PollChoice, ...] | None = None
    """Every answer offered."""
    choice_1: PollChoice | None = None
    """The first answer offered."""
    choice_2: PollChoice | None = None
    """The second answer offered."""
    choice_3: PollChoice | None = None
    """The third answer offered."""
    choice_4: PollChoice | None = None
    """The fourth answer offered."""
    choice_5: PollChoice | None = None
    """The fifth answer offered."""


@attrs.frozen(kw_only=True)
class MemberAmbassadorLevelUpPayload:
    """A member reached a new ambassador level (1 Bronze, 2 Silver, 3 Gold)."""

    member: Member | None = None
    """The member who levelled up."""
    network_id: int | None = None
    """The network."""
    ambassador_level_id: int | None = None
    """The new level: 1 Bronze, 2 Silver, 3 Gold."""
    ambassador_level_name: str | None = None
    """The new level's name."""
    referral_count: int | None = None
    """How many people the member has referred in all."""


@attrs.frozen(kw_only=True)
class MemberBadgeFields:
    """What a badge given to or taken from a member carries; the base of the two payloads."""

    member: Member | None = None
    """The member given the badge, or the one it was taken from."""
    badge: Badge | None = None
    """The badge given or taken away."""
    network_id: int | None = None
    """The network."""


@attrs.frozen(kw_only=True)
class MemberBadgeAddPayload(MemberBadgeFields):
    """A badge was given to a member."""


@attrs.frozen(kw_only=True)
class MemberBadgeRemovePayload(MemberBadgeFields):
    """A badge was taken from a member."""


@attrs.frozen(kw_only=True)
class CourseProgressFields:
    """What every course-progress payload holds: the member, the course, how far along."""

    member: Member | None = None
    """The member whose progress it is."""
    course: Space | None = None
    """The course (a space)."""
    progress_percent: int | None = None
    """The member's progress through the course, 0 to 100."""


@attrs.frozen(kw_only=True)
class MemberCourseProgressCompletePayload(CourseProgressFields):
    """A member finished a course (a course is a `Space`)."""


@attrs.frozen(kw_only=True)
class MemberCourseProgressStartPayload(CourseProgressFields):
    """A member began a course."""


@attrs.frozen(kw_only=True)
class MemberCourseProgressUpdatePayload(CourseProgressFields):
    """A member progressed in a course; ``progress_percent`` is 0 to 100."""


@attrs.frozen(kw_only=True)
class MemberJoinRequestPayload:
    """Someone asked to join a space."""

    id: int
    """The join request's id."""
    created_at: datetime | None = None
    """When the request was made."""
    email: str | None = None
    """The requester's email address."""
    first_name: str | None = None
    """The requester's first name."""
    last_name: str | None = None
    """The requester's last name."""
    space: Space | None = None
    """The space the requester asks to join."""


@attrs.frozen(kw_only=True)
class MemberSpaceFields:
    """What a member joining or leaving a space carries; the base of the two payloads."""

    member: Member | None = None
    """The member who joined or left."""
    space_id: int | None = None
    """The space joined or left."""
    network_id: int | None = None
    """The network."""


@attrs.frozen(kw_only=True)
class MemberJoinPayload(MemberSpaceFields):
    """A member joined a space."""


@attrs.frozen(kw_only=True)
class MemberLeavePayload(MemberSpaceFields):
    """A member left a space."""


@attrs.frozen(kw_only=True)
class MemberTagFields:
    """What a tag attached to or detached from a member carries; the base of the two payloads."""

    member: Member | None = None
    """The member tagged or untagged."""
    tag: Tag | None = None
    """The tag added or removed."""
    network_id: int | None = None
    """The network."""


@attrs.frozen(kw_only=True)
class MemberTagAddPayload(MemberTagFields):
    """A tag was attached to a member."""


@attrs.frozen(kw_only=True)
class MemberTagRemovePayload(MemberTagFields):
    """A tag was detached from a member."""


@attrs.frozen(kw_only=True)
class MemberUpdatePayload:
    """A member edited their profile; ``space_id`` is None for network-level updates."""

    member: Member | None = None
    """The member, as they are after the change."""
    space_id: int | None = None
    """The space the change was made in; None for a change at network level."""
    network_id: int | None = None
    """The network."""


@attrs.frozen(kw_only=True)
class ReportedContentCreatedPayload:
    """A post, comment or chat was reported."""

    reported_content: ReportedContent | None = None
    """The report filed."""
