"""Benchmark: walking 100,000 members keeps memory flat (items are streamed, not kept).

Run from the repository root:

    python benchmarks/memory.py
    python benchmarks/memory.py --members 100000 --concurrency 8

The sandbox is built first (its own 100,000 records are not counted); then tracemalloc
measures the peak of everything allocated while the SDK walks every member and drops each
one after reading it. Goal: peak under 30 MB above the start.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mighty_async.testing import Sandbox

MB = 1024 * 1024


async def main(members: int, concurrency: int) -> None:
    sandbox = Sandbox(seed=0, members=members, spaces=0, posts=0, events=0)
    async with sandbox.client(rate_limit=None) as client:
        await client.members.get(sandbox.member_ids[0])
        tracemalloc.start()
        start_current, _ = tracemalloc.get_traced_memory()
        started = time.perf_counter()
        count = 0
        async for _member in client.members.list(per_page=100, concurrency=concurrency):
            count += 1
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"walked {count} members with concurrency={concurrency} in {elapsed:.1f} s")
    print(f"  peak traced memory above the start: {(peak - start_current) / MB:.1f} MB (goal < 30)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    anyio.run(main, args.members, args.concurrency)
