"""Benchmark: a user's test of 1,000 calls through the ``mighty_client`` fixture.

Run from the repository root (the package installed, so pytest loads its plugin):

    python benchmarks/testkit.py                  # 1,000 calls, 5 rounds
    python benchmarks/testkit.py --calls 300 --rounds 3

Each round runs pytest in a fresh subprocess, as a user's suite would run (none of this
repository's own test settings apply), on a small test file with two tests, each making the
same ``--calls`` calls of ``client.members.get(id)``:

- fixture: through ``mighty_client`` as it comes, the default rate limit (100 requests a
  minute, a burst of 5) on: in real time those calls would wait about ten minutes;
- unpaced: through ``mighty_sandbox.client(rate_limit=None)``, no limiter at all, the floor.

The two run in alternating order from round to round. Each test times its own calls; the
script prints the median of each and their ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

USER_TEST = """
import os
import time

import pytest

pytestmark = pytest.mark.anyio
CALLS = int(os.environ["BENCH_CALLS"])
ORDER = os.environ["BENCH_ORDER"].split(",")


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.parametrize("variant", ORDER)
async def test_calls(variant, mighty_sandbox, mighty_client):
    client = mighty_client if variant == "fixture" else mighty_sandbox.client(rate_limit=None)
    ids = mighty_sandbox.member_ids
    start = time.perf_counter()
    for n in range(CALLS):
        await client.members.get(ids[n % len(ids)])
    elapsed = time.perf_counter() - start
    print(f"RESULT {variant} {elapsed:.6f} skipped={mighty_sandbox.time.skipped:.0f}")
"""

RESULT = re.compile(r"RESULT (\w+) ([\d.]+) skipped=(\d+)")


def one_round(directory: Path, calls: int, order: list[str]) -> dict[str, tuple[float, int]]:
    env = {**os.environ, "BENCH_CALLS": str(calls), "BENCH_ORDER": ",".join(order)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "test_bench.py"],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {m[1]: (float(m[2]), int(m[3])) for m in RESULT.finditer(done.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"fixture": [], "unpaced": []}
    skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        (directory / "test_bench.py").write_text(textwrap.dedent(USER_TEST))
        (directory / "pytest.ini").write_text("[pytest]\n")
        for n in range(args.rounds):
            order = ["fixture", "unpaced"] if n % 2 == 0 else ["unpaced", "fixture"]
            for variant, (seconds, jumped) in one_round(directory, args.calls, order).items():
                times[variant].append(seconds)
                if variant == "fixture":
                    skipped = jumped
    fixture = statistics.median(times["fixture"])
    unpaced = statistics.median(times["unpaced"])
    print(f"{args.calls} calls of members.get through a user's pytest test, {args.rounds} rounds")
    print(f"  mighty_client (default rate limit): {fixture:.3f}s median")
    print(f"  unpaced client (rate_limit=None):   {unpaced:.3f}s median")
    print(f"  ratio fixture / unpaced:            {fixture / unpaced:.2f}")
    print(f"  waiting the sandbox's clock skipped: {skipped}s (about {skipped / 60:.0f} minutes)")


if __name__ == "__main__":
    main()
