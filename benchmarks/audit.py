"""Benchmark: what the audit trail and the tracing hooks cost per call.

Run from the repository root:

    python benchmarks/audit.py                  # 1,000 calls per round, 7 rounds
    python benchmarks/audit.py --calls 300 --rounds 5

Three clients of the same in-process sandbox fetch the same members one by one; the rate
limiter is off (pacing is not overhead):

- bare: the transport's ``on_attempt`` hook removed and OpenTelemetry treated as absent,
  which is what the client cost before the audit trail existed;
- default: a client as built by users who configure nothing (no ``on_request``, the logger
  below INFO, no tracer provider);
- audited: ``on_request=`` set and the ``mighty_async`` logger at INFO into a handler that
  keeps nothing, so every record and log line is built.

Rounds alternate (bare, default, audited, bare, ...) so machine noise hits all alike; the
median per call of each is printed, with its ratio to bare.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mighty_async import AsyncMightyClient, _otel
from mighty_async.testing import Sandbox


class _Drop(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        record.getMessage()


async def one_round(client: AsyncMightyClient, ids: list[int], *, bare: bool) -> float:
    was = _otel.AVAILABLE
    _otel.AVAILABLE = was and not bare
    try:
        start = time.perf_counter()
        for member_id in ids:
            await client.members.get(member_id)
        return (time.perf_counter() - start) / len(ids)
    finally:
        _otel.AVAILABLE = was


async def main(calls: int, rounds: int) -> None:
    sandbox = Sandbox(seed=1, members=calls)
    logger = logging.getLogger("mighty_async")
    records = []
    bare = sandbox.client(rate_limit=None)
    bare._transport.on_attempt = None  # noqa: SLF001 - the client before the audit trail
    default = sandbox.client(rate_limit=None)
    audited = sandbox.client(rate_limit=None, on_request=records.append)
    times: dict[str, list[float]] = {"bare": [], "default": [], "audited": []}
    async with bare, default, audited:
        ids = [m.id for m in await default.members.list().collect()][:calls]
        for _ in range(rounds):
            times["bare"].append(await one_round(bare, ids, bare=True))
            times["default"].append(await one_round(default, ids, bare=False))
            handler = _Drop()
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            try:
                times["audited"].append(await one_round(audited, ids, bare=False))
            finally:
                logger.removeHandler(handler)
                logger.setLevel(logging.NOTSET)
                records.clear()
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{len(ids)} members.get per round, {rounds} rounds, median per call, asyncio")
    for name, value in medians.items():
        ratio = value / medians["bare"]
        print(f"  {name:8} {value * 1e3:7.3f} ms/call   /bare {ratio:5.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    anyio.run(main, options.calls, options.rounds)
