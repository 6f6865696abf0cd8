"""Proactive rate limiting: the `Limiter` protocol and the in-memory `TokenBucket`.

The Admin API meters every request and does not publish a reliable limit, so the client paces
itself before the server has to refuse anything. The bucket is fair (callers are served in the
order they asked) and adaptive (a 429 lowers its rate, a run of successes raises it back).
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Final, Protocol, runtime_checkable

import anyio
import attrs

from ._config import check_int, check_number

if TYPE_CHECKING:
    import httpx

__all__ = [
    "SYSTEM_TIME",
    "UNLIMITED",
    "Admission",
    "Limiter",
    "RateLimit",
    "SharedLimiter",
    "SystemTime",
    "TicketLock",
    "TokenBucket",
    "admission_for",
]

Clock = Callable[[], float]
"""A monotonic clock in seconds (``time.monotonic`` or a test's fake)."""

Sleep = Callable[[float], Awaitable[None]]
"""An async sleep in seconds (``anyio.sleep`` or a test's fake)."""


@attrs.define
class SystemTime:
    """The real clocks and sleep, looked up when a limiter or transport gets no injected ones.

    They are read at construction time, not import time, so a test suite can swap them for a
    fake (tests/conftest.py does, so that no test ever sleeps for real).
    """

    clock: Clock = time.monotonic
    sleep: Sleep = anyio.sleep
    wall_clock: Clock = time.time


SYSTEM_TIME: Final = SystemTime()

_RATE_LIMITED: Final = 429
_SERVER_ERROR: Final = 500
_EPSILON: Final = 1e-9


@runtime_checkable
class Limiter(Protocol):
    """Decides when the next request may start; shared by every request of a client.

    Implement it to pace requests some other way (a limiter shared between processes, say),
    and pass an instance as ``AsyncMightyClient(rate_limit=...)``.
    """

    async def acquire(self) -> None:
        """Wait until one more request may be sent. Cancelling the wait must consume nothing."""

    def on_response(self, response: httpx.Response) -> None:
        """See every answer (including each retried one), to adapt to what the server says."""

    @property
    def rate(self) -> float | None:
        """The current pace in requests per second, or None when it has no single rate."""


@runtime_checkable
class Admission(Protocol):
    """The one protocol `RateLimitTransport` speaks to whatever paces it.

    Per attempt: ``admit()`` before it is sent; for each answer, ``on_response()`` and then
    ``settle()``. `TokenBucket` and `RedisLimiter` implement it themselves; `admission_for`
    adapts a plain `Limiter` (``acquire`` only) and "no limiter" to it, so the transport's
    loop has one path for all of them.
    """

    async def admit(self) -> float:
        """Take a permit (return 0.0), or return at once the seconds a shared gate stays closed.

        Cancelling the wait must consume nothing.
        """

    def on_response(self, response: httpx.Response) -> None:
        """See every answer (including each retried one), to adapt to what the server says."""

    async def settle(self, response: httpx.Response, cooldown: float) -> None:
        """Share what an answer taught, after `on_response` saw it (a no-op when in-process).

        ``cooldown`` is how long the client's gate stays closed after a 429 (0.0 otherwise).
        Must not raise for a store's failures: the request was already sent.
        """

    @property
    def rate(self) -> float | None:
        """The current pace in requests per second, or None when it has no single rate."""


@runtime_checkable
class SharedLimiter(Limiter, Admission, Protocol):
    """A `Limiter` whose budget and cooldown gate are shared with other processes.

    It has the `Admission` methods ``admit`` and ``settle`` besides ``acquire`` and
    ``on_response``, and ``bind_network``: `RateLimitTransport` admits through ``admit`` (a 429
    seen by any process then pauses every process, not just the one that got it) and, after
    ``on_response``, calls ``settle`` with every answer. `RedisLimiter` is the built-in
    implementation.

    ``admit``: wait for a permit and take it (return 0.0), like `Limiter.acquire`; while the
    shared cooldown gate is closed, take nothing and return at once the seconds it stays
    closed: the transport then holds every request of its client at its own gate, with its
    ``max_wait`` check, for that long.

    ``settle(response, cooldown)``: share what an answer taught; ``cooldown`` is how long the
    client's gate stays closed after a 429 (0.0 otherwise, or when the client does not share
    cooldowns); the other processes should wait that long too. Must not raise for the
    store's failures: the request was already sent.
    """

    def bind_network(self, network_id: int | str) -> None:
        """Learn which network the limiter paces; `AsyncMightyClient` calls it on creation.

        Raise `ConfigurationError` when the limiter already paces another network, so two
        networks never share a budget.
        """


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    check_number(attribute.name, value, positive=True)


def _positive_int(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    check_int(attribute.name, value, minimum=1)


def _fraction(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    check_number(attribute.name, value, positive=True, maximum=1)


@attrs.frozen(kw_only=True)
class RateLimit:
    """How fast the built-in `TokenBucket` lets requests go.

    The default, 100 requests per 60 seconds with a burst of 5, is the most conservative of
    the numbers the API's documentation has published.

    Attributes:
        requests: requests allowed per ``period``; the ceiling of the adaptive rate.
        period: the length of that period, in seconds.
        burst: requests that may go back to back after a quiet spell (the bucket's size).
        adaptive: lower the rate on a 429 and raise it back after successes (AIMD).
        decrease: on a 429 the rate is multiplied by this factor.
        increase_after: successes in a row that raise the rate by one step.
        increase: the size of one step, as a fraction of the ceiling.
        min_fraction: the rate never falls below this fraction of the ceiling.
    """

    requests: int = attrs.field(default=100, validator=_positive_int)
    period: float = attrs.field(default=60.0, validator=_positive)
    burst: int = attrs.field(default=5, validator=_positive_int)
    adaptive: bool = True
    decrease: float = attrs.field(default=0.5, validator=_fraction)
    increase_after: int = attrs.field(default=5, validator=_positive_int)
    increase: float = attrs.field(default=0.1, validator=_fraction)
    min_fraction: float = attrs.field(default=0.05, validator=_fraction)

    @property
    def per_second(self) -> float:
        """The configured ceiling, in requests per second."""
        return self.requests / self.period


@attrs.define(eq=False)
class _Waiter:
    event: anyio.Event
    granted: bool = False
    cancelled: bool = False


class TicketLock:
    """A lock handed over in ticket order: the lowest waiting ticket goes next.

    With increasing tickets it is a FIFO lock. A caller that keeps its ticket across
    attempts (a retry) is served before everyone who arrived after it first did. A waiter
    cancelled while queued leaves no trace; one cancelled just after being handed the lock
    passes it on, so a cancellation never leaves the lock held.
    """

    def __init__(self) -> None:
        self._held = False
        self._heap: list[tuple[int, int, _Waiter]] = []
        self._order = itertools.count()

    @property
    def held(self) -> bool:
        """Whether some task holds the lock."""
        return self._held

    @property
    def waiting(self) -> int:
        """How many tasks are queued for the lock."""
        return sum(1 for _, _, waiter in self._heap if not waiter.cancelled)

    async def acquire(self, ticket: int) -> None:
        """Wait for the lock; lower tickets are served first, equal ones in arrival order."""
        # anyio.lowlevel (and dataclasses with it) loads on the first wait, not at import.
        from anyio.lowlevel import checkpoint_if_cancelled  # noqa: PLC0415

        await checkpoint_if_cancelled()
        if not self._held:
            self._held = True
            return
        waiter = _Waiter(event=anyio.Event())
        heapq.heappush(self._heap, (ticket, next(self._order), waiter))
        try:
            await waiter.event.wait()
        except BaseException:
            if waiter.granted:
                self.release()
            else:
                waiter.cancelled = True
            raise

    def release(self) -> None:
        """Hand the lock to the next waiter, or free it."""
        while self._heap:
            _, _, waiter = heapq.heappop(self._heap)
            if not waiter.cancelled:
                waiter.granted = True
                waiter.event.set()
                return
        self._held = False

    @asynccontextmanager
    async def hold(self, ticket: int) -> AsyncIterator[None]:
        """Hold the lock for the ``async with`` body."""
        await self.acquire(ticket)
        try:
            yield
        finally:
            self.release()


class TokenBucket:
    """The default `Limiter`: an in-memory token bucket, fair and adaptive.

    Tokens drip in at the current rate up to ``burst``; each request takes one. Callers wait
    in arrival order: the first in line sleeps until its token is due while the others queue
    behind it, so nobody is overtaken and nobody spins. Cancelling a waiting caller takes no
    token and lets the next one move up.

    With ``adaptive`` on, a 429 multiplies the rate by ``decrease`` and empties the bucket;
    every ``increase_after`` successes in a row add ``increase`` times the ceiling, never above
    it and never below ``min_fraction`` of it. Answers of 5xx count neither way.

    The rate drops once per congestion event, not once per 429: a 429 lowers it only if a
    token was granted and a success was seen since the last decrease. So the answers to
    requests already in flight when the first 429 came, and the probes that find the window
    still closed, do not push the rate down to the floor.

    Works on asyncio and trio (anyio primitives only). The clock (monotonic seconds) and the
    async sleep are injectable; they default to ``time.monotonic`` and ``anyio.sleep``.
    """

    def __init__(
        self,
        config: RateLimit | None = None,
        *,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.config = config if config is not None else RateLimit()
        self._clock = clock if clock is not None else SYSTEM_TIME.clock
        self._sleep = sleep if sleep is not None else SYSTEM_TIME.sleep
        self._ceiling = self.config.per_second
        self._floor = self._ceiling * self.config.min_fraction
        self._rate = self._ceiling
        self._capacity = float(self.config.burst)
        self._tokens = self._capacity
        self._updated: float | None = None
        self._lock = TicketLock()
        self._tickets = itertools.count()
        self._successes = 0
        self._granted_since_decrease = True
        self._succeeded_since_decrease = True
        self.decreases = 0
        self.increases = 0

    def __repr__(self) -> str:
        return (
            f"<TokenBucket rate={self._rate:.4g}/s ceiling={self._ceiling:.4g}/s "
            f"burst={self.config.burst}>"
        )

    @property
    def rate(self) -> float:
        """The current rate, in requests per second (the ceiling unless 429s lowered it)."""
        return self._rate

    @property
    def ceiling(self) -> float:
        """The configured rate, in requests per second; the adaptive rate never exceeds it."""
        return self._ceiling

    @property
    def tokens(self) -> float:
        """Requests that could start right now without waiting (fractional)."""
        self._refill(self._clock())
        return self._tokens

    @property
    def waiting(self) -> int:
        """How many callers are waiting for a token."""
        return self._lock.waiting + (1 if self._lock.held else 0)

    def _refill(self, now: float) -> None:
        if self._updated is not None and now > self._updated:
            self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
        if self._updated is None or now > self._updated:
            self._updated = now

    async def admit(self) -> float:
        """Wait for a token and take it (the `Admission` protocol): always returns 0.0."""
        await self.acquire()
        return 0.0

    async def settle(self, response: httpx.Response, cooldown: float) -> None:
        """Nothing to share: the bucket is in-process and `on_response` already adapted it."""

    async def acquire(self) -> None:
        """Wait for a token, in arrival order, and take it."""
        async with self._lock.hold(next(self._tickets)):
            while True:
                self._refill(self._clock())
                if self._tokens >= 1 - _EPSILON:
                    self._tokens = max(0.0, self._tokens - 1)
                    self._granted_since_decrease = True
                    return
                await self._sleep((1 - self._tokens) / self._rate)

    def on_response(self, response: httpx.Response) -> None:
        """Adapt the rate to an answer: lower it on a 429, raise it after successes."""
        status = response.status_code
        if status == _RATE_LIMITED:
            self._throttled()
        elif status < _SERVER_ERROR:
            self._succeeded()

    def _set_rate(self, rate: float) -> None:
        self._refill(self._clock())
        self._rate = min(self._ceiling, max(self._floor, rate))

    def _throttled(self) -> None:
        self._successes = 0
        self._refill(self._clock())
        self._tokens = 0.0
        if not self.config.adaptive:
            return
        if not (self._granted_since_decrease and self._succeeded_since_decrease):
            return
        self._granted_since_decrease = self._succeeded_since_decrease = False
        self._set_rate(self._rate * self.config.decrease)
        self.decreases += 1

    def _succeeded(self) -> None:
        self._succeeded_since_decrease = True
        if not self.config.adaptive or self._rate >= self._ceiling:
            self._successes = 0
            return
        self._successes += 1
        if self._successes >= self.config.increase_after:
            self._successes = 0
            self._set_rate(self._rate + self._ceiling * self.config.increase)
            self.increases += 1


class _Acquiring:
    """A plain `Limiter` (``acquire`` and ``on_response``) seen through `Admission`."""

    def __init__(self, limiter: Limiter) -> None:
        self.limiter = limiter

    @property
    def rate(self) -> float | None:
        return self.limiter.rate

    async def admit(self) -> float:
        await self.limiter.acquire()
        return 0.0

    def on_response(self, response: httpx.Response) -> None:
        self.limiter.on_response(response)

    async def settle(self, response: httpx.Response, cooldown: float) -> None:
        pass


class _Unlimited:
    """No proactive pacing: every request is admitted at once (the gate still works)."""

    rate = None

    async def admit(self) -> float:
        return 0.0

    def on_response(self, response: httpx.Response) -> None:
        pass

    async def settle(self, response: httpx.Response, cooldown: float) -> None:
        pass


UNLIMITED: Final[Admission] = _Unlimited()


def admission_for(limiter: Limiter | None) -> Admission:
    """The `Admission` view of a limiter: itself when it speaks the protocol, else an adapter."""
    if limiter is None:
        return UNLIMITED
    if isinstance(limiter, Admission):
        return limiter
    return _Acquiring(limiter)
