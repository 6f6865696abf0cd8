"""Fake inner transports for the rate-limit tests: a window-limited API and scripted ones.

Both count what reached them and which responses are still open, so tests can assert exact
request counts and "no connection left open" after retries and cancellations.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

import anyio
import httpx

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from .fakeclock import FakeClock


class _TrackedStream(httpx.AsyncByteStream):
    """A response body that tells its server when it is closed."""

    def __init__(self, owner: _Tracking, content: bytes) -> None:
        self._owner = owner
        self._content = content
        self._closed = False
        owner.open_streams += 1

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._content

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            self._owner.open_streams -= 1


class _Tracking(httpx.AsyncBaseTransport):
    """Counts requests in flight and response bodies not yet closed."""

    def __init__(self) -> None:
        self.open_streams = 0
        self.in_flight = 0
        self.requests: list[httpx.Request] = []
        self.open_at_arrival: list[int] = []

    @property
    def open_connections(self) -> int:
        """Connections a real pool would still have checked out: in flight or unread."""
        return self.in_flight + self.open_streams

    def respond(
        self, status: int, *, json: bytes = b'{"id": 1}', headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return httpx.Response(
            status,
            headers={"content-type": "application/json", **(headers or {})},
            stream=_TrackedStream(self, json),
        )


class WindowServer(_Tracking):
    """An API that allows ``limit`` requests per fixed ``window`` seconds and answers 429 beyond.

    Windows are aligned on multiples of ``window`` on the fake clock. A 429 carries
    ``Retry-After`` (whole seconds until the window ends, rounded up) unless ``retry_after`` is
    False. The decision is taken when the request arrives; the answer then takes ``latency``
    seconds to come back, so several requests are in flight at once, as on a real network.
    """

    def __init__(
        self,
        clock: FakeClock,
        *,
        limit: int,
        window: float,
        retry_after: bool = True,
        latency: float = 0.0,
    ) -> None:
        super().__init__()
        self.clock = clock
        self.limit = limit
        self.window = window
        self.retry_after = retry_after
        self.latency = latency
        self.arrivals: list[float] = []
        self.accepted: Counter[int] = Counter()
        self.rejected = 0

    def max_in_any_window(self) -> int:
        """The most requests that arrived within any ``window``-long interval (sliding)."""
        times = sorted(self.arrivals)
        best, start = 0, 0
        for end, moment in enumerate(times):
            while moment - times[start] >= self.window:
                start += 1
            best = max(best, end - start + 1)
        return best

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        try:
            now = self.clock.now()
            self.requests.append(request)
            self.arrivals.append(now)
            slot = math.floor(now / self.window)
            if self.accepted[slot] < self.limit:
                self.accepted[slot] += 1
                status, headers = 200, {}
            else:
                self.rejected += 1
                status = 429
                wait = math.ceil((slot + 1) * self.window - now)
                headers = {"retry-after": str(wait)} if self.retry_after else {}
            if self.latency:
                await self.clock.sleep(self.latency)
            return self.respond(status, headers=headers)
        finally:
            self.in_flight -= 1


class ScriptedServer(_Tracking):
    """An API whose n-th answer (from 0) is whatever ``script(request, n)`` returns or raises.

    With a ``clock``, arrival times are recorded and each answer takes ``latency`` seconds.
    """

    def __init__(
        self,
        script: Callable[[httpx.Request, int], httpx.Response],
        *,
        clock: FakeClock | None = None,
        latency: float = 0.0,
    ) -> None:
        super().__init__()
        self.script = script
        self.clock = clock
        self.latency = latency
        self.arrivals: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        try:
            self.open_at_arrival.append(self.open_streams)
            self.requests.append(request)
            if self.clock is not None:
                self.arrivals.append(self.clock.now())
            response = self.script(request, len(self.requests) - 1)
            if self.clock is not None and self.latency:
                try:
                    await self.clock.sleep(self.latency)
                except BaseException:
                    await response.aclose()
                    raise
            return response
        finally:
            self.in_flight -= 1


class BlockingServer(_Tracking):
    """An API that plays ``answers`` in order, where ``None`` means "never answer".

    A request given ``None`` (and every request after the list runs out) waits until it is
    cancelled, as a hung connection would: for mid-request cancellation tests.
    """

    def __init__(self, answers: list[tuple[int, dict[str, str]] | None] | None = None) -> None:
        super().__init__()
        self.answers = list(answers or [])

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        try:
            self.open_at_arrival.append(self.open_streams)
            self.requests.append(request)
            n = len(self.requests) - 1
            answer = self.answers[n] if n < len(self.answers) else None
            if answer is not None:
                status, headers = answer
                return self.respond(status, headers=headers)
            await anyio.Event().wait()
            raise AssertionError("unreachable: a blocked request is only ever cancelled")
        finally:
            self.in_flight -= 1


def answering_in_turn(*answers: httpx.Response | Exception) -> httpx.MockTransport:
    """A mock transport answering ``answers`` (responses, or exceptions to raise) in turn.

    Once they are used up, every request gets ``200 {"id": 1}``.
    """
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0) if queue else httpx.Response(200, json={"id": 1})
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handler)
