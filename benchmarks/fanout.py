"""Benchmark: walking 10,000 members serially vs with page fan-out, at 50 ms per request.

Run from the repository root:

    python benchmarks/fanout.py
    python benchmarks/fanout.py --members 10000 --latency 0.05 --concurrency 8 --rounds 3

The sandbox (in-process) holds ``--members`` members and answers every request after
``--latency`` seconds of real sleep, like a distant API. The walk asks for pages of 100. The
client's rate limiter is off (``rate_limit=None``): this measures the walk, not the pacing.

Three walks run in each round, interleaved: serial (``concurrency=1``), the fan-out of a plain
``async for`` (batches of ``4 x concurrency`` pages) and the fan-out of
``async with paginator.stream()`` (a window of ``concurrency`` requests, each page handed out
as soon as it and those before it arrived). Medians over the rounds are printed: total time,
time to the first item, requests, the speed-up over serial, how far from the ideal
(ceil(pages / concurrency) x latency) each fan-out is, and the pages that were requested
past the end of the list.

``--walks`` compares instead what the SDK costs per walk against raw httpx, decoding
included, without the sandbox's own work in the way:

    python benchmarks/fanout.py --walks
    python benchmarks/fanout.py --walks --members 10000 --walk-latency 0.02 --rounds 5

The sandbox renders every page once; a replay transport then answers each request with the
stored bytes (after ``--walk-latency`` seconds of real sleep, if any). Contenders, in
interleaved rounds (medians and spread kept): the raw walk (``httpx.AsyncClient`` +
``json.loads``, page after page, or ``--concurrency`` workers taking page numbers from a
shared counter), and ``client.members.list()`` with the msgspec fast path and without it
(cattrs only), each a plain ``async for``; the concurrent walk adds the fast path's
``collect()`` and ``stream()``, which keep ``--concurrency`` requests in flight all along
(a plain ``async for`` fetches in batches of ``4 x concurrency`` pages). The serial walk runs
at zero latency; the concurrent one at ``--walk-latency``.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mighty_async._fastpath as fastpath
from mighty_async import AsyncMightyClient
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


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answer every page request with the bytes the sandbox rendered for it, once."""

    def __init__(self, pages: dict[int, bytes], latency: float) -> None:
        self._pages = pages
        self._empty = json.dumps({"items": [], "links": {"next": None}}).encode()
        self.latency = latency

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:  # noqa: D102
        if self.latency:
            await anyio.sleep(self.latency)
        number = int(request.url.params.get("page", "1"))
        content = self._pages.get(number, self._empty)
        return httpx.Response(
            200, content=content, headers={"content-type": "application/json"}, request=request
        )


async def render_pages(members: int) -> tuple[dict[int, bytes], str, str]:
    sandbox = Sandbox(seed=0, members=members, spaces=0, posts=0, events=0)
    prefix = f"{sandbox.base_url}/admin/v1/networks/{sandbox.network_id}/members"
    pages: dict[int, bytes] = {}
    async with httpx.AsyncClient(
        transport=sandbox.transport(), headers={"Authorization": f"Bearer {sandbox.token}"}
    ) as http:
        for number in range(1, math.ceil(members / PER_PAGE) + 1):
            response = await http.get(prefix, params={"page": number, "per_page": PER_PAGE})
            pages[number] = response.content
    return pages, sandbox.base_url, prefix


async def raw_walk(transport: ReplayTransport, prefix: str, concurrency: int) -> int:
    count = 0
    next_page = 1
    done = False

    async def worker(http: httpx.AsyncClient) -> None:
        nonlocal count, next_page, done
        while not done:
            number = next_page
            next_page += 1
            response = await http.get(prefix, params={"page": number, "per_page": PER_PAGE})
            items = json.loads(response.content)["items"]
            count += len(items)
            if len(items) < PER_PAGE:
                done = True

    async with httpx.AsyncClient(transport=transport) as http, anyio.create_task_group() as tg:
        for _ in range(concurrency):
            tg.start_soon(worker, http)
    return count


async def sdk_walk(
    transport: ReplayTransport, base_url: str, concurrency: int, way: str = "async for"
) -> int:
    async with AsyncMightyClient(
        "bench-token", network_id=1234, base_url=base_url, transport=transport, rate_limit=None
    ) as client:
        paginator = client.members.list(per_page=PER_PAGE, concurrency=concurrency)
        if way == "collect()":
            return len(await paginator.collect())
        count = 0
        if way == "stream()":
            async with paginator.stream() as members:
                async for _ in members:
                    count += 1
            return count
        async for _ in paginator:
            count += 1
    return count


async def walks(members: int, latency: float, concurrency: int, rounds: int) -> None:
    pages, base_url, prefix = await render_pages(members)
    fast = fastpath.fast_decoder()
    contenders: dict[str, Any] = {
        "raw httpx + json.loads": lambda t, c: raw_walk(t, prefix, c),
        "sdk, speedups": lambda t, c: sdk_walk(t, base_url, c),
        "sdk, cattrs only": lambda t, c: sdk_walk(t, base_url, c),
        "sdk, speedups, collect()": lambda t, c: sdk_walk(t, base_url, c, "collect()"),
        "sdk, speedups, stream()": lambda t, c: sdk_walk(t, base_url, c, "stream()"),
    }
    if fast is None:
        for name in [name for name in contenders if "speedups" in name]:
            del contenders[name]
    print(f"{members} members, {len(pages)} pages of {PER_PAGE}; fast path: {fast is not None}")
    for label, walk_latency, workers in (
        ("serial, zero latency", 0.0, 1),
        (
            f"concurrency={concurrency}, {latency * 1000:g} ms per request",
            latency,
            concurrency,
        ),
    ):
        names = [name for name in contenders if workers > 1 or "()" not in name]
        times: dict[str, list[float]] = {name: [] for name in names}
        for index in range(rounds):
            for name in names[index % len(names) :] + names[: index % len(names)]:
                fastpath.use_fast_decoder(None if name == "sdk, cattrs only" else fast)
                transport = ReplayTransport(pages, walk_latency)
                start = time.perf_counter()
                count = await contenders[name](transport, workers)
                times[name].append(time.perf_counter() - start)
                if count != members:
                    raise SystemExit(f"{name} walked {count} members, not {members}")
        fastpath.use_fast_decoder(fast)
        raw = statistics.median(times["raw httpx + json.loads"])
        print(f"  {label}")
        for name in names:
            med = statistics.median(times[name])
            spread = f"{min(times[name]):.3f}-{max(times[name]):.3f}"
            print(f"    {name:26} {med:7.3f} s  (spread {spread})  {med / raw:5.2f}x raw")
        if workers > 1:
            ideal = math.ceil(len(pages) / workers) * latency
            print(f"    ideal (pages / concurrency x latency) {ideal:.3f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--walks", action="store_true", help="SDK walks against raw httpx")
    parser.add_argument("--walk-latency", type=float, default=0.02)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.walks:
        anyio.run(walks, args.members, args.walk_latency, args.concurrency, args.rounds)
    else:
        anyio.run(main, args.members, args.latency, args.concurrency, args.rounds)
