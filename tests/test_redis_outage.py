"""RedisLimiter when Redis dies, hangs or comes back: the fallback policy, no hang, no burst.

This module's redis-server is killed (SIGKILL), frozen (SIGSTOP: it accepts connections and
never answers) and restarted; each test leaves it running. Times are real and short: Redis
timeouts of 0.2-0.25 s, outages of about a second. The tests that depend on them are marked
``realtime`` (``pytest -m "not realtime"`` skips them; the default run, and CI, includes them).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    LimiterUnavailable,
    QuotaExceeded,
    RateLimit,
    RedisLimiter,
    RetryPolicy,
)

from .support.fleet import DELAY_ALLOWANCE, fleet_sandbox, max_in_window, times

N = 20
PER = 0.5
BURST = 4
TIMEOUT = 0.25
RECONNECT = 0.3


@pytest.fixture
def server(redis_server):
    """The module's Redis, running again after the test whatever the test did to it."""
    yield redis_server
    redis_server.thaw()
    if redis_server.process is None or redis_server.process.poll() is not None:
        redis_server.start()


def limiter_for(server, key: str, **settings) -> RedisLimiter:
    settings.setdefault("rate", N)
    settings.setdefault("per", PER)
    settings.setdefault("burst", BURST)
    return RedisLimiter(
        server.url,
        key=key,
        timeout=TIMEOUT,
        clock=time.monotonic,
        sleep=asyncio.sleep,
        **settings,
    )


def client_for(limiter: RedisLimiter, transport: httpx.AsyncBaseTransport | None = None, **kw):
    return AsyncMightyClient(
        "t",
        network_id=1,
        rate_limit=limiter,
        retry=RetryPolicy(reopen_jitter=0.0),
        clock=time.monotonic,
        sleep=asyncio.sleep,
        transport=transport,
        **kw,
    )


class Counting(httpx.AsyncBaseTransport):
    """An API that answers everything with 200 and counts what it got."""

    def __init__(self) -> None:
        self.sent = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        del request
        self.sent += 1
        return httpx.Response(200, json={"id": 1})


@pytest.mark.realtime
def test_killed_mid_run_the_fleet_falls_back_then_reconnects(server, caplog):
    """Redis killed under load: calls go on at each process's share, then share Redis again.

    Two limiters stand for two processes, each with 8 busy tasks, against a served sandbox.
    Redis is killed after 0.6 s and restarted 1 s later; every call must succeed, the fleet's
    pace during the outage must stay within N + burst per window (each process paces at half the
    rate, with half the burst), and both limiters must be back on Redis at the end. Over the
    whole run a window may see one extra burst per switch plus, while one process is back on
    Redis and the other still falls back (at most one reconnect interval), the latter's share.

    Real time: Redis's clock, its timeouts and the reconnect interval are real. On a loaded
    2-core machine the counts asked for (N in about 0.95 s during the outage and in 0.6 s
    after it) are well under what the pace allows (about 40 and 28). The pace bounds count
    arrivals, so each allows ``DELAY_ALLOWANCE`` (0.25 s) between a grant and its arrival, as
    the fleet tests do: a window may hold what the pace grants in 0.75 s (34 here). Both
    processes at the full rate would put up to 48 in a window, so the bound still tells a
    halved pace from none (the busiest outage window held 21-22 in 4 runs at a load average
    of 5).
    """
    caplog.set_level(logging.WARNING, logger="mighty_async")
    key = f"outage-{uuid.uuid4().hex[:8]}"
    marks: dict[str, float] = {}
    failures: list[BaseException] = []

    async def run(api_url: str) -> list[RedisLimiter]:
        limiters = [limiter_for(server, key, reconnect_interval=RECONNECT) for _ in range(2)]
        stop = asyncio.Event()

        async def busy(client: AsyncMightyClient) -> None:
            while not stop.is_set():
                try:
                    await client.network()
                except Exception as exc:  # noqa: BLE001 - any failure fails the test below
                    failures.append(exc)

        clients = [client_for(limiter, base_url=api_url) for limiter in limiters]
        tasks = [asyncio.create_task(busy(c)) for c in clients for _ in range(8)]
        await asyncio.sleep(0.6)
        marks["killed"] = time.monotonic()
        server.kill()
        await asyncio.sleep(1.0)
        server.start()
        marks["restarted"] = time.monotonic()
        await asyncio.sleep(1.0)
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 5)
        for client in clients:
            await client.aclose()
        for limiter in limiters:
            await limiter.aclose()
        return limiters

    sandbox = fleet_sandbox(network_id=1, token="t")  # what client_for sends
    with sandbox.serve_in_thread() as url:
        limiters = asyncio.run(asyncio.wait_for(run(url), 15))

    assert failures == []
    assert [limiter.fallbacks for limiter in limiters] == [1, 1]
    assert [limiter.mode for limiter in limiters] == ["redis", "redis"]
    share = f"pacing this process alone at {N / PER / 2:g} requests/s"
    assert caplog.text.count(share) == 2, "each process should fall back to half the rate"
    assert "Redis answers again" in caplog.text
    arrivals = times(sandbox.requests)
    during = [t for t in arrivals if marks["killed"] + 0.05 < t < marks["restarted"]]
    after = [t for t in arrivals if t > marks["restarted"] + 0.4]
    assert len(during) >= N, "calls stopped while Redis was down"
    delayed = math.ceil(N / PER * DELAY_ALLOWANCE)
    assert max_in_window(during, PER) <= N + BURST + delayed, sorted(during)
    # Each switch (to the fallback, back to a restarted, empty Redis) may add one burst, and
    # a process still falling back while the other is back on Redis adds its share (N / PER
    # over 2 processes) for at most one reconnect interval.
    overlap = math.ceil(N / PER / 2 * RECONNECT)
    bound = N + 2 * BURST + overlap + delayed
    assert max_in_window(arrivals, PER) <= bound, (marks, sorted(arrivals))
    assert len(after) >= N, "calls did not resume on Redis"


@pytest.mark.realtime
def test_requests_made_while_down_are_added_to_the_monthly_count(server):
    """After Redis returns, the requests sent during the outage join the month's count.

    Real time: the limiter tries Redis again only after a real reconnect interval (0.2 s);
    the test sleeps 0.25 s, and a loaded machine only makes that sleep longer, never shorter.
    """
    key = f"tally-{uuid.uuid4().hex[:8]}"

    async def run() -> tuple[int, int]:
        api = Counting()
        async with (
            limiter_for(server, key, rate=1000, per=1, burst=50, reconnect_interval=0.2) as limiter,
            client_for(limiter, api) as client,
        ):
            for _ in range(5):
                await client.network()
            server.kill()  # an unpersisted server: these 5 are lost with it
            for _ in range(6):
                await client.network()
            assert limiter.mode == "fallback"
            server.start()
            await asyncio.sleep(0.25)
            for _ in range(4):
                await client.network()
            assert limiter.mode == "redis"
            return (await limiter.usage()).requests, api.sent

    assert asyncio.run(run()) == (10, 15)


@pytest.mark.realtime
def test_a_frozen_redis_never_hangs_a_call(server, caplog):
    """A Redis that accepts and never answers costs one timeout, then the fallback paces.

    Real time: the timeout (0.25 s) is redis-py's, on the real clock. The bound (timeout plus
    0.5 s for three calls) leaves twice the timeout for scheduling on a loaded 2-core machine;
    without the timeout the calls would hang until the 10 s guard.
    """
    caplog.set_level(logging.WARNING, logger="mighty_async")
    key = f"frozen-{uuid.uuid4().hex[:8]}"

    async def run() -> tuple[float, int]:
        api = Counting()
        async with limiter_for(server, key) as limiter, client_for(limiter, api) as client:
            await client.network()
            server.freeze()
            started = time.monotonic()
            for _ in range(3):
                await client.network()
            took = time.monotonic() - started
            assert limiter.mode == "fallback"
            with pytest.raises(LimiterUnavailable, match="monthly count"):
                await limiter.usage()
            server.thaw()
            return took, api.sent

    took, sent = asyncio.run(asyncio.wait_for(run(), 10))
    assert sent == 4
    assert took < TIMEOUT + 0.5
    assert "TimeoutError" in caplog.text


@pytest.mark.realtime
def test_fail_closed_refuses_while_down_and_recovers(server):
    """With on_redis_error='fail_closed' a call raises LimiterUnavailable, sending nothing.

    Real time: a frozen Redis is detected by redis-py's real timeout (0.25 s); the bound of
    timeout plus 0.5 s leaves twice the timeout for scheduling on a loaded 2-core machine.
    """
    key = f"closed-{uuid.uuid4().hex[:8]}"

    async def run() -> tuple[int, int]:
        api = Counting()
        async with (
            limiter_for(server, key, on_redis_error="fail_closed") as limiter,
            client_for(limiter, api) as client,
        ):
            await client.network()
            server.kill()
            with pytest.raises(LimiterUnavailable, match="not sent") as caught:
                await client.network()
            assert caught.value.__cause__ is not None
            sent_while_down = api.sent
            server.start()
            server.freeze()
            started = time.monotonic()
            with pytest.raises(LimiterUnavailable):
                await client.network()
            assert time.monotonic() - started < TIMEOUT + 0.5
            server.thaw()
            await client.network()
            return sent_while_down, api.sent

    assert asyncio.run(asyncio.wait_for(run(), 10)) == (1, 2)


def test_the_budget_is_estimated_while_down(server):
    """During an outage the budget is checked against the last count plus what was sent since."""
    key = f"budget-{uuid.uuid4().hex[:8]}"

    async def run() -> tuple[QuotaExceeded, int]:
        api = Counting()
        async with (
            limiter_for(server, key, rate=1000, per=1, burst=50, monthly_budget=5) as limiter,
            client_for(limiter, api) as client,
        ):
            for _ in range(4):
                await client.network()
            server.kill()
            await client.network()
            with pytest.raises(QuotaExceeded) as caught:
                await client.network()
            return caught.value, api.sent

    error, sent = asyncio.run(run())
    assert sent == 5
    assert error.estimated
    assert (error.used, error.budget) == (5, 5)
    assert "about 5 sent" in str(error)


def test_a_fallback_rate_can_be_given(server):
    """fallback=RateLimit(...) sets the outage pace instead of the derived share."""
    key = f"given-{uuid.uuid4().hex[:8]}"
    own = RateLimit(requests=7, period=1, burst=1)

    async def run() -> float:
        async with limiter_for(server, key, fallback=own, network_id=1) as limiter:
            await limiter.acquire()
            server.kill()
            await limiter.acquire()
            return limiter.rate

    assert asyncio.run(run()) == 7.0


@pytest.mark.parametrize("policy", ["fallback", "fail_closed"])
def test_a_429_that_cannot_be_shared_is_logged_not_raised(server, caplog, policy):
    """settle() with Redis down logs a warning and never raises: the request already went."""
    caplog.set_level(logging.WARNING, logger="mighty_async")
    key = f"settle-{uuid.uuid4().hex[:8]}"

    async def run() -> str:
        async with limiter_for(server, key, network_id=1, on_redis_error=policy) as limiter:
            await limiter.acquire()
            server.kill()
            refused = httpx.Response(429)
            limiter.on_response(refused)
            await limiter.settle(refused, 1.0)
            return limiter.mode

    expected = "fallback" if policy == "fallback" else "redis"
    assert asyncio.run(run()) == expected
    assert "could not share a 429 answer through Redis (network 1)" in caplog.text
