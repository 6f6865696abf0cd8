"""RSVPs to events (``/events/{event_id}/rsvps``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import RsvpStatus
from .events import EventInstance, EventPayload
from .members import Member

__all__ = ["Rsvp"]


@attrs.frozen(kw_only=True)
class Rsvp:
    """A member's answer to an event; ``updated`` (not ``updated_at``) is its only timestamp.

    ``event_instance`` names the occurrence of a recurring event the answer is for.

    Sent, never returned: ``member_id`` and ``instance_at`` (arguments of `Rsvps.create` and
    `Rsvps.update`); the answer embeds ``member`` and ``event_instance`` instead.
    """

    id: int
    """The RSVP's id."""
    updated: datetime | None = None
    """When the RSVP was last set (its only timestamp)."""
    status: RsvpStatus | None = None
    """The answer: ``yes``, ``maybe`` or ``no``."""
    event: EventPayload | None = None
    """The event answered."""
    member: Member | None = None
    """The member who answered."""
    event_instance: EventInstance | None = None
    """The occurrence answered, for a recurring event."""
