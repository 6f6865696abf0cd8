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

``--walks`` compares instead what the SDK costs per walk against raw httpx, decoding
included, without the sandbox's own work in the way:

    python benchmarks/fanout.py --walks
    python benchmarks/fanout.py --walks --members 10000 --walk-latency 0.02 --rounds 5

The sandbox renders every page once; a replay transport then answers each request with the
stored bytes (after ``--walk-latency`` seconds of real sleep, if any). Contenders, in
interleaved rounds (medians and spread kept): the raw walk (``httpx.AsyncClient`` +
``json.loads``, page after page, or ``--concurrency`` workers taking page numbers from a
shared counter), and ``client.members.list()`` with the msgspec fast path and without it
(cattrs only). The serial walk runs at zero latency; the concurrent one at
``--walk-latency``.
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


async def sdk_walk(transport: ReplayTransport, base_url: str, concurrency: int) -> int:
    async with AsyncMightyClient(
        "bench-token", network_id=1234, base_url=base_url, transport=transport, rate_limit=None
    ) as client:
        count = 0
        async for _ in client.members.list(per_page=PER_PAGE, concurrency=concurrency):
            count += 1
    return count


async def walks(members: int, latency: float, concurrency: int, rounds: int) -> None:
    pages, base_url, prefix = await render_pages(members)
    fast = fastpath.fast_decoder()
    contenders: dict[str, Any] = {
        "raw httpx + json.loads": lambda t, c: raw_walk(t, prefix, c),
        "sdk, speedups": lambda t, c: sdk_walk(t, base_url, c),
        "sdk, cattrs only": lambda t, c: sdk_walk(t, base_url, c),
    }
    if fast is None:
        del contenders["sdk, speedups"]
    print(f"{members} members, {len(pages)} pages of {PER_PAGE}; fast path: {fast is not None}")
    for label, walk_latency, workers in (
        ("serial, zero latency", 0.0, 1),
        (
            f"concurrency={concurrency}, {latency * 1000:g} ms per request",
            latency,
            concurrency,
        ),
    ):
        times: dict[str, list[float]] = {name: [] for name in contenders}
        names = list(contenders)
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
            print(f"    {name:24} {med:7.3f} s  (spread {spread})  {med / raw:5.2f}x raw")
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
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.walks:
        anyio.run(walks, args.members, args.walk_latency, args.concurrency, args.rounds)
    else:
        anyio.run(main, args.members, args.latency, args.concurrency)
