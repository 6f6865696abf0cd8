"""Benchmark: ``get_many`` of 2,000 ids at concurrency 50 under the sandbox's rate limit.

Run from the repository root:

    python benchmarks/bulk.py                 # simulated time (tests/support/fakeclock.py), seconds
    python benchmarks/bulk.py --real-time     # real sleeps, the window scaled down 60x

The in-process sandbox allows ``--limit`` requests per sliding ``--window`` seconds and answers
429 beyond it (with ``Retry-After``, and again without). The client keeps its defaults: the
adaptive token bucket at 100 requests per 60 s (burst 5), the shared cooldown gate, retries
within ``max_wait``. Prints the achieved rate (successes per second over the allowed rate),
the 429s the sandbox sent, and the calls that failed.

In simulated time the sandbox, the client and the fake clock share one virtual clock, so 20
minutes of API time take a few seconds and every run prints the same numbers.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mighty_async import RateLimit
from mighty_async.testing import RateWindow, Sandbox
from tests.support.fakeclock import FakeClock


async def run(
    *, calls: int, concurrency: int, limit: int, window: float, retry_after: bool, real: bool
) -> None:
    clock = FakeClock()
    now = time.monotonic if real else clock.now
    sleep = anyio.sleep if real else clock.sleep
    sandbox = Sandbox(
        seed=0,
        members=500,
        spaces=0,
        posts=0,
        events=0,
        rate_limit=RateWindow(requests=limit, period=window),
        retry_after=retry_after,
        clock=now,
        sleep=sleep,
    )
    ids = (sandbox.member_ids * (calls // len(sandbox.member_ids) + 1))[:calls]
    client_limit = RateLimit(requests=limit, period=window) if real else RateLimit()

    async def body() -> tuple[float, list[object]]:
        async with sandbox.client(clock=now, sleep=sleep, rate_limit=client_limit) as client:
            start = now()
            results = await client.members.get_many(ids, concurrency=concurrency).settle()
            return now() - start, results

    if real:
        elapsed, results = await body()
    else:
        async with clock.running():
            elapsed, results = await body()
    failures = sum(isinstance(r, Exception) for r in results)
    successes = len(results) - failures
    statuses = sandbox.statuses
    refused = sum(1 for s in statuses if s == 429)
    allowed = limit / window
    achieved = successes / elapsed / allowed if elapsed else float("inf")
    mode = "with Retry-After" if retry_after else "no Retry-After  "
    print(
        f"  {mode}  time {elapsed:8.1f}s  achieved {achieved:5.2f}  "
        f"429s {refused:4d}  requests {len(statuses):5d}  failures {failures}"
    )


async def main(args: argparse.Namespace) -> None:
    limit, window = (args.limit, args.window / 60) if args.real_time else (args.limit, args.window)
    kind = "real time, window / 60" if args.real_time else "simulated time"
    print(
        f"get_many of {args.calls} ids, concurrency {args.concurrency}, sandbox limit "
        f"{limit} per {window:g}s ({kind})"
    )
    for retry_after in (True, False):
        await run(
            calls=args.calls,
            concurrency=args.concurrency,
            limit=limit,
            window=window,
            retry_after=retry_after,
            real=args.real_time,
        )


if __name__ == "__main__":
    logging.getLogger("mighty_async").setLevel(logging.ERROR)  # the cooldown warnings
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--real-time", action="store_true")
    anyio.run(main, parser.parse_args())
