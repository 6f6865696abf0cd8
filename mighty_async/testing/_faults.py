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
sandbox.faults.next_on_last_page()               # last pages still link to a next one
sandbox.faults.repeat_page(3, as_page=2)         # a list's page 3 answers page 2 again
sandbox.faults.shift_pages(after_page=1, by=2)   # later pages pushed down two records
sandbox.faults.clear()
```

"Next N" faults queue up in the order they are added; each request takes at most one, and
``method=`` / ``route=`` (a template such as ``"/members/{id}/"``) narrow which requests a
fault applies to. A fault for the n-th request goes before the queue when its turn comes.
The page quirks (`next_on_last_page`, `repeat_page`, `shift_pages`) are not queued: they
shape every list answer that matches, whatever order requests arrive in, until `clear`.
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
from ..errors import ConfigurationError

__all__ = ["Fault", "Faults", "PageQuirks", "Sleep"]

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


@attrs.frozen
class PageQuirks:
    """How the page quirks shape the answer to one list request.

    Attributes:
        page: the page to answer instead of the one asked for, or None.
        shift: how many records each page starts earlier (records added ahead of it).
        next_on_last: whether the last page keeps a ``links.next``.
    """

    page: int | None = None
    shift: int = 0
    next_on_last: bool = False


@attrs.frozen
class _PageRule:
    """One page quirk: which list requests it shapes, and how."""

    kind: Literal["next_on_last", "repeat", "shift"]
    route: str | None
    page: int = 0
    value: int = 0

    def hits(self, route: str | None, page: int) -> bool:
        if self.route is not None and self.route != route:
            return False
        if self.kind == "repeat":
            return page == self.page
        return self.kind == "next_on_last" or page > self.page


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
        raise ConfigurationError(f"status must be an error status (400-599), got {status}")
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
        self._pages: list[_PageRule] = []
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
                raise ConfigurationError("maximum must not be below seconds")
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
            raise ConfigurationError(f"status must be an HTTP status (100-599), got {status!r}")
        if not isinstance(body, bytes):
            raise ConfigurationError(f"body must be bytes, got {type(body).__name__}")
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

    def next_on_last_page(self, *, route: str | None = None) -> None:
        """Keep ``links.next`` set on the last page of every list, until `clear`.

        The pages past the end are empty, ``links.next`` still set: on such a server (one
        integration saw it) only an empty page tells a walk that the list has ended.
        """
        self._add_page_rule(_PageRule("next_on_last", route))

    def repeat_page(self, page: int, *, as_page: int, route: str | None = None) -> None:
        """Answer every request for ``page`` of a list with page ``as_page``, until `clear`.

        A server that repeats a page (``repeat_page(3, as_page=2)``): the records of page 2
        come twice and those of page 3 never, so a walk sees duplicates and a gap.
        """
        check_int("page", page, minimum=1)
        check_int("as_page", as_page, minimum=1)
        self._add_page_rule(_PageRule("repeat", route, page=page, value=as_page))

    def shift_pages(self, *, after_page: int, by: int, route: str | None = None) -> None:
        """Serve the pages after ``after_page`` as if ``by`` records had been added ahead.

        Each such page starts ``by`` records earlier, so the last records of a page come
        again at the top of the next: records pushed down by inserts during a walk, on a
        page number basis, whatever order concurrent requests arrive in. Until `clear`.
        """
        check_int("after_page", after_page, minimum=1)
        check_int("by", by, minimum=1)
        self._add_page_rule(_PageRule("shift", route, page=after_page, value=by))

    def page_quirks(self, method: str, route: str | None, page: int) -> PageQuirks:
        """How the page quirks shape the answer to a request for ``page`` on ``route``."""
        if method.upper() != "GET":
            return PageQuirks()
        with self._lock:
            hits = [rule for rule in self._pages if rule.hits(route, page)]
        repeats = [rule.value for rule in hits if rule.kind == "repeat"]
        return PageQuirks(
            page=repeats[-1] if repeats else None,
            shift=sum(rule.value for rule in hits if rule.kind == "shift"),
            next_on_last=any(rule.kind == "next_on_last" for rule in hits),
        )

    def _add_page_rule(self, rule: _PageRule) -> None:
        with self._lock:
            self._pages.append(rule)

    def clear(self) -> None:
        """Remove every queued fault, the page quirks and the latency."""
        with self._lock:
            self._queue.clear()
            self._scheduled.clear()
            self._pages.clear()
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
