"""Benchmark: walking 10,000 members serially vs with page fan-out, at 50 ms per request.

Run from the repository root:

    python benchmarks/fanout.py
    python benchmarks/fanout.py --members 10000 --latency 0.05 --concurrency 8 --rounds 3

The sandbox (in-process) holds ``--members`` members and answers every request after
``--latency`` seconds of real sleep, like a distant API. The walk asks for pages of 100. The
client's rate limiter is off (``rate_limit=None``): this measures the walk, not the pacing.

Three walks run in each round, interleaved: serial (``concurrency=1``), the fan-out of a plain
``async for`` (waves of ``4 x concurrency`` pages) and the fan-out of
``async with paginator.stream()`` (workers that hand each page out as soon as it and those
before it arrived). Medians over the rounds are printed: total time, time to the first item,
requests, the speed-up over serial, how far from the ideal (ceil(pages / concurrency) x
latency) each fan-out is, and the pages that were requested past the end of the list.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mighty_async.testing import Sandbox

PER_PAGE = 100
WAYS = ("serial", "async for", "stream()")


async def walk(sandbox: Sandbox, way: str, concurrency: int) -> tuple[float, float, int]:
    """One walk; its total time, the time to its first item, and the requests it made."""
    before = len(sandbox.requests)
    ids: list[int] = []
    first = math.nan
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(
            per_page=PER_PAGE, concurrency=1 if way == "serial" else concurrency
        )
        start = time.perf_counter()
        if way == "stream()":
            async with paginator.stream() as members:
                async for member in members:
                    if not ids:
                        first = time.perf_counter() - start
                    ids.append(member.id)
        else:
            async for member in paginator:
                if not ids:
                    first = time.perf_counter() - start
                ids.append(member.id)
        elapsed = time.perf_counter() - start
    if ids != sandbox.member_ids:
        raise SystemExit(f"the {way} walk lost, repeated or reordered members")
    return elapsed, first, len(sandbox.requests) - before


async def main(members: int, latency: float, concurrency: int, rounds: int) -> None:
    sandbox = Sandbox(seed=0, members=members, spaces=0, posts=0, events=0)
    sandbox.faults.latency(latency)
    pages = math.ceil(members / PER_PAGE)
    runs: dict[str, list[tuple[float, float, int]]] = {way: [] for way in WAYS}
    for _ in range(rounds):
        for way in WAYS:
            runs[way].append(await walk(sandbox, way, concurrency))
    median = {
        way: tuple(statistics.median(run[i] for run in results) for i in range(3))
        for way, results in runs.items()
    }
    serial = median["serial"][0]
    ideal = math.ceil(pages / concurrency) * latency
    print(
        f"{members} members, {pages} pages of {PER_PAGE}, {latency * 1000:g} ms per request, "
        f"concurrency={concurrency}, medians of {rounds} interleaved rounds"
    )
    print(
        f"  {'walk':<10} {'total':>8} {'first item':>11} {'requests':>9} {'speed-up':>9} "
        f"{'/ ideal':>8}"
    )
    for way in WAYS:
        total, first, requests = median[way]
        ratio = "" if way == "serial" else f"{total / ideal:8.2f}"
        print(
            f"  {way:<10} {total:7.2f}s {first:10.3f}s {requests:9.0f} {serial / total:8.2f}x "
            f"{ratio}"
        )
    print(f"  ideal fan-out {ideal:.2f} s (goals: speed-up >= 6x, / ideal <= 1.25)")
    past = {way: median[way][2] - median["serial"][2] for way in WAYS[1:]}
    print(f"  pages past the end: {past} (bound: {concurrency - 1})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    anyio.run(main, args.members, args.latency, args.concurrency, args.rounds)
