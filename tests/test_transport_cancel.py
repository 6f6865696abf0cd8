"""Cancelling a call at each place it can wait leaks no permit, queue slot or connection.

The waiting points: queued behind other requests, at the head of the queue waiting for a
limiter token, held by the closed gate, in a backoff sleep between retries, and mid-request
(including the probe, which holds the queue while it is in flight). After each cancellation
the fake reports zero open connections (nothing in flight, every body closed), the queue is
free, and the next request goes exactly when it would have gone had the cancelled call
never existed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio
import anyio.abc
import httpx
import pytest

from mighty_async import RateLimit, RateLimitTransport, RetryPolicy

from .support.fakeclock import FakeClock
from .support.fakeserver import BlockingServer, ScriptedServer

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

pytestmark = pytest.mark.anyio

BASE = "https://api.test"


async def cancellable(
    tg: anyio.abc.TaskGroup, fn: Callable[[], Awaitable[object]]
) -> anyio.CancelScope:
    """Start ``fn`` in its own cancel scope and hand that scope back."""

    async def run(*, task_status: anyio.abc.TaskStatus[anyio.CancelScope]) -> None:
        with anyio.CancelScope() as scope:
            task_status.started(scope)
            await fn()

    return await tg.start(run)


def assert_nothing_leaked(transport: RateLimitTransport, server) -> None:
    assert server.open_connections == 0
    assert not transport._gate.queue.held
    assert transport._gate.queue.waiting == 0
    limiter = transport.limiter
    assert limiter is None or limiter.waiting == 0  # type: ignore[attr-defined]


def ok_server(clock: FakeClock) -> ScriptedServer:
    def script(request: httpx.Request, n: int) -> httpx.Response:
        return server.respond(200)

    server = ScriptedServer(script, clock=clock)
    return server


def paced(server, clock: FakeClock, **options) -> RateLimitTransport:
    options.setdefault("rate_limit", RateLimit(requests=1, period=10.0, burst=1))
    return RateLimitTransport(
        server, clock=clock.now, sleep=clock.sleep, random=lambda: 0.5, **options
    )


async def test_cancel_while_queued_behind_others():
    """A call cancelled in the queue gives up its place; later calls keep their slots."""
    async with FakeClock().running() as clock:
        server = ok_server(clock)
        transport = paced(server, clock)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            await http.get("/a")
            tg.start_soon(http.get, "/b")
            queued = await cancellable(tg, lambda: http.get("/cancelled"))
            await clock.sleep(1.0)
            assert transport._gate.queue.waiting == 1
            queued.cancel()
            await clock.sleep(1.0)
            tg.start_soon(http.get, "/d")
    assert [(r.url.path, t) for r, t in zip(server.requests, server.arrivals, strict=True)] == [
        ("/a", 0.0),
        ("/b", 10.0),
        ("/d", 20.0),
    ]
    assert_nothing_leaked(transport, server)


async def test_cancel_while_waiting_for_a_limiter_token():
    """Cancelling the call that sleeps for the next token hands that token to the next call."""
    async with FakeClock().running() as clock:
        server = ok_server(clock)
        transport = paced(server, clock)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            await http.get("/a")
            head = await cancellable(tg, lambda: http.get("/cancelled"))
            tg.start_soon(http.get, "/c")
            await clock.sleep(1.0)
            head.cancel()
    assert [r.url.path for r in server.requests] == ["/a", "/c"]
    assert server.arrivals == [0.0, 10.0]
    assert_nothing_leaked(transport, server)


async def test_cancel_while_held_at_the_gate():
    """A call cancelled while it waits out a cooldown lets the next queued call probe on time."""
    async with FakeClock().running() as clock:
        server = BlockingServer([(429, {"Retry-After": "30"}), (200, {})])
        transport = paced(server, clock, rate_limit=None)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            first = await cancellable(tg, lambda: http.get("/cancelled"))
            await clock.sleep(1.0)
            tg.start_soon(http.get, "/b")
            await clock.sleep(4.0)
            assert transport.cooldown_remaining == pytest.approx(25.0)
            first.cancel()
            await clock.sleep(100.0)
    assert [r.url.path for r in server.requests] == ["/cancelled", "/b"]
    assert clock.now() == pytest.approx(105.0)
    assert transport.stats.gate_wait == pytest.approx(5.0 + 29.0)
    assert_nothing_leaked(transport, server)


async def test_cancel_during_a_backoff_sleep():
    """A call cancelled between retries sends nothing more and leaves the 503 body closed."""
    async with FakeClock().running() as clock:
        server = BlockingServer([(503, {}), (200, {})])
        retry = RetryPolicy(backoff_base=10.0)
        transport = paced(server, clock, rate_limit=None, retry=retry)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            call = await cancellable(tg, lambda: http.get("/cancelled"))
            await clock.sleep(1.0)
            assert server.open_streams == 0
            call.cancel()
            await clock.sleep(60.0)
            response = await http.get("/next")
    assert response.status_code == 200
    assert [r.url.path for r in server.requests] == ["/cancelled", "/next"]
    assert transport.stats.backoff_wait == pytest.approx(1.0)
    assert_nothing_leaked(transport, server)


async def test_cancel_mid_request():
    """Cancelling a call whose request is in flight leaves no connection checked out."""
    async with FakeClock().running() as clock:
        server = BlockingServer([None, (200, {})])
        transport = paced(server, clock)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            call = await cancellable(tg, lambda: http.get("/cancelled"))
            await clock.sleep(1.0)
            assert server.in_flight == 1
            call.cancel()
            await clock.sleep(0.5)
            assert server.open_connections == 0
            response = await http.get("/next")
    assert response.status_code == 200
    assert_nothing_leaked(transport, server)


async def test_cancel_the_probe_mid_request():
    """Cancelling the in-flight probe frees the queue: the next call becomes the probe."""
    async with FakeClock().running() as clock:
        server = BlockingServer([(429, {"Retry-After": "5"}), None, (200, {})])
        transport = paced(server, clock, rate_limit=None)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            probe = await cancellable(tg, lambda: http.get("/probe"))
            await clock.sleep(1.0)
            tg.start_soon(http.get, "/b")
            await clock.sleep(9.0)
            assert server.in_flight == 1
            assert transport._gate.queue.held
            probe.cancel()
    assert [r.url.path for r in server.requests] == ["/probe", "/probe", "/b"]
    assert clock.now() == pytest.approx(10.0)
    assert_nothing_leaked(transport, server)
