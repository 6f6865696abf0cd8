"""The sandbox's rate limit: at most N requests per sliding window, per token.

Mighty publishes no firm numbers and no rate-limit headers, and whether its 429 carries
``Retry-After`` is unknown, so the sandbox lets a test pick the window and both behaviours.
The clock is injectable: tests move time forward instead of sleeping.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

import attrs

from .._config import check_int, check_number

__all__ = ["Clock", "RateLimiter", "RateWindow"]

Clock = Callable[[], float]
"""A monotonic clock in seconds, like `time.monotonic`."""


def _positive_int(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    check_int(attribute.name, value, minimum=1)


def _positive_float(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    check_number(f"{attribute.name} (seconds)", value, positive=True)


@attrs.frozen
class RateWindow:
    """A rate limit: at most ``requests`` in any ``period`` seconds.

    ``RateWindow(requests=100, period=60.0)`` is 100 requests a minute.
    """

    requests: int = attrs.field(validator=_positive_int)
    period: float = attrs.field(validator=_positive_float)

    @classmethod
    def parse(cls, text: str) -> RateWindow:
        """Read ``"100/60"`` (requests / seconds; ``"100"`` alone is per minute).

        Raises:
            ValueError: naming the accepted form and what was wrong with ``text``.
        """
        count, slash, seconds = text.strip().partition("/")
        try:
            requests = int(count)
            period = float(seconds) if slash else 60.0
        except ValueError:
            raise ValueError(
                f"a rate limit is REQUESTS/SECONDS, like 100/60; got {text!r}"
            ) from None
        try:
            return cls(requests=requests, period=period)
        except ValueError as exc:
            raise ValueError(
                f"a rate limit is REQUESTS/SECONDS with both positive, like 100/60; "
                f"got {text!r} ({exc})"
            ) from None

    def __str__(self) -> str:
        return f"{self.requests} requests per {self.period:g}s"


class RateLimiter:
    """Counts accepted requests per key over a sliding window on an injectable clock."""

    def __init__(self, window: RateWindow, clock: Clock | None = None) -> None:
        self.window = window
        self._clock = clock or time.monotonic
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float | None:
        """Admit one request (None), or say how many seconds until a slot frees up."""
        with self._lock:
            now = self._clock()
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window.period:
                seen.popleft()
            if len(seen) < self.window.requests:
                seen.append(now)
                return None
            return max(0.0, seen[0] + self.window.period - now)

    def reset(self) -> None:
        """Forget every request seen so far."""
        with self._lock:
            self._seen.clear()


def retry_after_header(wait: float) -> str:
    """The ``Retry-After`` value for a wait: whole seconds, rounded up, at least 1."""
    return str(max(1, math.ceil(wait)))
