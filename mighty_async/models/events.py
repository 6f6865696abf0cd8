"""Events, their occurrences, and the event shape RSVPs embed (``/events``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import EventType, Frequency, PostType  # noqa: TC001 - read at run time by cattrs
from .members import Member  # noqa: TC001 - cattrs reads annotations at run time
from .network import User  # noqa: TC001 - cattrs reads annotations at run time
from .spaces import Space  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Event", "EventInstance", "EventPayload"]


@attrs.frozen(kw_only=True)
class Event:
    """A scheduled event; ``starts_at``/``ends_at`` are expressed in the event's ``time_zone``.

    Recurring events carry ``frequency`` and ``interval``, and the RRULE in
    ``recurrence_rule``.
    """

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    post_type: PostType | None = None
    creator: User | None = None
    images: tuple[str, ...] | None = None
    permalink: str | None = None
    title: str | None = None
    description: str | None = None
    recurrence_rule: str | None = None
    rsvp_enabled: bool | None = None
    rsvp_closed: bool | None = None
    restricted_event: bool | None = None
    post_in_feed: bool | None = None
    event_type: EventType | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str | None = None
    location: str | None = None
    link: str | None = None
    frequency: Frequency | None = None
    interval: int | None = None


@attrs.frozen(kw_only=True)
class EventPayload:
    """An event as RSVPs (and the ``EventCreated`` webhook) describe it (``EventCreatePayload``).

    It differs from `Event`: the creator is a full `Member`, the space is embedded, the body is
    ``summary``, and ``starts_at``/``ends_at`` are plain strings (the spec gives them no
    date-time format), kept as sent.
    """

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    post_type: PostType | None = None
    space_id: int | None = None
    creator_id: int | None = None
    title: str | None = None
    summary: str | None = None
    event_type: EventType | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    time_zone: str | None = None
    location: str | None = None
    frequency: Frequency | None = None
    interval: int | None = None
    rsvp_enabled: bool | None = None
    rsvp_closed: bool | None = None
    restricted_event: bool | None = None
    post_in_feed: bool | None = None
    creator: Member | None = None
    space: Space | None = None
    images: tuple[str, ...] | None = None
    permalink: str | None = None


@attrs.frozen(kw_only=True)
class EventInstance:
    """One occurrence of a recurring event (it has no id of its own: ``post_id`` is the event's)."""

    post_id: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    instance_index: int | None = None
