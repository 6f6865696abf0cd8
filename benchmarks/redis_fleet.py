"""Benchmark: a fleet of processes against one window-limited sandbox, shared vs per-process.

Run from the repository root (needs ``redis-server`` on the PATH, or ``REDIS_SERVER``):

    python benchmarks/redis_fleet.py
    python benchmarks/redis_fleet.py --processes 8 --calls 2

The API is the sandbox served over real HTTP on 127.0.0.1 (``fleet_sandbox`` in
tests/support/fleet.py, with ``RateWindow(limit, window, fixed=True)``): it allows ``--limit``
requests per fixed ``--window`` seconds and answers 429 beyond, with ``Retry-After`` (whole
seconds to the end of the window). ``--processes`` worker processes, each one
`AsyncMightyClient` with ``--tasks`` concurrent tasks making ``--calls`` GETs each, share that
limit. Two fleets, one after the other, in one run:

- redis: every process has a `RedisLimiter` on one private redis-server, configured with the
  API's limit (``rate=limit, per=window``, burst 5);
- per-process: every process has its own in-process `TokenBucket` with the same setting, as a
  fleet that does not share its limiter would; together they allow ``processes`` times the
  API's limit.

Both keep the SDK's defaults otherwise (adaptive rate, shared cooldown gate within a process,
429s retried within ``max_wait``). Each fleet runs twice: against the API enforcing its limit
(what it costs), and against one that only counts (what the fleet would send if nobody said
no). Time is real: Redis's clock is.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mighty_async.testing import RateWindow, Sandbox
from tests.support.fleet import fixed_window_counts, fleet_sandbox, run_fleet, times, worker_config
from tests.support.redis_server import RedisServer, redis_binary

BURST = 5


@attrs.frozen
class Row:
    """What one fleet achieved."""

    name: str
    seconds: float
    ok: int
    failed: int
    sent: int
    rate_limited: int
    peak: int
    achieved: float


def measure(
    name: str, api: Sandbox, results: list[dict[str, Any]], limit: int, window: float
) -> Row:
    """Summarise a fleet run from the sandbox's requests log and the workers' reports."""
    start = min(r["started"] for r in results)
    end = max(r["finished"] for r in results)
    ok = sum(r["outcome"].get("ok", 0) for r in results)
    failed = sum(n for r in results for k, n in r["outcome"].items() if k != "ok")
    seconds = end - start
    return Row(
        name=name,
        seconds=seconds,
        ok=ok,
        failed=failed,
        sent=len(api.requests),
        rate_limited=api.statuses.count(429),
        peak=max(fixed_window_counts(times(api.requests), window)),
        achieved=ok / seconds / (limit / window),
    )


def run(
    name: str, args: argparse.Namespace, redis: RedisServer, *, enforce: bool, **settings: Any
) -> Row:
    """Run one fleet against a fresh sandbox (enforcing its limit or not); return its row."""
    window = RateWindow(args.limit, args.window, fixed=True) if enforce else None
    origin = time.monotonic()
    # The sandbox's clock starts at 0 here, so its windows run from its start, the fleet's
    # start falling inside the first one: every run meets the windows at the same phase.
    api = fleet_sandbox(rate_limit=window, clock=lambda: time.monotonic() - origin)
    with api.serve_in_thread() as url:
        configs = [
            worker_config(
                f"{name}-{n}",
                api_url=url,
                redis_url=redis.url,
                key=f"bench-{uuid.uuid4().hex[:8]}",
                rate=args.limit,
                per=args.window,
                burst=BURST,
                tasks=args.tasks,
                calls=args.calls,
                reopen_jitter=0.5,
                **settings,
            )
            for n in range(args.processes)
        ]
        key = configs[0]["key"]
        for config in configs:
            config["key"] = key
        results = run_fleet(configs, timeout=600)
    return measure(name, api, results, args.limit, args.window)


def main() -> None:
    """Parse the options, run both fleets, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--tasks", type=int, default=25, help="concurrent tasks per process")
    parser.add_argument("--calls", type=int, default=8, help="calls per task")
    parser.add_argument("--limit", type=int, default=50, help="requests the API allows per window")
    parser.add_argument("--window", type=float, default=1.0, help="the API's window, seconds")
    args = parser.parse_args()
    binary = redis_binary()
    if binary is None:
        sys.exit("needs redis-server on the PATH (or REDIS_SERVER=/path/to/redis-server)")
    total = args.processes * args.tasks * args.calls
    print(
        f"{args.processes} processes x {args.tasks} tasks x {args.calls} GETs = {total} calls; "
        f"the API allows {args.limit} per {args.window:g} s window (429 + Retry-After beyond)"
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir:
        redis = RedisServer(binary, Path(workdir))
        redis.start()
        try:
            for enforce, title in (
                (True, "the API enforces its limit"),
                (False, "the API only counts (what each fleet sends when nobody says no)"),
            ):
                print(f"\n{title}")
                print(
                    f"  {'':12} {'seconds':>8} {'achieved':>9} {'peak':>5} {'429s':>6} "
                    f"{'sent':>6} {'failed':>6}"
                )
                for name, limiter in (("redis", "redis"), ("per-process", "local")):
                    row = run(name, args, redis, enforce=enforce, limiter=limiter)
                    print(
                        f"  {row.name:12} {row.seconds:8.1f} {row.achieved:9.2f} "
                        f"{row.peak:5d} {row.rate_limited:6d} {row.sent:6d} "
                        f"{row.failed:6d}",
                        flush=True,
                    )
        finally:
            redis.kill()
    print(
        f"\nwhole run: {time.monotonic() - started:.0f} s of wall time"
        "\nseconds: from the first worker's start to the last one's end (wall time)."
        "\nachieved: successful calls per second over the API's allowed rate (limit / window)."
        "\npeak: the most requests (429s included) the API received in one window."
        "\n429s: refusals the API sent (each one a billed request); sent: every request it got."
    )


if __name__ == "__main__":
    main()
