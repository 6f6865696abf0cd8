"""A virtual clock for anyio code: time moves only when every task is waiting for it.

```python
async with FakeClock().running() as clock:
    client = AsyncMightyClient(..., clock=clock.now, sleep=clock.sleep)
    ...                      # a 60-second cooldown passes in microseconds
```

`FakeClock.sleep` parks the caller until the virtual time reaches its deadline. A driver task
started by `running()` waits until every other task is blocked (nothing left to run), then jumps
the clock to the earliest deadline and wakes the sleepers due at that instant, in deadline order
then in the order they went to sleep. So the program sees the same sequence of instants on every
run, however long the sleeps, and no real time passes.

"Every task is blocked" is detected exactly on both backends: on trio with
`trio.testing.wait_all_tasks_blocked`; on asyncio by yielding until the event loop's ready queue
is empty (the loop's private ``_ready`` deque; there is no public API for this). If every task is
blocked and nobody sleeps on the clock, the program can never progress: the driver raises
`FakeClockDeadlock` instead of hanging the test.

The benchmark (benchmarks/ratelimit.py) imports this module too, to run in simulated time.
"""

from __future__ import annotations

import heapq
import itertools
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio
import anyio.lowlevel
import attrs
import sniffio

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["FakeClock", "FakeClockDeadlock"]

_ASYNCIO_SPIN_LIMIT = 10_000


class FakeClockDeadlock(RuntimeError):
    """Every task waits, none of them on the clock: nothing can ever happen again."""


@attrs.define(eq=False)
class _Sleeper:
    deadline: float
    event: anyio.Event
    cancelled: bool = False


class FakeClock:
    """Virtual monotonic time, plus a matching wall clock, for tests on asyncio and trio.

    Args:
        start: the monotonic time at creation.
        wall_start: the Unix time that corresponds to ``start`` (for HTTP dates).
    """

    def __init__(self, start: float = 0.0, wall_start: float = 1_700_000_000.0) -> None:
        self._now = start
        self._wall_offset = wall_start - start
        self._heap: list[tuple[float, int, _Sleeper]] = []
        self._seq = itertools.count()
        self.jumps = 0

    def now(self) -> float:
        """The current virtual monotonic time, in seconds."""
        return self._now

    def wall(self) -> float:
        """The current virtual Unix time, in seconds."""
        return self._now + self._wall_offset

    @property
    def sleepers(self) -> int:
        """How many tasks are sleeping on this clock right now."""
        return sum(1 for _, _, s in self._heap if not s.cancelled)

    def advance(self, seconds: float) -> None:
        """Move the clock forward by hand, waking every sleeper that became due."""
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self._now += seconds
        self._wake_due()

    async def sleep(self, seconds: float) -> None:
        """Wait until the virtual time has advanced by ``seconds`` (a checkpoint if <= 0)."""
        if seconds <= 0:
            await anyio.lowlevel.checkpoint()
            return
        sleeper = _Sleeper(deadline=self._now + seconds, event=anyio.Event())
        heapq.heappush(self._heap, (sleeper.deadline, next(self._seq), sleeper))
        try:
            await sleeper.event.wait()
        except BaseException:
            sleeper.cancelled = True
            raise

    def _wake_due(self) -> None:
        while self._heap and (self._heap[0][2].cancelled or self._heap[0][0] <= self._now):
            _, _, sleeper = heapq.heappop(self._heap)
            if not sleeper.cancelled:
                sleeper.event.set()

    def _next_deadline(self) -> float | None:
        while self._heap and self._heap[0][2].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[FakeClock]:
        """Run the driver that advances time while the ``async with`` body runs."""
        async with anyio.create_task_group() as tg:
            tg.start_soon(self._drive)
            try:
                yield self
            finally:
                tg.cancel_scope.cancel()

    async def _drive(self) -> None:
        while True:
            await _wait_all_tasks_blocked()
            deadline = self._next_deadline()
            if deadline is None:
                raise FakeClockDeadlock(
                    f"at t={self._now:g} every task is blocked and none sleeps on the clock"
                )
            self._now = max(self._now, deadline)
            self.jumps += 1
            self._wake_due()


async def _wait_all_tasks_blocked() -> None:
    if sniffio.current_async_library() == "trio":
        import trio.testing  # noqa: PLC0415 - only on the trio backend

        await trio.testing.wait_all_tasks_blocked()
        return
    import asyncio  # noqa: PLC0415

    loop = asyncio.get_running_loop()
    ready = getattr(loop, "_ready", None)
    for _ in range(_ASYNCIO_SPIN_LIMIT):
        await asyncio.sleep(0)
        if ready is not None and not ready:
            return
    if ready is not None:
        raise RuntimeError("fake clock: the event loop never went idle (a busy task?)")


class InstantClock:
    """A clock whose sleeps return at once, moving its time forward by the amount slept.

    Not a faithful timeline (concurrent sleeps add up instead of overlapping), just a guarantee
    that nothing waits for real; tests/conftest.py installs it as the default for every client
    a test builds without its own clock.
    """

    def __init__(self, start: float = 0.0, wall_start: float = 1_700_000_000.0) -> None:
        self._now = start
        self._wall_offset = wall_start - start
        self.slept = 0.0

    def now(self) -> float:
        """The current fake monotonic time."""
        return self._now

    def wall(self) -> float:
        """The current fake Unix time."""
        return self._now + self._wall_offset

    async def sleep(self, seconds: float) -> None:
        """Advance the time by ``seconds`` and return after a checkpoint."""
        if seconds > 0:
            self._now += seconds
            self.slept += seconds
        await anyio.lowlevel.checkpoint()
