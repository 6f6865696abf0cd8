"""The sandbox's own time: a clock that jumps forward when its clients sleep, instead of waiting.

A client on the sandbox would otherwise pace itself in real time: the default rate limit
(100 requests a minute, a burst of 5) makes a test of 30 calls wait 15 seconds, and a 429's
``Retry-After`` holds it for as long again. `VirtualTime` keeps every wait but makes it free:
``sleep(s)`` moves the clock ``s`` seconds forward and returns at once (after one checkpoint,
so other tasks run). The sandbox's rate window reads the same clock, so a client that waits
out a 429 finds the window moved on, exactly as it would have after a real wait.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import anyio.lowlevel

if TYPE_CHECKING:
    from ._ratelimit import Clock

__all__ = ["VirtualTime"]


class VirtualTime:
    """Monotonic time that runs with the real clock, plus every second slept on it.

    Args:
        base: the clock it runs alongside (``time.monotonic``).
    """

    def __init__(self, base: Clock = time.monotonic) -> None:
        self._base = base
        self._offset = 0.0

    def __repr__(self) -> str:
        return f"<VirtualTime {self._offset:g}s ahead>"

    @property
    def skipped(self) -> float:
        """Seconds slept on this clock so far, which took no real time."""
        return self._offset

    def now(self) -> float:
        """The current time, in seconds."""
        return self._base() + self._offset

    async def sleep(self, seconds: float) -> None:
        """Move the clock ``seconds`` forward; return after a checkpoint, without waiting."""
        if seconds > 0:
            self._offset += seconds
        await anyio.lowlevel.checkpoint()
