"""The storm: 200 concurrent calls on one client against an API that allows N per window.

Setup: the fake allows N = 20 requests per fixed W = 10 s window and answers 429 beyond it
(with ``Retry-After`` up to the window's end, or without it); answers take L = 0.2 s to come
back. The client is configured with the server's budget, N per W, and a burst of B = 2.

The bound on 429s, and why: the token bucket never runs above its ceiling N/W and holds at
most B tokens, so in ANY interval of length W it lets at most N + B requests start (asserted
directly: ``max_in_any_window <= N + B``). A fixed window of the server therefore receives at
most B requests beyond its N, and only those can be refused. So the run costs at most B 429s
per window it spans, whatever the 429s say, because the bound comes from pacing alone; the
gate and the probe make the real number smaller still (one or two per run here). The run spans
about 11 windows, so the bound is 22, where per-request retrying costs at least one 429 per
task beyond the first window's N (180 here: last test of this file).
"""

from __future__ import annotations

import math
import random

import anyio
import pytest

from mighty_async import AsyncMightyClient, MightyError, RateLimit, RetryPolicy

from .support.fakeclock import FakeClock
from .support.fakeserver import WindowServer

pytestmark = pytest.mark.anyio

N, W, B, L = 20, 10.0, 2, 0.2
CALLS = 200


async def storm(
    *,
    retry_after: bool,
    seed: int,
    rate_limit: RateLimit | None = RateLimit(requests=N, period=W, burst=B),  # noqa: B008
    retry: RetryPolicy | None = RetryPolicy(),  # noqa: B008
    limit: int = N,
) -> tuple[WindowServer, AsyncMightyClient, list[BaseException], FakeClock]:
    """Fire CALLS concurrent calls on one client and wait for all of them."""
    clock = FakeClock()
    server = WindowServer(clock, limit=limit, window=W, retry_after=retry_after, latency=L)
    failures: list[BaseException] = []
    async with clock.running():
        client = AsyncMightyClient(
            "tok",
            network_id=1,
            transport=server,
            rate_limit=rate_limit,
            retry=retry,
            clock=clock.now,
            sleep=clock.sleep,
            random=random.Random(seed).random,  # noqa: S311 - seeded for a reproducible run
        )

        async def one() -> None:
            try:
                await client.network()
            except MightyError as exc:
                failures.append(exc)

        async with client, anyio.create_task_group() as tg:
            for _ in range(CALLS):
                tg.start_soon(one)
    return server, client, failures, clock


def windows_spanned(server: WindowServer) -> int:
    return math.floor(max(server.arrivals) / server.window) + 1


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("retry_after", [True, False], ids=["retry-after", "no-retry-after"])
async def test_storm_every_call_succeeds_with_few_429s(retry_after, seed):
    """200 concurrent calls all succeed, with at most B 429s per window and no rate overshoot."""
    server, client, failures, _ = await storm(retry_after=retry_after, seed=seed)
    assert failures == []
    assert sum(server.accepted.values()) == CALLS
    bound = B * windows_spanned(server)
    assert server.rejected <= bound
    assert bound <= CALLS // 8
    assert server.max_in_any_window() <= N + B
    stats = client.stats
    assert stats.rate_limited == server.rejected
    assert stats.responses["2xx"] == CALLS
    assert stats.requests_sent == len(server.arrivals)
    assert server.open_connections == 0


@pytest.mark.parametrize("retry_after", [True, False], ids=["retry-after", "no-retry-after"])
async def test_storm_keeps_close_to_the_allowed_rate(retry_after):
    """Pacing and the gate cost little throughput: the run takes at most ~20% over the ideal."""
    _, _, failures, clock = await storm(retry_after=retry_after, seed=0)
    ideal = (CALLS - N) / (N / W)
    assert failures == []
    assert clock.now() <= 1.2 * ideal + W


@pytest.mark.parametrize("seed", [0, 1])
async def test_storm_with_an_overestimated_limit_adapts(seed):
    """A client that thinks the limit is 5x higher still succeeds, lowering its rate on 429s.

    With Retry-After each window's quota is used up early, one gate closure per window ends
    it, and only requests already in flight when the first 429 arrives are refused too: at
    most 1 + ceil(rate * L) + 1 per window (the bucket is emptied by a 429, so no burst).
    """
    ceiling = RateLimit(requests=5 * N, period=W, burst=B)
    server, client, failures, _ = await storm(retry_after=True, seed=seed, rate_limit=ceiling)
    assert failures == []
    per_window = 1 + math.ceil(ceiling.per_second * L) + 1
    assert server.rejected <= per_window * windows_spanned(server)
    assert client.stats.gate_closures <= windows_spanned(server)
    assert client.stats.limiter_rate is not None
    assert client.stats.limiter_rate <= ceiling.per_second


async def test_per_request_retrying_costs_a_429_per_task():
    """Without the limiter and the shared gate, the same storm draws 429s by the hundred.

    This is the behaviour of SDKs that retry each request on its own, and the baseline the
    bound above is measured against.
    """
    server, _, failures, _ = await storm(
        retry_after=True, seed=0, rate_limit=None, retry=RetryPolicy(shared_cooldown=False)
    )
    assert failures == []
    assert server.rejected >= CALLS - N


async def test_adaptive_rate_drops_under_429s_and_climbs_back_to_the_ceiling():
    """The limiter's rate falls while the server refuses, then returns to its ceiling."""
    clock = FakeClock()
    server = WindowServer(clock, limit=N, window=W, retry_after=True, latency=L)
    ceiling = RateLimit(requests=5 * N, period=W, burst=B)
    during_storm: list[float] = []
    recovering: list[float] = []
    async with clock.running():
        client = AsyncMightyClient(
            "tok",
            network_id=1,
            transport=server,
            rate_limit=ceiling,
            clock=clock.now,
            sleep=clock.sleep,
            random=random.Random(0).random,  # noqa: S311 - seeded for a reproducible run
        )

        async def sample(*, task_status: anyio.abc.TaskStatus[anyio.CancelScope]) -> None:
            with anyio.CancelScope() as scope:
                task_status.started(scope)
                while True:
                    during_storm.append(client.stats.limiter_rate or 0.0)
                    await clock.sleep(0.5)

        async with client, anyio.create_task_group() as tg:
            sampler = await tg.start(sample)
            async with anyio.create_task_group() as calls:
                for _ in range(60):
                    calls.start_soon(client.network)
            sampler.cancel()
            server.limit = 10**9
            for _ in range(60):
                await client.network()
                recovering.append(client.stats.limiter_rate or 0.0)
    assert min(during_storm) <= ceiling.per_second / 2
    assert max(during_storm + recovering) <= ceiling.per_second
    assert recovering == sorted(recovering)
    assert recovering[-1] == pytest.approx(ceiling.per_second)
