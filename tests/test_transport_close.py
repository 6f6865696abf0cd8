"""aclose() while calls are queued or in flight: nothing more is sent, no socket stays open.

Decision: once aclose() starts, calls still waiting (in the queue, at the closed gate, for
the limiter, in a backoff sleep) raise ClientClosedError without being sent, and calls whose
request is in flight are cancelled and raise ClientClosedError too (their request may have
reached the server). When aclose() returns, the connection pool is closed.

The first tests run on a fake clock against in-memory fakes; the last ones over real loopback
sockets, against the sandbox served by uvicorn, counting this process's sockets to it.
"""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

import anyio
import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ClientClosedError,
    RateLimit,
    RateLimitTransport,
    RetryPolicy,
)
from mighty_async.testing import Sandbox

from .support.fakeclock import FakeClock
from .support.fakeserver import BlockingServer
from .support.sockets import open_connections_to

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mighty_async._transport import Attempt

pytestmark = pytest.mark.anyio

BASE = "https://api.test"


class ClosingInner(BlockingServer):
    """A BlockingServer that remembers being closed."""

    closed = False

    async def aclose(self) -> None:
        self.closed = True


async def test_queued_and_in_flight_calls_raise_and_nothing_more_is_sent(anyio_backend):
    """One call hangs in flight, four wait for the limiter: aclose ends all five, sends none."""
    async with FakeClock().running() as clock:
        server = ClosingInner([None])
        attempts: list[Attempt] = []
        transport = RateLimitTransport(
            server,
            rate_limit=RateLimit(requests=1, period=60.0, burst=1),
            clock=clock.now,
            sleep=clock.sleep,
            on_attempt=attempts.append,
        )
        outcomes: dict[str, str] = {}

        async def get(http: httpx.AsyncClient, path: str) -> None:
            try:
                await http.get(path)
                outcomes[path] = "answered"
            except ClientClosedError as exc:
                outcomes[path] = str(exc)

        http = httpx.AsyncClient(transport=transport, base_url=BASE)
        async with anyio.create_task_group() as tg:
            for n in range(5):
                tg.start_soon(get, http, f"/{n}")
            await clock.sleep(1.0)
            assert server.in_flight == 1
            await http.aclose()
            sent_at_close = len(server.requests)
        await clock.sleep(600.0)
    assert sent_at_close == len(server.requests) == 1
    assert server.closed
    assert server.open_connections == 0
    sent = server.requests[0].url.path  # whichever task ran first (trio shuffles them)
    queued = "not sent: the client was closed (aclose) while the call was waiting its turn"
    assert outcomes == {
        path: f"GET {path}: the client was closed while the request was in flight; it may "
        "have reached the server"
        if path == sent
        else f"GET {path} {queued}"
        for path in (f"/{n}" for n in range(5))
    }
    assert [(a.number, a.status_code, a.failure, a.will_retry) for a in attempts] == [
        (1, None, "cancelled", False)
    ]


async def test_a_call_in_a_backoff_sleep_or_at_the_gate_is_not_sent_again(anyio_backend):
    """A call sleeping after a 503 and one held by a 429 cooldown both end at aclose, unsent."""
    async with FakeClock().running() as clock:
        server = ClosingInner([(503, {}), (429, {"Retry-After": "30"})])
        transport = RateLimitTransport(
            server,
            rate_limit=None,
            retry=RetryPolicy(backoff_base=100.0),
            clock=clock.now,
            sleep=clock.sleep,
            random=lambda: 0.5,
        )
        errors: list[ClientClosedError] = []

        async def get(http: httpx.AsyncClient, path: str) -> None:
            try:
                await http.get(path)
            except ClientClosedError as exc:
                errors.append(exc)

        http = httpx.AsyncClient(transport=transport, base_url=BASE)
        async with anyio.create_task_group() as tg:
            tg.start_soon(get, http, "/backoff")
            await clock.sleep(1.0)
            tg.start_soon(get, http, "/gate")
            await clock.sleep(1.0)
            assert transport.cooldown_remaining > 0
            await http.aclose()
    assert [r.url.path for r in server.requests] == ["/backoff", "/gate"]
    assert len(errors) == 2
    assert all("not sent" in str(e) for e in errors)
    assert transport.is_closed


async def test_a_call_after_aclose_is_refused_before_anything_happens(anyio_backend):
    """The transport refuses a request once closed: ClientClosedError, nothing sent."""
    server = ClosingInner([(200, {})])
    transport = RateLimitTransport(server, rate_limit=None)
    await transport.aclose()
    with pytest.raises(ClientClosedError, match="not sent"):
        await transport.handle_async_request(httpx.Request("GET", BASE))
    assert server.requests == []
    await transport.aclose()  # a second close is harmless


# --- over real loopback sockets ---------------------------------------------------------------

IN_FLIGHT = 4
QUEUED = 10


class Hold:
    """The served sandbox's sleep: holds each request's answer until released, counting them.

    It runs in uvicorn's own event loop (a thread), so it waits for a threading.Event in a
    worker thread of that loop.
    """

    def __init__(self) -> None:
        self.arrived = 0
        self.release = threading.Event()
        self._changed = threading.Condition()

    async def sleep(self, seconds: float) -> None:  # noqa: ARG002 - held, not timed
        with self._changed:
            self.arrived += 1
            self._changed.notify_all()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30.0)

    def wait_for(self, count: int) -> bool:
        """Block until ``count`` requests are held (at most 10 s: the server runs on its own)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.arrived >= count, timeout=10.0)


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str, Hold]]:
    """A sandbox served over HTTP whose answers are held until the test releases them."""
    hold = Hold()
    sandbox = Sandbox(members=3, sleep=hold.sleep)
    sandbox.faults.latency(1.0)
    with sandbox.serve_in_thread() as base_url:
        try:
            yield sandbox, base_url, hold
        finally:
            hold.release.set()


async def test_aclose_over_real_sockets_sends_nothing_more_and_closes_every_socket(
    anyio_backend, served
):
    """4 calls in flight, 10 queued: after aclose all 14 raised, none more was sent, 0 sockets.

    The limiter's clock is a fake one the test moves by hand: after aclose it jumps ten hours
    ahead, so a call still waiting for a permit would be sent then.
    """
    sandbox, base_url, hold = served
    port = int(base_url.rsplit(":", 1)[1])
    clock = FakeClock()
    client = AsyncMightyClient(
        sandbox.token,
        network_id=sandbox.network_id,
        base_url=base_url,
        rate_limit=RateLimit(requests=1, period=3600.0, burst=IN_FLIGHT),
        clock=clock.now,
        sleep=clock.sleep,
    )
    outcomes: list[str] = []

    async def call() -> None:
        try:
            await client.me()
            outcomes.append("answered")
        except ClientClosedError:
            outcomes.append("closed")

    # Real time only bounds a hang; every assertion counts requests and sockets.
    with anyio.fail_after(30):
        async with anyio.create_task_group() as tg:
            for _ in range(IN_FLIGHT + QUEUED):
                tg.start_soon(call)
            assert await anyio.to_thread.run_sync(hold.wait_for, IN_FLIGHT)
            assert open_connections_to(port) == IN_FLIGHT
            await client.aclose()
            sockets_after_close = open_connections_to(port)
            clock.advance(36_000.0)
            hold.release.set()
    assert outcomes == ["closed"] * (IN_FLIGHT + QUEUED)
    assert sockets_after_close == 0
    assert open_connections_to(port) == 0
    assert hold.arrived == IN_FLIGHT


async def test_closing_an_idle_client_closes_its_kept_alive_connections(anyio_backend, served):
    """After some answered calls the pool keeps a connection alive; aclose closes it."""
    sandbox, base_url, hold = served
    hold.release.set()
    port = int(base_url.rsplit(":", 1)[1])
    async with AsyncMightyClient(
        sandbox.token, network_id=sandbox.network_id, base_url=base_url, rate_limit=None
    ) as client:
        for _ in range(3):
            await client.me()
        assert open_connections_to(port) == 1
    assert open_connections_to(port) == 0
