"""A fleet on one machine: worker processes that call one served sandbox over real HTTP.

Used by tests/test_redis_fleet.py, tests/test_redis_outage.py and benchmarks/redis_fleet.py.
The API they call is the `Sandbox`, served by uvicorn (`fleet_sandbox` builds it): its
requests log says when each request arrived and from which worker (the ``User-Agent``,
``fleet/<name>``), ``RateWindow(fixed=True)`` refuses beyond a fixed window with
``Retry-After`` to the window's end, and ``faults.fail_nth`` refuses a chosen arrival.

A worker (``python -m tests.support.fleet '<json>'``) is one process of the fleet: one
`AsyncMightyClient` with either a `RedisLimiter` or its own in-process `TokenBucket`, and
``tasks`` concurrent tasks making ``calls`` calls each. It prints ``ready``, waits for a line
on stdin so that every worker starts at once, runs, and prints one JSON line of results.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import select
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from mighty_async.testing import RequestRecord, Sandbox

ROOT = Path(__file__).resolve().parents[2]
NETWORK_ID = 4321
TOKEN = "fleet-token"
DELAY_ALLOWANCE = 0.25
"""Seconds a request may take from its permit to the sandbox on a loaded 2-core machine.

Limiters decide on their own clock, a test sees arrivals: requests granted over ``t``
seconds may arrive within ``t - DELAY_ALLOWANCE``. Bounds on arrivals allow for it.
"""


def fleet_sandbox(**settings: Any) -> Sandbox:
    """A small sandbox for a fleet, on real monotonic time: serve it, point workers at it.

    Its clock is `time.monotonic`, so arrival times compare with the test's own marks and,
    for a fixed rate window, windows are cut where `fixed_window_counts` cuts them.
    """
    from mighty_async.testing import Sandbox  # noqa: PLC0415 - the workers do not need it

    options: dict[str, Any] = {
        "members": 1,
        "spaces": 0,
        "posts": 0,
        "events": 0,
        "network_id": NETWORK_ID,
        "token": TOKEN,
        "clock": time.monotonic,
    }
    options.update(settings)
    return Sandbox(**options)


def worker_of(record: RequestRecord) -> str:
    """The worker that sent a request, from its ``fleet/<name>`` User-Agent."""
    return (record.user_agent or "").removeprefix("fleet/")


def arrival(record: RequestRecord) -> float:
    """When a request reached the sandbox (every served request has a time)."""
    assert record.at is not None
    return record.at


def times(records: Iterable[RequestRecord], *, worker: str | None = None) -> list[float]:
    """Arrival times, optionally only of one worker's requests."""
    return [arrival(r) for r in records if worker is None or worker_of(r) == worker]


def max_in_window(moments: Iterable[float], length: float) -> int:
    """The most moments within any interval ``[t, t + length)``."""
    ordered = sorted(moments)
    best = start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= length:
            start += 1
        best = max(best, end - start + 1)
    return best


def fixed_window_counts(moments: Iterable[float], period: float) -> list[int]:
    """Moments per fixed window ``[k * period, (k + 1) * period)``, as a fixed limit counts."""
    return list(Counter(math.floor(moment / period) for moment in moments).values())


def worker_config(name: str, **settings: Any) -> dict[str, Any]:
    """A worker's settings: the defaults below, overridden by ``settings``."""
    config: dict[str, Any] = {
        "name": name,
        "api_url": None,
        "redis_url": None,
        "limiter": "redis",
        "key": "fleet",
        "rate": 20,
        "per": 1.0,
        "burst": 5,
        "tasks": 10,
        "calls": 1,
        "monthly_budget": None,
        "reopen_jitter": 0.05,
        "timeout": 1.0,
    }
    unknown = set(settings) - set(config)
    if unknown:
        raise TypeError(f"unknown worker settings: {sorted(unknown)}")
    config.update(settings)
    return config


@contextlib.contextmanager
def _processes(configs: list[dict[str, Any]]) -> Iterator[list[subprocess.Popen[str]]]:
    procs = []
    try:
        procs.extend(
            subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-W", "error", "-m", "tests.support.fleet", json.dumps(config)],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for config in configs
        )
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()


def _read_line(proc: subprocess.Popen[str], deadline: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
    if not ready:
        raise TimeoutError("a worker did not report in time")
    return proc.stdout.readline()


def _expect_ready(proc: subprocess.Popen[str], deadline: float) -> None:
    line = _read_line(proc, deadline)
    if line.strip() != "ready":
        raise AssertionError(f"worker did not start: {line!r}")


def run_fleet(configs: list[dict[str, Any]], *, timeout: float = 60.0) -> list[dict[str, Any]]:
    """Start one process per config, start them together, return their results in order.

    Raises `AssertionError` with the workers' stderr when one fails or the fleet takes longer
    than ``timeout`` seconds (a hang).
    """
    deadline = time.monotonic() + timeout
    with _processes(configs) as procs:
        try:
            for proc in procs:
                _expect_ready(proc, deadline)
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write("go\n")
                proc.stdin.flush()
            results = [json.loads(_read_line(proc, deadline)) for proc in procs]
        except (TimeoutError, AssertionError, json.JSONDecodeError) as exc:
            for proc in procs:
                proc.kill()
            errors = "\n".join(proc.stderr.read() for proc in procs if proc.stderr is not None)
            raise AssertionError(f"the fleet failed: {exc}\n{errors}") from exc
        for proc in procs:
            proc.wait(max(0.1, deadline - time.monotonic()))
    return results


async def _work(config: dict[str, Any]) -> dict[str, Any]:
    """Run one worker: ``tasks`` tasks making ``calls`` calls each through one client."""
    import anyio  # noqa: PLC0415 - the parent process of the fleet does not need these

    from mighty_async import (  # noqa: PLC0415
        AsyncMightyClient,
        MightyError,
        QuotaExceeded,
        RateLimit,
        RedisLimiter,
        RetryPolicy,
    )

    rate, per, burst = config["rate"], config["per"], config["burst"]
    limiter: RateLimit | RedisLimiter
    if config["limiter"] == "redis":
        limiter = RedisLimiter(
            config["redis_url"],
            key=config["key"],
            rate=rate,
            per=per,
            burst=burst,
            monthly_budget=config["monthly_budget"],
            timeout=config["timeout"],
        )
    else:
        limiter = RateLimit(requests=rate, period=per, burst=burst)
    outcome: Counter[str] = Counter()
    started = time.monotonic()
    async with AsyncMightyClient(
        TOKEN,
        network_id=NETWORK_ID,
        base_url=config["api_url"],
        user_agent=f"fleet/{config['name']}",
        rate_limit=limiter,
        retry=RetryPolicy(reopen_jitter=config["reopen_jitter"]),
    ) as client:

        async def task() -> None:
            for _ in range(config["calls"]):
                try:
                    await client.network()
                except QuotaExceeded:
                    outcome["quota"] += 1
                except MightyError as exc:
                    outcome[type(exc).__name__] += 1
                else:
                    outcome["ok"] += 1

        async with anyio.create_task_group() as tg:
            for _ in range(config["tasks"]):
                tg.start_soon(task)
        stats = client.stats
    if isinstance(limiter, RedisLimiter):
        await limiter.aclose()
    return {
        "name": config["name"],
        "outcome": dict(outcome),
        "requests_sent": stats.requests_sent,
        "rate_limited": stats.rate_limited,
        "gate_closures": stats.gate_closures,
        "gate_wait": stats.gate_wait,
        "started": started,
        "finished": time.monotonic(),
    }


def main() -> None:
    """Worker entry point: ``python -m tests.support.fleet '<json config>'``."""
    config = json.loads(sys.argv[1])
    import redis.asyncio  # noqa: F401, PLC0415

    import mighty_async  # noqa: F401, PLC0415 - imported before "ready": start-up is not timed

    print("ready", flush=True)  # noqa: T201
    sys.stdin.readline()
    result = asyncio.run(_work(config))
    print(json.dumps(result), flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
