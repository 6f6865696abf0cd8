"""Tell a delivery's event type from its payload's shape, when nothing else names it.

Each payload class has a signature: the keys the spec marks required. A payload is a candidate
for every class whose signature it carries; among the candidates, the classes that know the most
of its keys win. That names one event type only when the winning payload shape belongs to one
event type: several types share a schema (``PostCreated`` and ``ArticleUpdated`` both carry a
`Post`), and then no shape can tell them apart, so the receiver has to say which type it
expects (one endpoint per type) or the body has to carry ``event_type``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Final

import attrs

from mighty_async.models import Comment, EventPayload, Post, Purchase, Reaction, Rsvp, Subscription

from ._events import EVENT_TYPES, payload_type
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

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["SIGNATURES", "infer_event_types"]


def _keys(text: str) -> frozenset[str]:
    return frozenset(text.split())


_POLL = _keys("created_at creator id permalink post_type space title updated_at")
_MEMBER_CUSTOM_FIELD = _keys("custom_field member network_id")

SIGNATURES: Final[Mapping[type, frozenset[str]]] = {
    Post: _keys(
        "comments_enabled content_type created_at creator_id description id images "
        "last_activity_at permalink post_type published_at space_id status summary title "
        "updated_at"
    ),
    Comment: _keys(
        "author_id cheer_count created_at depth id permalink reply_count replyable space_id "
        "targetable_id targetable_type text updated_at"
    ),
    CustomFieldResponseCreatedPayload: _MEMBER_CUSTOM_FIELD,
    CustomFieldResponseRemovedPayload: _MEMBER_CUSTOM_FIELD,
    CustomFieldResponseUpdatedPayload: _MEMBER_CUSTOM_FIELD,
    EventPayload: _keys(
        "created_at creator creator_id event_type id permalink post_in_feed post_type "
        "restricted_event rsvp_closed rsvp_enabled space space_id starts_at summary time_zone "
        "title updated_at"
    ),
    GiftLeaderboardUpdatedPayload: _keys("entries network_id recalculated_at type"),
    HotColdPollCreatePayload: _POLL,
    PercentagePollCreatePayload: _POLL,
    MultipleChoicePollCreatePayload: _POLL | {"choices"},
    InviteRequest: _keys("created_at id member_email network_id status updated_at"),
    MemberAmbassadorLevelUpPayload: _keys(
        "ambassador_level_id ambassador_level_name member network_id referral_count"
    ),
    MemberBadgeAddPayload: _keys("badge member network_id"),
    MemberBadgeRemovePayload: _keys("badge member network_id"),
    MemberCourseProgressCompletePayload: _keys("course member"),
    MemberCourseProgressStartPayload: _keys("course member"),
    MemberCourseProgressUpdatePayload: _keys("course member"),
    MemberJoinRequestPayload: _keys("created_at id"),
    MemberJoinPayload: _keys("member network_id space_id"),
    MemberLeavePayload: _keys("member network_id space_id"),
    Subscription: _keys("created_at email member_id permalink plan subscription updated_at"),
    Purchase: _keys("member_email member_id plan purchase"),
    MemberTagAddPayload: _keys("member network_id tag"),
    MemberTagRemovePayload: _keys("member network_id tag"),
    MemberUpdatePayload: _keys("member network_id"),
    Reaction: _keys(
        "base_emoji created_at emoji id member_id network_id space_id targetable_id "
        "targetable_space_id targetable_type updated_at"
    ),
    ReportedContentCreatedPayload: _keys("reported_content"),
    Rsvp: _keys("event id member status updated"),
}
"""Each payload class and the keys the spec requires of it (tests check them against the spec)."""


def _events_by_payload() -> dict[type, tuple[str, ...]]:
    grouped: defaultdict[type, list[str]] = defaultdict(list)
    for name, cls in EVENT_TYPES.items():
        grouped[payload_type(cls)].append(name)
    return {payload: tuple(sorted(names)) for payload, names in grouped.items()}


_EVENTS_BY_PAYLOAD: Final = _events_by_payload()
_FIELDS: Final = {cls: frozenset(f.name for f in attrs.fields(cls)) for cls in SIGNATURES}


def infer_event_types(payload: Mapping[str, object]) -> tuple[str, ...]:
    """The event types whose payload shape fits ``payload`` best, sorted; empty when none fits.

    One result means the shape names the type; several mean it is ambiguous. A winner must
    also know at least half of the payload's keys, so a near-empty signature
    (``MemberJoinRequestPayload`` needs only ``id`` and ``created_at``) cannot claim an
    unrelated payload.
    """
    keys = frozenset(payload)
    best_score = 0
    best: list[type] = []
    for cls, required in SIGNATURES.items():
        if not required <= keys:
            continue
        score = len(keys & _FIELDS[cls])
        if score > best_score:
            best_score, best = score, [cls]
        elif score == best_score:
            best.append(cls)
    if not best or best_score * 2 < len(keys):
        return ()
    return tuple(sorted({name for cls in best for name in _EVENTS_BY_PAYLOAD[cls]}))
