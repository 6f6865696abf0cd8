"""Events, their occurrences, and the event shape RSVPs embed (``/events``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import EventType, Frequency, PostType
from .members import Member
from .network import User
from .spaces import Space

__all__ = ["Event", "EventInstance", "EventPayload"]


@attrs.frozen(kw_only=True)
class Event:
    """A scheduled event; ``starts_at``/``ends_at`` are expressed in the event's ``time_zone``.

    Recurring events carry ``frequency`` and ``interval``, and the RRULE in
    ``recurrence_rule``.

    Sent, never returned: ``space_id`` (an argument of `Events.create`), and ``by_days``,
    ``by_month_days``, ``recurrence_count`` and ``recur_until`` (of `Events.create` and
    `Events.update`); a recurring event's answer describes its repetition in
    ``recurrence_rule`` instead.
    """

    id: int
    """The event's id."""
    created_at: datetime | None = None
    """When the event was created."""
    updated_at: datetime | None = None
    """When the event was last changed."""
    post_type: PostType | None = None
    """Always ``event`` here."""
    creator: User | None = None
    """The user who created the event."""
    images: tuple[str, ...] | None = None
    """Addresses of the event's images."""
    permalink: str | None = None
    """The event's address on the network's site."""
    title: str | None = None
    """The event's title."""
    description: str | None = None
    """The event's description."""
    recurrence_rule: str | None = None
    """The recurrence as an iCalendar RRULE, for recurring events."""
    rsvp_enabled: bool | None = None
    """Whether members can RSVP."""
    rsvp_closed: bool | None = None
    """Whether RSVPs are closed."""
    restricted_event: bool | None = None
    """Whether only some members may attend."""
    post_in_feed: bool | None = None
    """Whether the event shows in the activity feed."""
    event_type: EventType | None = None
    """Where it happens: in person (``local``, ``local_meetup``), a live chat, an online meeting, or
    Zoom."""
    starts_at: datetime | None = None
    """When the event starts."""
    ends_at: datetime | None = None
    """When the event ends."""
    time_zone: str | None = None
    """The event's IANA time zone (``America/New_York``)."""
    location: str | None = None
    """Where an in-person event takes place."""
    link: str | None = None
    """The address of an external event page or meeting."""
    frequency: Frequency | None = None
    """How often a recurring event repeats: ``daily``, ``weekly``, ``monthly`` or ``yearly``."""
    interval: int | None = None
    """Repeat every this many ``frequency`` units (2 with ``weekly``: every other week)."""


@attrs.frozen(kw_only=True)
class EventPayload:
    """An event as RSVPs (and the ``EventCreated`` webhook) describe it (``EventCreatePayload``).

    It differs from `Event`: the creator is a full `Member`, the space is embedded, the body is
    ``summary``, and ``starts_at``/``ends_at`` are plain strings (the spec gives them no
    date-time format), kept as sent.
    """

    id: int
    """The event's id."""
    created_at: datetime | None = None
    """When the event was created."""
    updated_at: datetime | None = None
    """When the event was last changed."""
    post_type: PostType | None = None
    """Always ``event`` here."""
    space_id: int | None = None
    """The space the event is in."""
    creator_id: int | None = None
    """The user who created the event."""
    title: str | None = None
    """The event's title."""
    summary: str | None = None
    """The event's description."""
    event_type: EventType | None = None
    """Where it happens: in person (``local``, ``local_meetup``), a live chat, an online meeting, a
    webinar, or Zoom."""
    starts_at: str | None = None
    """When the event starts, as the ISO 8601 text sent (the spec gives it no date-time format)."""
    ends_at: str | None = None
    """When the event ends, as the ISO 8601 text sent."""
    time_zone: str | None = None
    """The event's time zone."""
    location: str | None = None
    """Where an in-person event takes place."""
    frequency: Frequency | None = None
    """How often a recurring event repeats: ``daily``, ``weekly``, ``monthly`` or ``yearly``."""
    interval: int | None = None
    """Repeat every this many ``frequency`` units."""
    rsvp_enabled: bool | None = None
    """Whether members can RSVP."""
    rsvp_closed: bool | None = None
    """Whether RSVPs are closed."""
    restricted_event: bool | None = None
    """Whether only some members may attend."""
    post_in_feed: bool | None = None
    """Whether the event shows in the activity feed."""
    creator: Member | None = None
    """The member who created the event, in full."""
    space: Space | None = None
    """The space the event is in, in full."""
    images: tuple[str, ...] | None = None
    """Addresses of the event's images."""
    permalink: str | None = None
    """The event's address on the network's site."""


@attrs.frozen(kw_only=True)
class EventInstance:
    """One occurrence of a recurring event (it has no id of its own: ``post_id`` is the event's)."""

    post_id: int | None = None
    """The recurring event this occurrence belongs to."""
    starts_at: datetime | None = None
    """When this occurrence starts."""
    ends_at: datetime | None = None
    """When this occurrence ends."""
    instance_index: int | None = None
    """The occurrence's place in the series."""
