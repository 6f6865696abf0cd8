"""Benchmark: what the SDK costs per call, against raw httpx on the same transport.

Run from the repository root (needs the ``[sandbox]`` extra for the loopback part):

    python benchmarks/overhead.py                 # 2,000 calls each, in-process and loopback
    python benchmarks/overhead.py --calls 500

Both contenders fetch the same members one by one from the sandbox:

- sdk: ``await client.members.get(id)`` (auth flow, error decoding, structuring into a
  frozen ``Member``); the client's rate limiter is switched off (``rate_limit=None``) because
  it paces on purpose, which is not overhead;
- raw: ``(await http.get(path)).json()`` on a plain ``httpx.AsyncClient`` with the same
  headers, over the same transport.

In-process, both use the sandbox's own transport (no sockets). Over loopback, the sandbox
runs under uvicorn in a separate process (``mighty-async sandbox serve``), as a real server
would: in the same process its thread would compete with the client for the GIL and blur
the comparison.

Runs alternate (raw, sdk, raw, sdk, ...) and the best of ``--rounds`` is kept for each, so
noise from the machine hits both alike. Prints seconds per 1,000 calls and the ratio.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator  # noqa: TC003 - a script
from contextlib import contextmanager
from pathlib import Path

import anyio
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mighty_async import AsyncMightyClient, default_user_agent
from mighty_async.testing import Sandbox


async def sdk_run(client: AsyncMightyClient, ids: list[int]) -> float:
    start = time.perf_counter()
    for member_id in ids:
        await client.members.get(member_id)
    return time.perf_counter() - start


async def raw_run(http: httpx.AsyncClient, prefix: str, ids: list[int]) -> float:
    start = time.perf_counter()
    for member_id in ids:
        response = await http.get(f"{prefix}/members/{member_id}/")
        response.raise_for_status()
        response.json()
    return time.perf_counter() - start


async def compare(
    label: str,
    *,
    sandbox: Sandbox,
    base_url: str,
    transport_factory: Callable[[], httpx.AsyncBaseTransport],
    calls: int,
    rounds: int,
) -> tuple[float, float]:
    ids = (sandbox.member_ids * (calls // len(sandbox.member_ids) + 1))[:calls]
    prefix = f"/admin/v1/networks/{sandbox.network_id}"
    headers = {
        "Authorization": f"Bearer {sandbox.token}",
        "User-Agent": default_user_agent(),
        "Accept": "application/json",
    }
    best_sdk = best_raw = float("inf")
    async with (
        AsyncMightyClient(
            sandbox.token,
            network_id=sandbox.network_id,
            base_url=base_url,
            transport=transport_factory(),
            rate_limit=None,
        ) as client,
        httpx.AsyncClient(
            base_url=base_url,
            headers=headers,
            transport=transport_factory(),
        ) as http,
    ):
        await sdk_run(client, ids[:50])
        await raw_run(http, prefix, ids[:50])
        for _ in range(rounds):
            best_raw = min(best_raw, await raw_run(http, prefix, ids))
            best_sdk = min(best_sdk, await sdk_run(client, ids))
    ratio = best_sdk / best_raw
    print(
        f"  {label:<11} raw {best_raw / calls * 1000:7.3f} ms/call   "
        f"sdk {best_sdk / calls * 1000:7.3f} ms/call   sdk/raw {ratio:5.2f}"
    )
    return best_raw, best_sdk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served_sandbox(members: int) -> Iterator[str]:
    """The sandbox under uvicorn in its own process, as a real API server would be."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "mighty_async.cli",
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--members",
        str(members),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603 - our own command
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the sandbox server did not start") from None
                time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)


async def main(calls: int, rounds: int, loopback: bool) -> None:
    sandbox = Sandbox(seed=0, members=500)
    print(f"{calls} members.get per run, best of {rounds} rounds, backend asyncio")
    await compare(
        "in-process",
        sandbox=sandbox,
        base_url=sandbox.base_url,
        transport_factory=sandbox.transport,
        calls=calls,
        rounds=rounds,
    )
    if loopback:
        with served_sandbox(members=500) as base_url:
            await compare(
                "loopback",
                sandbox=sandbox,
                base_url=base_url,
                transport_factory=httpx.AsyncHTTPTransport,
                calls=calls,
                rounds=rounds,
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-loopback", action="store_true")
    args = parser.parse_args()
    anyio.run(main, args.calls, args.rounds, not args.no_loopback)
