"""Benchmark: walking 10,000 members serially vs with page fan-out, at 50 ms per request.

Run from the repository root:

    python benchmarks/fanout.py
    python benchmarks/fanout.py --members 10000 --latency 0.05 --concurrency 8

The sandbox (in-process) holds ``--members`` members and answers every request after
``--latency`` seconds of real sleep, like a distant API. The walk asks for pages of 100. The
client's rate limiter is off (``rate_limit=None``): this measures the walk, not the pacing.

Prints the serial time, the fan-out time, the speed-up, the ideal fan-out time
(ceil(pages / concurrency) x latency) and how far from it the fan-out is, and the pages that
were requested past the end of the list.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mighty_async.testing import Sandbox

PER_PAGE = 100


async def walk(sandbox: Sandbox, concurrency: int) -> tuple[float, int, int]:
    before = len(sandbox.requests)
    async with sandbox.client(rate_limit=None) as client:
        start = time.perf_counter()
        ids = [m.id async for m in client.members.list(per_page=PER_PAGE, concurrency=concurrency)]
        elapsed = time.perf_counter() - start
    if len(ids) != len(set(ids)) or len(ids) != len(sandbox.member_ids):
        raise SystemExit(f"walk with concurrency={concurrency} lost or repeated members")
    return elapsed, len(ids), len(sandbox.requests) - before


async def main(members: int, latency: float, concurrency: int) -> None:
    sandbox = Sandbox(seed=0, members=members, spaces=0, posts=0, events=0)
    sandbox.faults.latency(latency)
    pages = math.ceil(members / PER_PAGE)
    serial, count, serial_requests = await walk(sandbox, 1)
    fanout, _, fanout_requests = await walk(sandbox, concurrency)
    ideal = math.ceil(pages / concurrency) * latency
    print(f"{count} members, {pages} pages of {PER_PAGE}, {latency * 1000:g} ms per request")
    print(f"  serial            {serial:6.2f} s   {serial_requests} requests")
    print(f"  concurrency={concurrency:<4}  {fanout:6.2f} s   {fanout_requests} requests")
    print(f"  speed-up          {serial / fanout:6.2f}x   (goal >= 6x)")
    print(
        f"  ideal fan-out     {ideal:6.2f} s   fan-out / ideal {fanout / ideal:.2f} (goal <= 1.25)"
    )
    print(f"  pages past the end: {fanout_requests - serial_requests} (bound: {concurrency - 1})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    anyio.run(main, args.members, args.latency, args.concurrency)
