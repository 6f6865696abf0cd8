"""The transport with a SharedLimiter: remote cooldowns, settling answers, binding networks.

A scripted limiter stands in for Redis here, on a fake clock and both backends; the real
RedisLimiter under the same transport is tested in test_redis_fleet.py and test_redis_outage.py.
"""

from __future__ import annotations

import logging

import anyio
import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ConfigurationError,
    Limiter,
    RateLimited,
    RateLimitTransport,
    RetryPolicy,
    SharedLimiter,
    TokenBucket,
)

from .support.fakeclock import FakeClock
from .support.fakeserver import BlockingServer, ScriptedServer

pytestmark = pytest.mark.anyio

BASE = "https://api.test"


class ScriptedShared:
    """A SharedLimiter whose admissions return the given waits in turn (then 0.0)."""

    def __init__(self, clock: FakeClock, waits: list[float] | None = None) -> None:
        self.clock = clock
        self.waits = list(waits or [])
        self.admitted: list[float] = []
        self.seen: list[int] = []
        self.settled: list[tuple[int, float]] = []
        self.networks: list[int | str] = []
        self.acquired = 0
        self.block_settle = False

    @property
    def rate(self) -> float | None:
        return 1.0

    async def acquire(self) -> None:
        self.acquired += 1

    def on_response(self, response: httpx.Response) -> None:
        self.seen.append(response.status_code)

    def bind_network(self, network_id: int | str) -> None:
        self.networks.append(network_id)

    async def admit(self) -> float:
        await anyio.lowlevel.checkpoint()
        wait = self.waits.pop(0) if self.waits else 0.0
        if wait == 0.0:
            self.admitted.append(self.clock.now())
        return wait

    async def settle(self, response: httpx.Response, cooldown: float) -> None:
        assert self.seen, "settle comes after on_response"
        self.settled.append((response.status_code, cooldown))
        if self.block_settle:
            await anyio.Event().wait()


def ok_server(clock: FakeClock, *statuses: int, headers: dict[str, str] | None = None):
    box: list[ScriptedServer] = []

    def script(request: httpx.Request, n: int) -> httpx.Response:
        status = statuses[n] if n < len(statuses) else 200
        return box[0].respond(status, headers=headers if status == 429 else None)

    server = ScriptedServer(script, clock=clock)
    box.append(server)
    return server


def test_the_protocols_tell_shared_from_local():
    """TokenBucket is a Limiter but not a SharedLimiter; the scripted one is both."""
    bucket = TokenBucket()
    assert isinstance(bucket, Limiter)
    assert not isinstance(bucket, SharedLimiter)
    assert isinstance(ScriptedShared(FakeClock()), SharedLimiter)


async def test_a_remote_cooldown_holds_the_request_at_the_gate(caplog):
    """A wait returned by admit() closes the local gate: the request goes after it, once."""
    caplog.set_level(logging.WARNING, logger="mighty_async")
    async with FakeClock().running() as clock:
        shared = ScriptedShared(clock, [3.0])
        server = ok_server(clock)
        transport = RateLimitTransport(
            server, rate_limit=shared, clock=clock.now, sleep=clock.sleep, random=lambda: 0.0
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            response = await http.get("/x")
    assert response.status_code == 200
    assert server.arrivals == [3.0]
    assert shared.admitted == [3.0]
    assert shared.acquired == 0
    assert transport.stats.gate_wait == pytest.approx(3.0)
    assert transport.stats.gate_closures == 0
    assert "429 seen by another client" in caplog.text


async def test_queued_requests_wait_out_a_remote_cooldown_together():
    """Every queued request of the client waits for one remote cooldown, then goes."""
    async with FakeClock().running() as clock:
        shared = ScriptedShared(clock, [2.0])
        server = ok_server(clock)
        transport = RateLimitTransport(
            server, rate_limit=shared, clock=clock.now, sleep=clock.sleep, random=lambda: 0.0
        )
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            for n in range(5):
                tg.start_soon(http.get, f"/{n}")
    assert server.arrivals == [2.0] * 5


def test_a_longer_remote_cooldown_extends_a_closed_gate():
    """Adopting a remote wait extends a closed gate, never shortens it."""
    clock = FakeClock()
    transport = RateLimitTransport(ok_server(clock), clock=clock.now, sleep=clock.sleep)
    transport._gate.cooldown.close(clock.now(), 5.0)
    transport._gate.adopt(2.0)
    assert transport.cooldown_remaining == 5.0
    transport._gate.adopt(8.0)
    assert transport.cooldown_remaining == 8.0
    assert transport._gate.cooldown.epoch == 1


async def test_remote_cooldowns_in_a_row_are_waited_out_in_turn():
    """Each wait admit() returns is slept at the gate before admitting again."""
    async with FakeClock().running() as clock:
        shared = ScriptedShared(clock, [1.0, 4.0, 0.5])
        server = ok_server(clock)
        transport = RateLimitTransport(
            server, rate_limit=shared, clock=clock.now, sleep=clock.sleep, random=lambda: 0.0
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            await http.get("/x")
    assert server.arrivals == [5.5]


async def test_a_remote_cooldown_beyond_max_wait_raises_without_sending():
    """A fleet-wide pause longer than max_wait raises RateLimited; nothing is sent."""
    async with FakeClock().running() as clock:
        shared = ScriptedShared(clock, [600.0])
        server = ok_server(clock)
        transport = RateLimitTransport(
            server,
            rate_limit=shared,
            retry=RetryPolicy(max_wait=60),
            clock=clock.now,
            sleep=clock.sleep,
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            with pytest.raises(RateLimited) as caught:
                await http.get("/x")
    assert caught.value.attempts == 0
    assert caught.value.retry_after == pytest.approx(600.0)
    assert server.requests == []


async def test_a_429_is_settled_with_the_cooldown_it_started():
    """On a 429 settle() gets the gate's remaining time; on a success, 0.0."""
    async with FakeClock().running() as clock:
        shared = ScriptedShared(clock)
        server = ok_server(clock, 429, headers={"Retry-After": "7"})
        transport = RateLimitTransport(
            server, rate_limit=shared, clock=clock.now, sleep=clock.sleep, random=lambda: 0.0
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            response = await http.get("/x")
    assert response.status_code == 200
    assert shared.settled == [(429, 7.0), (200, 0.0)]
    assert shared.seen == [429, 200]
    assert server.arrivals == [0.0, 7.0]


async def test_without_shared_cooldown_a_429_settles_no_cooldown():
    """With shared_cooldown off the 429 still reaches the limiter, with no cooldown to share."""
    async with FakeClock().running() as clock:
        shared = ScriptedShared(clock)
        server = ok_server(clock, 429, headers={"Retry-After": "2"})
        transport = RateLimitTransport(
            server,
            rate_limit=shared,
            retry=RetryPolicy(shared_cooldown=False),
            clock=clock.now,
            sleep=clock.sleep,
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            await http.get("/x")
    assert shared.settled == [(429, 0.0), (200, 0.0)]


async def test_cancelled_while_settling_leaves_no_connection_open():
    """A call cancelled during settle() closes its answer before the cancellation goes on."""
    async with FakeClock().running() as clock:
        shared = ScriptedShared(clock)
        shared.block_settle = True
        server = ok_server(clock)
        transport = RateLimitTransport(
            server, rate_limit=shared, clock=clock.now, sleep=clock.sleep
        )
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            tg.start_soon(http.get, "/x")
            await clock.sleep(1.0)
            tg.cancel_scope.cancel()
    assert shared.settled == [(200, 0.0)]
    assert server.open_connections == 0


async def test_transport_errors_are_not_settled():
    """A request that got no answer gives the limiter nothing to share."""
    async with FakeClock().running() as clock:
        shared = ScriptedShared(clock)

        def fail(request: httpx.Request, n: int) -> httpx.Response:
            raise httpx.ConnectError("refused")

        server = ScriptedServer(fail, clock=clock)
        transport = RateLimitTransport(
            server, rate_limit=shared, retry=None, clock=clock.now, sleep=clock.sleep
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            with pytest.raises(httpx.ConnectError):
                await http.get("/x")
    assert shared.settled == []


async def test_a_plain_limiter_is_still_acquired():
    """A Limiter without the shared hooks is used through acquire(), as before."""

    class Plain:
        acquired = 0
        rate = None

        async def acquire(self) -> None:
            Plain.acquired += 1

        def on_response(self, response: httpx.Response) -> None:
            pass

    transport = RateLimitTransport(BlockingServer([(200, {})]), rate_limit=Plain())
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        await http.get("/x")
    assert Plain.acquired == 1


async def test_the_client_binds_its_network():
    """AsyncMightyClient tells a SharedLimiter its network; a refusal stops the client."""
    shared = ScriptedShared(FakeClock())
    async with AsyncMightyClient("t", network_id="my-network", rate_limit=shared):
        pass
    assert shared.networks == ["my-network"]

    class Refusing(ScriptedShared):
        def bind_network(self, network_id: int | str) -> None:
            raise ConfigurationError(f"{network_id} is taken")

    with pytest.raises(ConfigurationError, match="taken"):
        AsyncMightyClient("t", network_id=1, rate_limit=Refusing(FakeClock()))
