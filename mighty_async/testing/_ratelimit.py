"""The sandbox's rate limit: at most N requests per window (sliding or fixed), per token.

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
from ..errors import ConfigurationError

__all__ = ["Clock", "RateLimiter", "RateWindow"]

Clock = Callable[[], float]
"""A monotonic clock in seconds, like `time.monotonic`."""


def _positive_int(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    check_int(attribute.name, value, minimum=1)


def _positive_float(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    check_number(f"{attribute.name} (seconds)", value, positive=True)


def _a_bool(_: object, attribute: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(value, bool):
        raise ConfigurationError(f"{attribute.name} must be True or False, got {value!r}")


@attrs.frozen
class RateWindow:
    """A rate limit: at most ``requests`` in any ``period`` seconds.

    ``RateWindow(requests=100, period=60.0)`` is 100 requests a minute, counted over a sliding
    window. ``fixed=True`` counts per fixed window instead, as many APIs do: the clock's time
    is cut into ``[k * period, (k + 1) * period)`` and each such window admits ``requests``;
    a 429's ``Retry-After`` then runs to the window's end. A fixed window lets up to twice
    ``requests`` through around a boundary, which is what a client sharing one budget must
    cope with.
    """

    requests: int = attrs.field(validator=_positive_int)
    period: float = attrs.field(validator=_positive_float)
    fixed: bool = attrs.field(default=False, kw_only=True, validator=_a_bool)

    @classmethod
    def parse(cls, text: str) -> RateWindow:
        """Read ``"100/60"`` (requests / seconds; ``"100"`` alone is per minute).

        Raises:
            ConfigurationError: naming the accepted form and what was wrong with ``text``.
        """
        count, slash, seconds = text.strip().partition("/")
        try:
            requests = int(count)
            period = float(seconds) if slash else 60.0
        except ValueError:
            raise ConfigurationError(
                f"a rate limit is REQUESTS/SECONDS, like 100/60; got {text!r}"
            ) from None
        try:
            return cls(requests=requests, period=period)
        except ValueError as exc:
            raise ConfigurationError(
                f"a rate limit is REQUESTS/SECONDS with both positive, like 100/60; "
                f"got {text!r} ({exc})"
            ) from None

    def __str__(self) -> str:
        if self.fixed:
            return f"{self.requests} requests per fixed {self.period:g}s window"
        return f"{self.requests} requests per {self.period:g}s"


class RateLimiter:
    """Counts accepted requests per key over its window on an injectable clock."""

    def __init__(self, window: RateWindow, clock: Clock | None = None) -> None:
        self.window = window
        self._clock = clock or time.monotonic
        self._seen: dict[str, deque[float]] = {}
        self._fixed: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float | None:
        """Admit one request (None), or say how many seconds until a slot frees up."""
        with self._lock:
            now = self._clock()
            if self.window.fixed:
                return self._acquire_fixed(key, now)
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window.period:
                seen.popleft()
            if len(seen) < self.window.requests:
                seen.append(now)
                return None
            return max(0.0, seen[0] + self.window.period - now)

    def _acquire_fixed(self, key: str, now: float) -> float | None:
        """The fixed-window count: ``requests`` per ``[k * period, (k + 1) * period)``."""
        period = self.window.period
        slot = math.floor(now / period)
        current, count = self._fixed.get(key, (slot, 0))
        if current != slot:
            count = 0
        if count < self.window.requests:
            self._fixed[key] = (slot, count + 1)
            return None
        return max(0.0, (slot + 1) * period - now)

    def reset(self) -> None:
        """Forget every request seen so far."""
        with self._lock:
            self._seen.clear()
            self._fixed.clear()


def retry_after_header(wait: float) -> str:
    """The ``Retry-After`` value for a wait: whole seconds, rounded up, at least 1."""
    return str(max(1, math.ceil(wait)))
