"""RSVPs to events (``/events/{event_id}/rsvps``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import RsvpStatus  # noqa: TC001 - cattrs reads annotations at run time
from .events import EventInstance, EventPayload  # noqa: TC001 - read at run time by cattrs
from .members import Member  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Rsvp"]


@attrs.frozen(kw_only=True)
class Rsvp:
    """A member's answer to an event; ``updated`` (not ``updated_at``) is its only timestamp.

    ``event_instance`` names the occurrence of a recurring event the answer is for.
    """

    id: int
    updated: datetime | None = None
    status: RsvpStatus | None = None
    event: EventPayload | None = None
    member: Member | None = None
    event_instance: EventInstance | None = None
