"""A fleet on one machine: a fake API over real HTTP, and worker processes that call it.

Used by tests/test_redis_fleet.py and benchmarks/redis_fleet.py.

`FleetServer` is a tiny HTTP/1.1 server (asyncio streams, in a thread of the calling process)
standing in for the Admin API. It answers every request ``{"id": 1}`` and records when each
arrived and from which worker (its ``User-Agent``, ``fleet/<name>``). Optionally it allows ``limit``
requests per fixed ``window`` and answers 429 beyond, with ``Retry-After`` (whole seconds to
the end of the window), as the real API might; and it can refuse chosen arrivals with a 429
to force a cooldown.

A worker (``python -m tests.fleet '<json>'``) is one process of the fleet: one
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
import threading
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
NETWORK_ID = 4321


@attrs.frozen
class Arrival:
    """One request as the server saw it."""

    at: float
    worker: str
    status: int


class FleetServer:
    """The fake API for a fleet; use as a context manager (it runs in a thread)."""

    def __init__(
        self,
        *,
        window: float = 1.0,
        limit: int | None = None,
        force_429: Iterable[int] = (),
        retry_after: int = 1,
    ) -> None:
        self.window = window
        self.limit = limit
        self.force_429 = frozenset(force_429)
        self.retry_after = retry_after
        self.arrivals: list[Arrival] = []
        self.origin = time.monotonic()
        self.port = 0
        self._counts: Counter[int] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    @property
    def url(self) -> str:
        """The base URL to give the clients."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        self._thread = threading.Thread(target=self._run, name="fleet-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the fleet server did not start")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)

    def _run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0, backlog=1024)
        self.port = server.sockets[0].getsockname()[1]
        self.origin = time.monotonic()
        self._ready.set()
        async with server:
            await self._stop.wait()

    def _answer(self, worker: str) -> tuple[int, bytes, dict[str, str]]:
        now = time.monotonic()
        index = len(self.arrivals)
        slot = math.floor((now - self.origin) / self.window)
        status = 200
        if index in self.force_429 or (self.limit is not None and self._counts[slot] >= self.limit):
            status = 429
        else:
            self._counts[slot] += 1
        self.arrivals.append(Arrival(now, worker, status))
        if status == 200:
            return 200, b'{"id": 1}', {}
        if index in self.force_429:
            wait = self.retry_after
        else:
            wait = math.ceil(self.origin + (slot + 1) * self.window - now)
        return 429, b'{"error": "rate_limited"}', {"Retry-After": str(max(1, wait))}

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                headers = {}
                for line in head.decode("latin-1").split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length:
                    await reader.readexactly(length)
                worker = headers.get("user-agent", "").removeprefix("fleet/")
                status, body, extra = self._answer(worker)
                reason = "OK" if status == 200 else "Too Many Requests"
                lines = [
                    f"HTTP/1.1 {status} {reason}",
                    "Content-Type: application/json",
                    f"Content-Length: {len(body)}",
                    *(f"{name}: {value}" for name, value in extra.items()),
                ]
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    def times(self, *, status: int | None = None, worker: str | None = None) -> list[float]:
        """Arrival times, optionally only of one status or one worker."""
        return [
            a.at
            for a in self.arrivals
            if (status is None or a.status == status) and (worker is None or a.worker == worker)
        ]

    def max_in_window(self, length: float | None = None) -> int:
        """The most arrivals within any interval ``[t, t + length)`` (default: the window)."""
        length = self.window if length is None else length
        times = sorted(self.times())
        best = start = 0
        for end, moment in enumerate(times):
            while moment - times[start] >= length:
                start += 1
            best = max(best, end - start + 1)
        return best


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
                [sys.executable, "-W", "error", "-m", "tests.fleet", json.dumps(config)],
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
        "fleet-token",
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
    """Worker entry point: ``python -m tests.fleet '<json config>'``."""
    config = json.loads(sys.argv[1])
    import redis.asyncio  # noqa: F401, PLC0415

    import mighty_async  # noqa: F401, PLC0415 - imported before "ready": start-up is not timed

    print("ready", flush=True)  # noqa: T201
    sys.stdin.readline()
    result = asyncio.run(_work(config))
    print(json.dumps(result), flush=True)  # noqa: T201


if __name__ == "__main__":
    main()
