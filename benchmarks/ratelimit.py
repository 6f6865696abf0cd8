"""Benchmark: 2,000 GETs from 100 tasks against a window-limited fake API, ours vs naive.

Run from the repository root:

    python benchmarks/ratelimit.py                  # simulated time, every scenario (~seconds)
    python benchmarks/ratelimit.py --real-time      # real sleeps, windows scaled 60x shorter

The fake API allows ``limit`` requests per fixed ``window`` and answers 429 beyond it, with
``Retry-After`` (seconds to the end of the window) or without. Every answer takes ``latency``.

Contenders, each sending the same 2,000 GETs from 100 concurrent tasks:

- ours: `AsyncMightyClient` with its defaults (token bucket 100/60 s, burst 5, adaptive;
  shared cooldown gate; 429s retried within ``max_wait``).
- naive: a plain `httpx.AsyncClient`; each request retries on its own after a 429, sleeping
  its ``Retry-After`` or an exponential backoff with full jitter (base 1 s, cap 60 s), at most
  5 retries, which is what the SDKs we studied do.

By default time is simulated (tests/support/fakeclock.py: the clock jumps whenever every task
waits), so minutes of API time run in seconds and every run is reproducible. ``--real-time``
runs the first scenario with real sleeps and every duration divided by ``--scale``, as a
cross-check.
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeAlias

import anyio
import attrs
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mighty_async import AsyncMightyClient, MightyError, RateLimit, RetryPolicy
from mighty_async._sansio import backoff_delay, parse_retry_after
from tests.support.fakeclock import FakeClock

Now: TypeAlias = Callable[[], float]
Sleep: TypeAlias = Callable[[float], Awaitable[None]]
Rand: TypeAlias = Callable[[], float]

REQUESTS = 2_000
TASKS = 100
NAIVE_RETRIES = 5


@attrs.frozen
class Scenario:
    """What the server allows, and how it says no."""

    name: str
    limit: int
    window: float
    retry_after: bool
    latency: float = 0.05


SCENARIOS = [
    Scenario(
        "limit = our default budget (100/60 s), Retry-After sent", 100, 60.0, retry_after=True
    ),
    Scenario("limit = our default budget (100/60 s), no Retry-After", 100, 60.0, retry_after=False),
    Scenario("limit lower than we assume (60/60 s), Retry-After sent", 60, 60.0, retry_after=True),
    Scenario("limit lower than we assume (60/60 s), no Retry-After", 60, 60.0, retry_after=False),
]


class WindowAPI(httpx.AsyncBaseTransport):
    """A fake Admin API allowing ``limit`` requests per fixed window; 429 beyond it."""

    def __init__(
        self,
        scenario: Scenario,
        now: Now,
        sleep: Sleep,
        *,
        scale: float = 1.0,
    ) -> None:
        self.scenario = scenario
        self.scale = scale
        self.now = now
        self.sleep = sleep
        self.counts: dict[int, int] = {}
        self.rejected = 0
        self.accepted = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:  # noqa: ARG002
        """Count the request against its window and answer 200 or 429 after the latency."""
        s = self.scenario
        now = self.now()
        slot = math.floor(now / s.window)
        used = self.counts.get(slot, 0)
        if used < s.limit:
            self.counts[slot] = used + 1
            self.accepted += 1
            response = httpx.Response(200, json={"id": 1})
        else:
            self.rejected += 1
            # Whole seconds of API time, as a real server sends; divided by the speed-up.
            wait = math.ceil(((slot + 1) * s.window - now) * self.scale) / self.scale
            headers = {"Retry-After": f"{wait:g}"} if s.retry_after else {}
            response = httpx.Response(429, json={"error": "rate_limited"}, headers=headers)
        await self.sleep(s.latency)
        return response


@attrs.define
class Result:
    """What one contender achieved in one scenario."""

    contender: str
    duration: float = 0.0
    cpu: float = 0.0
    ok: int = 0
    failed: int = 0
    rate_limited: int = 0
    sent: int = 0

    def achieved(self, scenario: Scenario) -> float:
        """Successful requests per second, as a fraction of what the server allows."""
        allowed = scenario.limit / scenario.window
        return self.ok / self.duration / allowed if self.duration else 0.0


async def drive(worker: Callable[[], Awaitable[bool]]) -> tuple[int, int]:
    """Run REQUESTS calls of ``worker`` from TASKS tasks; return (succeeded, failed)."""
    remaining = REQUESTS
    ok = failed = 0

    async def task() -> None:
        nonlocal remaining, ok, failed
        while remaining > 0:
            remaining -= 1
            if await worker():
                ok += 1
            else:
                failed += 1

    async with anyio.create_task_group() as tg:
        for _ in range(TASKS):
            tg.start_soon(task)
    return ok, failed


async def run_ours(api: WindowAPI, *, scale: float, now: Now, sleep: Sleep, rand: Rand) -> Result:
    """This SDK with its default settings (durations divided by ``scale``)."""
    result = Result("ours")
    defaults = RetryPolicy()
    retry = RetryPolicy(  # every default duration, sped up like the API's windows
        max_wait=defaults.max_wait / scale,
        backoff_base=defaults.backoff_base / scale,
        backoff_cap=defaults.backoff_cap / scale,
        cooldown_base=defaults.cooldown_base / scale,
        cooldown_cap=defaults.cooldown_cap / scale,
        reopen_jitter=defaults.reopen_jitter / scale,
    )
    async with AsyncMightyClient(
        "bench-token",
        network_id=1,
        transport=api,
        rate_limit=RateLimit(period=RateLimit().period / scale),
        retry=retry,
        clock=now,
        sleep=sleep,
        random=rand,
    ) as client:

        async def get() -> bool:
            try:
                await client.network()
            except MightyError:
                return False
            return True

        result.ok, result.failed = await drive(get)
        result.sent = client.stats.requests_sent
    return result


async def run_naive(
    api: WindowAPI,
    *,
    scale: float,
    now: Now,  # noqa: ARG001 - same signature as run_ours
    sleep: Sleep,
    rand: Rand,
) -> Result:
    """Plain httpx, each request retrying its own 429s: Retry-After or backoff, 5 times."""
    result = Result("naive")
    async with httpx.AsyncClient(transport=api, base_url="https://api.mn.co") as http:

        async def get() -> bool:
            for attempt in range(NAIVE_RETRIES + 1):
                response = await http.get("/admin/v1/networks/1/")
                result.sent += 1
                if response.status_code != 429:
                    return response.is_success
                if attempt == NAIVE_RETRIES:
                    return False
                wait = parse_retry_after(response.headers)
                if wait is None:
                    wait = backoff_delay(attempt, base=1.0 / scale, cap=60.0 / scale, rand=rand())
                await sleep(wait)
            return False

        result.ok, result.failed = await drive(get)
    return result


Contender: TypeAlias = Callable[..., Awaitable[Result]]


async def run(
    scenario: Scenario, contender: Contender, *, real_time: bool, scale: float, seed: int
) -> Result:
    """Run one contender against a fresh fake API, on a fake or the real clock."""
    rand = random.Random(seed).random
    cpu_started = time.process_time()
    if real_time:
        api = WindowAPI(scenario, time.monotonic, anyio.sleep, scale=scale)
        origin = time.monotonic()
        result = await contender(api, scale=scale, now=time.monotonic, sleep=anyio.sleep, rand=rand)
        result.duration = time.monotonic() - origin
    else:
        clock = FakeClock()
        api = WindowAPI(scenario, clock.now, clock.sleep)
        async with clock.running():
            result = await contender(api, scale=scale, now=clock.now, sleep=clock.sleep, rand=rand)
        result.duration = clock.now()
    result.cpu = time.process_time() - cpu_started
    result.rate_limited = api.rejected
    return result


def scaled(scenario: Scenario, scale: float) -> Scenario:
    """The scenario with its window and latency divided by ``scale``."""
    return attrs.evolve(scenario, window=scenario.window / scale, latency=scenario.latency / scale)


def main() -> None:
    """Parse the options, run every scenario for both contenders, print one table each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real-time", action="store_true", help="real sleeps, first scenario")
    parser.add_argument("--scale", type=float, default=60.0, help="real-time speed-up factor")
    parser.add_argument("--backend", default="asyncio", choices=["asyncio", "trio"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log", action="store_true", help="show the transport's log lines")
    args = parser.parse_args()
    if not args.log:  # the gate's WARNING lines would interleave with the table
        logging.getLogger("mighty_async").setLevel(logging.ERROR)
    scale = args.scale if args.real_time else 1.0
    scenarios = SCENARIOS[:1] if args.real_time else SCENARIOS
    mode = f"real time, {scale:g}x faster" if args.real_time else "simulated time"
    print(f"{REQUESTS} GETs from {TASKS} tasks, {mode}, backend {args.backend}, seed {args.seed}")
    for base in scenarios:
        scenario = scaled(base, scale)
        print(f"\n{base.name}; answers take {base.latency * 1000:g} ms")
        print(
            f"  {'':6} {'API time':>10} {'achieved':>9} {'429s':>6} {'sent':>6} "
            f"{'failed':>6} {'CPU s':>6}"
        )
        for contender in (run_ours, run_naive):
            result = anyio.run(
                lambda c=contender, s=scenario: run(
                    s, c, real_time=args.real_time, scale=scale, seed=args.seed
                ),
                backend=args.backend,
            )
            api_seconds = result.duration * scale
            print(
                f"  {result.contender:6} {api_seconds:9.0f}s {result.achieved(scenario):9.2f} "
                f"{result.rate_limited:6d} {result.sent:6d} {result.failed:6d} {result.cpu:6.1f}"
            )
    print(
        "\nAPI time: how long the run took in the API's time (wall time for --real-time, "
        "times the scale)."
        "\nachieved: successful requests per second over the server's allowed rate "
        "(limit / window); a contender that gives up on calls stops early, so its rate "
        "counts only what succeeded."
    )


if __name__ == "__main__":
    main()
