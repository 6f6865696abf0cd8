"""Payloads that exist only in webhooks: the spec's ``*Payload`` schemas, under their own names.

Conventions are the models' (frozen, keyword-only, wire names, optional fields default to
None); what they embed (`Member`, `User`, `Space`, `Badge`, ...) is the API's own models.
``EventCreatePayload`` and ``RsvpResponse`` are models too: `mighty_async.models.EventPayload`
and `mighty_async.models.Rsvp`.
"""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from mighty_async.models import (  # noqa: TC001 - cattrs reads annotations at run time
    Badge,
    CustomField,
    Member,
    PollChoice,
    Segment,
    Space,
    Tag,
    User,
)

from ._shapes import GiftDefinition, ReportedContent  # noqa: TC001 - read at run time

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
    custom_field: CustomField | None = None
    network_id: int | None = None
    text: str | None = None
    segments: tuple[Segment, ...] | None = None


@attrs.frozen(kw_only=True)
class CustomFieldResponseRemovedPayload:
    """A member cleared a custom field; ``text``/``segments`` hold what was removed."""

    member: Member | None = None
    custom_field: CustomField | None = None
    network_id: int | None = None
    text: str | None = None
    segments: tuple[Segment, ...] | None = None


@attrs.frozen(kw_only=True)
class CustomFieldResponseUpdatedPayload:
    """A member changed a custom field answer, with the previous and the new value."""

    member: Member | None = None
    custom_field: CustomField | None = None
    network_id: int | None = None
    previous_text: str | None = None
    new_text: str | None = None
    previous_segments: tuple[Segment, ...] | None = None
    new_segments: tuple[Segment, ...] | None = None


@attrs.frozen(kw_only=True)
class GiftLeaderboardEntry:
    """One ranked member of a gift leaderboard (``GiftLeaderboardEntryResponse``)."""

    rank: int | None = None
    member: Member | None = None
    count: int | None = None


@attrs.frozen(kw_only=True)
class GiftLeaderboardEntries:
    """Leaderboard entries per aggregation period (``GiftLeaderboardEntriesByPeriodResponse``)."""

    all_time: tuple[GiftLeaderboardEntry, ...] | None = None


@attrs.frozen(kw_only=True)
class GiftLeaderboardUpdatedPayload:
    """A gift leaderboard was recalculated; ``type`` is ``received`` or ``sent``."""

    network_id: int | None = None
    recalculated_at: datetime | None = None
    type: str | None = None
    gift_definition: GiftDefinition | None = None
    entries: GiftLeaderboardEntries | None = None


@attrs.frozen(kw_only=True)
class HotColdPollCreatePayload:
    """A hot/cold poll, created or edited."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    post_type: str | None = None
    title: str | None = None
    creator: User | None = None
    space: Space | None = None
    images: tuple[str, ...] | None = None
    permalink: str | None = None


@attrs.frozen(kw_only=True)
class PercentagePollCreatePayload:
    """A percentage poll, created or edited."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    post_type: str | None = None
    title: str | None = None
    creator: User | None = None
    space: Space | None = None
    images: tuple[str, ...] | None = None
    permalink: str | None = None


@attrs.frozen(kw_only=True)
class MultipleChoicePollCreatePayload:
    """A multiple-choice poll, created or edited; ``choice_1``..``choice_5`` repeat ``choices``."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    post_type: str | None = None
    title: str | None = None
    creator: User | None = None
    space: Space | None = None
    images: tuple[str, ...] | None = None
    permalink: str | None = None
    choices: tuple[PollChoice, ...] | None = None
    choice_1: PollChoice | None = None
    choice_2: PollChoice | None = None
    choice_3: PollChoice | None = None
    choice_4: PollChoice | None = None
    choice_5: PollChoice | None = None


@attrs.frozen(kw_only=True)
class MemberAmbassadorLevelUpPayload:
    """A member reached a new ambassador level (1 Bronze, 2 Silver, 3 Gold)."""

    member: Member | None = None
    network_id: int | None = None
    ambassador_level_id: int | None = None
    ambassador_level_name: str | None = None
    referral_count: int | None = None


@attrs.frozen(kw_only=True)
class MemberBadgeAddPayload:
    """A badge was given to a member."""

    member: Member | None = None
    badge: Badge | None = None
    network_id: int | None = None


@attrs.frozen(kw_only=True)
class MemberBadgeRemovePayload:
    """A badge was taken from a member."""

    member: Member | None = None
    badge: Badge | None = None
    network_id: int | None = None


@attrs.frozen(kw_only=True)
class MemberCourseProgressCompletePayload:
    """A member finished a course (a course is a `Space`)."""

    member: Member | None = None
    course: Space | None = None
    progress_percent: int | None = None


@attrs.frozen(kw_only=True)
class MemberCourseProgressStartPayload:
    """A member began a course."""

    member: Member | None = None
    course: Space | None = None
    progress_percent: int | None = None


@attrs.frozen(kw_only=True)
class MemberCourseProgressUpdatePayload:
    """A member progressed in a course; ``progress_percent`` is 0 to 100."""

    member: Member | None = None
    course: Space | None = None
    progress_percent: int | None = None


@attrs.frozen(kw_only=True)
class MemberJoinRequestPayload:
    """Someone asked to join a space."""

    id: int
    created_at: datetime | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    space: Space | None = None


@attrs.frozen(kw_only=True)
class MemberJoinPayload:
    """A member joined a space."""

    member: Member | None = None
    space_id: int | None = None
    network_id: int | None = None


@attrs.frozen(kw_only=True)
class MemberLeavePayload:
    """A member left a space."""

    member: Member | None = None
    space_id: int | None = None
    network_id: int | None = None


@attrs.frozen(kw_only=True)
class MemberTagAddPayload:
    """A tag was attached to a member."""

    member: Member | None = None
    tag: Tag | None = None
    network_id: int | None = None


@attrs.frozen(kw_only=True)
class MemberTagRemovePayload:
    """A tag was detached from a member."""

    member: Member | None = None
    tag: Tag | None = None
    network_id: int | None = None


@attrs.frozen(kw_only=True)
class MemberUpdatePayload:
    """A member edited their profile; ``space_id`` is None for network-level updates."""

    member: Member | None = None
    space_id: int | None = None
    network_id: int | None = None


@attrs.frozen(kw_only=True)
class ReportedContentCreatedPayload:
    """A post, comment or chat was reported."""

    reported_content: ReportedContent | None = None
