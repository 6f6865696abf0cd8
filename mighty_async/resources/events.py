"""Events: ``/events``, and their RSVPs."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..models import Event
from ._base import NOT_GIVEN, NotGiven, Resource, comma_list, given, paged, put_twin
from .rsvps import Rsvps

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ..models import EventType, Frequency, Weekday
    from ._base import PageOptions

__all__ = ["Events"]

_ITEM = "/events/{id}/"


def _schedule(
    by_days: str | Iterable[Weekday] | NotGiven,
    by_month_days: str | Iterable[int] | NotGiven,
    **fields: Any,
) -> dict[str, Any]:
    """The body of an event write; the day lists go out as comma strings (``"MO,WE"``).

    The spec types them as integers on creation, but the API reads comma lists (REFERENCE §4).
    """
    return given(**fields, by_days=comma_list(by_days), by_month_days=comma_list(by_month_days))


class Events(Resource):
    """Events: ``client.events``; nested ``client.events.rsvps``.

    Times may be given as aware `datetime` objects or ISO-8601 strings. A recurring event
    takes ``frequency`` and ``interval``, optionally ``by_days`` (``["MO", "WE"]`` or
    ``"MO,WE"``), ``by_month_days`` (``[1, 15]`` or ``"1,15"``), and ``recurrence_count`` or
    ``recur_until``.
    """

    @cached_property
    def rsvps(self) -> Rsvps:
        """The RSVPs of an event: list, create, get, update, replace, delete."""
        return Rsvps(self._client)

    @paged
    def list(self, **options: Unpack[PageOptions]) -> AsyncPaginator[Event]:
        """Every event of the network (``GET /events``)."""
        return self._paginate("/events", Event, options=options)

    async def create(
        self,
        *,
        title: str,
        starts_at: datetime | str,
        ends_at: datetime | str,
        event_type: EventType,
        space_id: int,
        description: str | NotGiven = NOT_GIVEN,
        link: str | NotGiven = NOT_GIVEN,
        location: str | NotGiven = NOT_GIVEN,
        time_zone: str | NotGiven = NOT_GIVEN,
        rsvp_enabled: bool | NotGiven = NOT_GIVEN,
        rsvp_closed: bool | NotGiven = NOT_GIVEN,
        restricted_event: bool | NotGiven = NOT_GIVEN,
        post_in_feed: bool | NotGiven = NOT_GIVEN,
        frequency: Frequency | NotGiven = NOT_GIVEN,
        interval: int | NotGiven = NOT_GIVEN,
        by_days: str | Iterable[Weekday] | NotGiven = NOT_GIVEN,
        by_month_days: str | Iterable[int] | NotGiven = NOT_GIVEN,
        recurrence_count: int | NotGiven = NOT_GIVEN,
        recur_until: datetime | str | NotGiven = NOT_GIVEN,
    ) -> Event:
        """Schedule an event in a space, one-off or recurring (``POST /events``).

        ``time_zone`` is an IANA name (``"America/Los_Angeles"``).
        """
        body = _schedule(
            by_days,
            by_month_days,
            title=title,
            description=description,
            link=link,
            starts_at=starts_at,
            ends_at=ends_at,
            event_type=event_type,
            space_id=space_id,
            location=location,
            time_zone=time_zone,
            rsvp_enabled=rsvp_enabled,
            rsvp_closed=rsvp_closed,
            restricted_event=restricted_event,
            post_in_feed=post_in_feed,
            frequency=frequency,
            interval=interval,
            recurrence_count=recurrence_count,
            recur_until=recur_until,
        )
        return await self._post("/events", Event, json=body)

    async def get(self, event_id: int) -> Event:
        """One event (``GET /events/{id}/``)."""
        return await self._get(_ITEM, Event, id=event_id)

    async def update(
        self,
        event_id: int,
        *,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        link: str | NotGiven = NOT_GIVEN,
        starts_at: datetime | str | NotGiven = NOT_GIVEN,
        ends_at: datetime | str | NotGiven = NOT_GIVEN,
        event_type: EventType | NotGiven = NOT_GIVEN,
        location: str | NotGiven = NOT_GIVEN,
        time_zone: str | NotGiven = NOT_GIVEN,
        rsvp_enabled: bool | NotGiven = NOT_GIVEN,
        rsvp_closed: bool | NotGiven = NOT_GIVEN,
        restricted_event: bool | NotGiven = NOT_GIVEN,
        post_in_feed: bool | NotGiven = NOT_GIVEN,
        frequency: Frequency | NotGiven = NOT_GIVEN,
        interval: int | NotGiven = NOT_GIVEN,
        by_days: str | Iterable[Weekday] | NotGiven = NOT_GIVEN,
        by_month_days: str | Iterable[int] | NotGiven = NOT_GIVEN,
        recurrence_count: int | NotGiven = NOT_GIVEN,
        recur_until: datetime | str | NotGiven = NOT_GIVEN,
    ) -> Event:
        """Edit an event, recurrence included (``PATCH /events/{id}/``)."""
        body = _schedule(
            by_days,
            by_month_days,
            title=title,
            description=description,
            link=link,
            starts_at=starts_at,
            ends_at=ends_at,
            event_type=event_type,
            location=location,
            time_zone=time_zone,
            rsvp_enabled=rsvp_enabled,
            rsvp_closed=rsvp_closed,
            restricted_event=restricted_event,
            post_in_feed=post_in_feed,
            frequency=frequency,
            interval=interval,
            recurrence_count=recurrence_count,
            recur_until=recur_until,
        )
        return await self._patch(_ITEM, Event, json=body, id=event_id)

    replace = put_twin(update)

    async def delete(self, event_id: int) -> None:
        """Delete an event (``DELETE /events/{id}/``)."""
        await self._delete(_ITEM, id=event_id)
