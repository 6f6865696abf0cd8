"""``mighty-async sandbox serve``: a sandbox over loopback HTTP until Ctrl-C."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._config import BASE_URL_ENV, NETWORK_ENV, TOKEN_ENV
from ..connection import new_sandbox, rate_window
from ..errors import EXIT_FAILURE, EXIT_INTERRUPTED

if TYPE_CHECKING:
    import argparse

__all__ = ["cmd_serve"]


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve a sandbox over loopback HTTP until Ctrl-C."""
    from ...testing._serve import Server  # noqa: PLC0415 - needs uvicorn

    sandbox = new_sandbox(
        seed=args.seed,
        members=args.members,
        rate_limit=rate_window(args.rate_limit),
        retry_after=not args.no_retry_after,
        token=args.sandbox_token,
        network_id=args.network_id,
    )
    if args.latency:
        sandbox.faults.latency(args.latency)
    server = Server(sandbox, host=args.host, port=args.port, log_level="warning")
    url = server.start()
    print(f"Mighty sandbox serving {url} ({args.members} members, seed {args.seed})", flush=True)
    print(f"  network id: {sandbox.network_id}  (or subdomain: {sandbox.subdomain})")
    print(f"  token:      {sandbox.token}")
    print(
        f"  try: {BASE_URL_ENV}={url} {TOKEN_ENV}={sandbox.token} "
        f"{NETWORK_ENV}={sandbox.network_id} mighty-async whoami"
    )
    print("Ctrl-C to stop.", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    else:  # pragma: no cover - the server only stops on its own if uvicorn fails
        status = EXIT_FAILURE
    finally:
        server.stop()
    print("sandbox stopped", flush=True)
    return status
