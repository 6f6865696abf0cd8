"""Where a receiver remembers the event ids it has seen, to drop Mighty's retries.

Mighty re-sends a delivery (up to 5 times, over hours) until it gets a 2xx, and a slow answer
can cause a retry of a delivery that did arrive; the ``event_id`` stays the same. A store only
has to answer one question atomically: "is this id new? if so, remember it".
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Final, Protocol, runtime_checkable

from mighty_async._config import check_int

if TYPE_CHECKING:
    from uuid import UUID

__all__ = ["DEFAULT_STORE_SIZE", "EventStore", "InMemoryEventStore"]

DEFAULT_STORE_SIZE: Final = 10_000
"""How many recent event ids `InMemoryEventStore` remembers by default."""


@runtime_checkable
class EventStore(Protocol):
    """What `WebhookReceiver` needs to de-duplicate deliveries.

    Implement it over Redis (``SET key 1 NX EX ttl``), a database unique index, or anything
    shared when several processes receive webhooks: the in-memory default only sees the
    deliveries of its own process.
    """

    async def add(self, event_id: UUID) -> bool:
        """Remember ``event_id``; True if it was new, False if it was already there.

        Must be atomic: two concurrent calls with one id must not both return True.
        """
        ...

    async def discard(self, event_id: UUID) -> None:
        """Forget ``event_id`` (its processing failed, so a retry must be processed)."""
        ...


class InMemoryEventStore:
    """The default store: the most recent ``max_size`` ids of this process, oldest dropped first.

    Safe for any number of tasks on one event loop (asyncio or trio): each call does its work
    without awaiting, so it cannot interleave with another. Not shared between processes or
    threads, and forgotten on restart.
    """

    def __init__(self, max_size: int = DEFAULT_STORE_SIZE) -> None:
        self.max_size = check_int("max_size", max_size, minimum=1)
        self._seen: OrderedDict[UUID, None] = OrderedDict()

    def __repr__(self) -> str:
        return f"<InMemoryEventStore {len(self._seen)}/{self.max_size} ids>"

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._seen

    async def add(self, event_id: UUID) -> bool:
        """Remember ``event_id``; True if it was new."""
        if event_id in self._seen:
            self._seen.move_to_end(event_id)
            return False
        self._seen[event_id] = None
        while len(self._seen) > self.max_size:
            self._seen.popitem(last=False)
        return True

    async def discard(self, event_id: UUID) -> None:
        """Forget ``event_id``, if it is there."""
        self._seen.pop(event_id, None)
