"""RSVPs: ``/events/{event_id}/rsvps``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Rsvp
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ..models import RsvpStatus
    from ._base import PageOptions

__all__ = ["Rsvps"]

_ITEMS = "/events/{event_id}/rsvps"
_ITEM = "/events/{event_id}/rsvps/{id}/"


class Rsvps(Resource):
    """The RSVPs of one event: ``client.events.rsvps``.

    ``instance_at`` picks one occurrence of a recurring event (a `datetime` or ISO string).
    """

    @paged
    def list(
        self,
        event_id: int,
        *,
        instance_at: datetime | str | NotGiven = NOT_GIVEN,
        **options: Unpack[PageOptions],
    ) -> AsyncPaginator[Rsvp]:
        """Every RSVP of an event, or of one occurrence (``GET /events/{event_id}/rsvps``)."""
        return self._paginate(
            _ITEMS, Rsvp, params=given(instance_at=instance_at), options=options, event_id=event_id
        )

    async def create(
        self,
        event_id: int,
        *,
        member_id: int,
        status: RsvpStatus,
        instance_at: datetime | str | NotGiven = NOT_GIVEN,
    ) -> Rsvp:
        """Set a member's answer; it overwrites an existing one (``POST .../rsvps``).

        `Forbidden` when the event's settings lock RSVPs.
        """
        body = given(member_id=member_id, status=status, instance_at=instance_at)
        return await self._post(_ITEMS, Rsvp, json=body, event_id=event_id)

    async def get(self, event_id: int, rsvp_id: int) -> Rsvp:
        """One RSVP (``GET /events/{event_id}/rsvps/{id}/``)."""
        return await self._get(_ITEM, Rsvp, event_id=event_id, id=rsvp_id)

    async def update(
        self,
        event_id: int,
        rsvp_id: int,
        *,
        member_id: int | NotGiven = NOT_GIVEN,
        status: RsvpStatus | NotGiven = NOT_GIVEN,
        instance_at: datetime | str | NotGiven = NOT_GIVEN,
    ) -> Rsvp:
        """Change an RSVP (``PATCH /events/{event_id}/rsvps/{id}/``)."""
        body = given(member_id=member_id, status=status, instance_at=instance_at)
        return await self._patch(_ITEM, Rsvp, json=body, event_id=event_id, id=rsvp_id)

    async def replace(
        self,
        event_id: int,
        rsvp_id: int,
        *,
        member_id: int,
        status: RsvpStatus,
        instance_at: datetime | str | NotGiven = NOT_GIVEN,
    ) -> Rsvp:
        """Set an RSVP whole, as PUT (``PUT /events/{event_id}/rsvps/{id}/``).

        Unlike `update`, the spec requires ``member_id`` and ``status`` here.
        """
        body = given(member_id=member_id, status=status, instance_at=instance_at)
        return await self._put(_ITEM, Rsvp, json=body, event_id=event_id, id=rsvp_id)

    async def delete(self, event_id: int, rsvp_id: int) -> None:
        """Delete an RSVP (``DELETE /events/{event_id}/rsvps/{id}/``)."""
        await self._delete(_ITEM, event_id=event_id, id=rsvp_id)
