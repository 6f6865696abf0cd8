"""Fault injection: make the sandbox slow, broken or rude on purpose, for your own tests.

```python
sandbox.faults.latency(0.2)                      # every answer 200 ms late
sandbox.faults.latency(0.05, 0.5)                # ... or between 50 and 500 ms, seeded
sandbox.faults.fail_next(2, status=503)          # the next two requests answer 503
sandbox.faults.fail_nth(101, status=429)         # the 101st request from now answers 429
sandbox.faults.drop_next(1)                      # the next request loses its connection
sandbox.faults.malformed_next(1)                 # the next answer is cut-off JSON
sandbox.faults.slow_body_next(1, delay=1.0)      # the next body trickles in, in chunks
sandbox.faults.ignore_page_next(10)              # the next ten lists answer page 1, whatever
sandbox.faults.raw_next(1, headers={"Content-Encoding": "gzip"}, body=b"{}")  # exactly this
sandbox.faults.clear()
```

"Next N" faults queue up in the order they are added; each request takes at most one, and
``method=`` / ``route=`` (a template such as ``"/members/{id}/"``) narrow which requests a
fault applies to. A fault for the n-th request goes before the queue when its turn comes.
Waiting goes through the sandbox's injectable ``sleep``, so a test with a fake sleep pays
nothing for a ten-second latency.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import Literal

import attrs

from .._config import check_int, check_number

__all__ = ["Fault", "Faults", "Sleep"]

Sleep = Callable[[float], Awaitable[None]]
"""An async sleep, like `anyio.sleep`."""

FaultKind = Literal["fail", "drop", "malformed", "slow", "raw", "ignore_page"]


@attrs.define
class Fault:
    """One queued fault and how many more requests it applies to."""

    kind: FaultKind
    remaining: int
    status: int = 503
    error: str | None = None
    message: str | None = None
    retry_after: str | None = None
    delay: float = 0.0
    chunks: int = 1
    method: str | None = None
    route: str | None = None
    headers: tuple[tuple[bytes, bytes], ...] = ()
    body: bytes = b""

    def applies_to(self, method: str, route: str | None) -> bool:
        """Whether this fault targets a request with this method and route template."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.route is None or self.route == route


@attrs.define
class _Scheduled:
    """A fault for the ``countdown``-th matching request from now."""

    countdown: int
    fault: Fault


def _failure(
    n: int,
    status: int,
    *,
    error: str | None,
    message: str | None,
    retry_after: float | str | None,
    method: str | None,
    route: str | None,
) -> Fault:
    """The fault `Faults.fail_next` and `Faults.fail_nth` queue, its status checked."""
    if not 400 <= status <= 599:  # noqa: PLR2004
        raise ValueError(f"status must be an error status (400-599), got {status}")
    header = None if retry_after is None else str(retry_after)
    return Fault(
        "fail",
        n,
        status=status,
        error=error,
        message=message,
        retry_after=header,
        method=method,
        route=route,
    )


def _count(n: int) -> int:
    return check_int("the number of requests", n, minimum=1)


def _seconds(value: float, name: str) -> float:
    return check_number(f"{name} (seconds)", value)


class Faults:
    """The faults a sandbox injects; reach it as ``sandbox.faults``."""

    def __init__(self, *, seed: int = 0) -> None:
        self._queue: list[Fault] = []
        self._scheduled: list[_Scheduled] = []
        self._latency: tuple[float, float] | None = None
        self._rng = random.Random(seed)  # noqa: S311 - jitter for tests, not security
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<Faults latency={self._latency} pending={self.pending}>"

    @property
    def pending(self) -> int:
        """How many requests the queued faults will still affect."""
        with self._lock:
            return sum(f.remaining for f in self._queue) + len(self._scheduled)

    def latency(self, seconds: float | None, maximum: float | None = None) -> None:
        """Delay every answer by ``seconds``, or uniformly up to ``maximum``; None turns it off."""
        with self._lock:
            if seconds is None:
                self._latency = None
                return
            low = _seconds(seconds, "seconds")
            high = low if maximum is None else _seconds(maximum, "maximum")
            if high < low:
                raise ValueError("maximum must not be below seconds")
            self._latency = (low, high)

    def fail_next(
        self,
        n: int = 1,
        *,
        status: int = 503,
        error: str | None = None,
        message: str | None = None,
        retry_after: float | str | None = None,
        method: str | None = None,
        route: str | None = None,
    ) -> None:
        """Answer the next ``n`` requests with ``status`` and an API-style error body.

        ``retry_after`` adds a ``Retry-After`` header (seconds, or an HTTP date as a string).
        """
        self._add(
            _failure(
                _count(n),
                status,
                error=error,
                message=message,
                retry_after=retry_after,
                method=method,
                route=route,
            )
        )

    def fail_nth(
        self,
        n: int,
        *,
        status: int = 503,
        error: str | None = None,
        message: str | None = None,
        retry_after: float | str | None = None,
        method: str | None = None,
        route: str | None = None,
    ) -> None:
        """Answer the ``n``-th request from now (1 is the next) as `fail_next` would.

        For a refusal in the middle of a run whose requests no test can time, such as those
        of other processes on a served sandbox: ``fail_nth(101, status=429, retry_after=1)``
        lets 100 requests through and refuses the 101st. Only requests that ``method=`` and
        ``route=`` match are counted, whatever other faults they meet; when two such faults
        fall on one request, the later one takes the next request that matches.
        """
        fault = _failure(
            1,
            status,
            error=error,
            message=message,
            retry_after=retry_after,
            method=method,
            route=route,
        )
        with self._lock:
            self._scheduled.append(_Scheduled(_count(n), fault))

    def drop_next(self, n: int = 1, *, method: str | None = None, route: str | None = None) -> None:
        """Cut the connection on the next ``n`` requests before a complete answer is sent."""
        self._add(Fault("drop", _count(n), method=method, route=route))

    def malformed_next(
        self, n: int = 1, *, method: str | None = None, route: str | None = None
    ) -> None:
        """Send the next ``n`` answers as JSON cut off halfway (status 200)."""
        self._add(Fault("malformed", _count(n), method=method, route=route))

    def slow_body_next(
        self,
        n: int = 1,
        *,
        delay: float = 1.0,
        chunks: int = 4,
        method: str | None = None,
        route: str | None = None,
    ) -> None:
        """Send the next ``n`` bodies in ``chunks`` pieces, ``delay`` seconds apart."""
        check_int("chunks", chunks, minimum=1)
        self._add(
            Fault(
                "slow",
                _count(n),
                delay=_seconds(delay, "delay"),
                chunks=chunks,
                method=method,
                route=route,
            )
        )

    def raw_next(
        self,
        n: int = 1,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        method: str | None = None,
        route: str | None = None,
    ) -> None:
        """Answer the next ``n`` requests with exactly this status, these headers and body.

        Nothing is added but ``Content-Length``: no content type, no JSON. For answers no
        real API should send (a ``Content-Encoding`` the body does not have, JSON nested ten
        thousand levels deep, an HTML page with a 200), to test what a client makes of them.
        """
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:  # noqa: PLR2004
            raise ValueError(f"status must be an HTTP status (100-599), got {status!r}")
        if not isinstance(body, bytes):
            raise ValueError(f"body must be bytes, got {type(body).__name__}")  # noqa: TRY004
        raw = tuple(
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in (headers or {}).items()
            if name.lower() != "content-length"
        )
        self._add(
            Fault(
                "raw",
                _count(n),
                status=status,
                headers=raw,
                body=body,
                method=method,
                route=route,
            )
        )

    def ignore_page_next(
        self, n: int = 1, *, method: str | None = None, route: str | None = None
    ) -> None:
        """Answer the next ``n`` requests as if they asked for page 1, whatever ``page`` said.

        A server that ignores ``page`` sends the same full page, ``links.next`` set, every
        time: the shape that once made walks loop forever.
        """
        self._add(Fault("ignore_page", _count(n), method=method, route=route))

    def clear(self) -> None:
        """Remove every queued fault and the latency."""
        with self._lock:
            self._queue.clear()
            self._scheduled.clear()
            self._latency = None

    def _add(self, fault: Fault) -> None:
        with self._lock:
            self._queue.append(fault)

    def take(self, method: str, route: str | None) -> Fault | None:
        """The first queued fault that applies to this request, used up by one."""
        with self._lock:
            due = self._take_scheduled(method, route)
            if due is not None:
                return due
            for fault in self._queue:
                if fault.applies_to(method, route):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._queue.remove(fault)
                    return attrs.evolve(fault, remaining=1)
            return None

    def _take_scheduled(self, method: str, route: str | None) -> Fault | None:
        """Count this request for every n-th-request fault it matches; the first one due."""
        due = None
        for entry in list(self._scheduled):
            if not entry.fault.applies_to(method, route):
                continue
            if entry.countdown > 1:
                entry.countdown -= 1
            elif due is None:
                due = entry.fault
                self._scheduled.remove(entry)
        return due

    def delay(self) -> float:
        """The latency to add to the current request, in seconds."""
        with self._lock:
            if self._latency is None:
                return 0.0
            low, high = self._latency
            return low if low == high else self._rng.uniform(low, high)
