"""Where a receiver remembers the event ids it has seen, to drop Mighty's retries safely.

Mighty re-sends a delivery (up to 5 times, over hours) until it gets a 2xx, and a slow answer
can cause a retry of a delivery that did arrive; the ``event_id`` stays the same. The store
keeps each id in one of two states, so that a retry is dropped only once the event was handled
successfully, never while its first delivery is still being handled:

```text
            claim: "new"                 complete
  (absent) ──────────────> in_progress ────────────> handled ── claim: "handled" (acknowledge)
     ^                        │   └─ claim: "in_progress" (answer 409: Mighty retries later)
     └────────────────────────┘
            release (the handler failed, or was cancelled)
```
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from typing import TYPE_CHECKING, Final, Literal, Protocol, TypeAlias, runtime_checkable

from mighty_async._config import check_int

if TYPE_CHECKING:
    from uuid import UUID

__all__ = ["DEFAULT_STORE_SIZE", "Claim", "EventStore", "InMemoryEventStore"]

DEFAULT_STORE_SIZE: Final = 10_000
"""How many recent event ids `InMemoryEventStore` remembers by default."""

Claim: TypeAlias = Literal["new", "in_progress", "handled"]
"""What `EventStore.claim` found: the id was new (and is now in progress), is being handled
by another delivery, or was handled already."""


@runtime_checkable
class EventStore(Protocol):
    """What `WebhookReceiver` needs to de-duplicate deliveries without losing any.

    Implement it over Redis, a database unique index, or anything shared when several
    processes receive webhooks: the in-memory default only sees the deliveries of its own
    process. A shared store should let an ``in_progress`` claim expire (a lease a little
    longer than the slowest handler), so that a process that died while handling an event
    does not block its retries for ever.
    """

    async def claim(self, event_id: UUID) -> Claim:
        """Move an absent ``event_id`` to ``in_progress`` and return ``"new"``; else its state.

        Must be atomic: two concurrent calls with one id must not both return ``"new"``.
        """
        ...

    async def complete(self, event_id: UUID) -> None:
        """Mark ``event_id`` handled: its handler succeeded, later deliveries are duplicates."""
        ...

    async def release(self, event_id: UUID) -> None:
        """Forget an ``in_progress`` ``event_id`` (its handling failed): a retry runs it again.

        An id already ``handled`` stays handled.
        """
        ...


class InMemoryEventStore:
    """The default store: the most recent ``max_size`` ids of this process, oldest dropped first.

    Only handled ids are dropped to make room; ids in progress stay until their handler ends
    (there are at most as many as deliveries being handled at once). Safe for any number of
    tasks on one event loop (asyncio or trio): each call does its work without awaiting, so
    it cannot interleave with another. Not shared between processes or threads, and forgotten
    on restart.
    """

    def __init__(self, max_size: int = DEFAULT_STORE_SIZE) -> None:
        self.max_size = check_int("max_size", max_size, minimum=1)
        self._states: OrderedDict[UUID, Claim] = OrderedDict()

    def __repr__(self) -> str:
        return f"<InMemoryEventStore {len(self._states)}/{self.max_size} ids>"

    def __len__(self) -> int:
        return len(self._states)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._states

    def state(self, event_id: UUID) -> Claim | None:
        """``"in_progress"`` or ``"handled"`` for a remembered id, None for an unknown one."""
        return self._states.get(event_id)

    async def claim(self, event_id: UUID) -> Claim:
        """Start handling ``event_id`` (``"new"``), or say what state it is in."""
        state = self._states.get(event_id)
        if state is not None:
            self._states.move_to_end(event_id)
            return state
        self._states[event_id] = "in_progress"
        self._evict()
        return "new"

    async def complete(self, event_id: UUID) -> None:
        """Mark ``event_id`` handled."""
        self._states[event_id] = "handled"
        self._states.move_to_end(event_id)
        self._evict()

    async def release(self, event_id: UUID) -> None:
        """Forget ``event_id`` if it is in progress."""
        if self._states.get(event_id) == "in_progress":
            del self._states[event_id]

    def _evict(self) -> None:
        excess = len(self._states) - self.max_size
        if excess <= 0:
            return
        handled = (key for key, state in self._states.items() if state == "handled")
        for key in list(itertools.islice(handled, excess)):
            del self._states[key]
