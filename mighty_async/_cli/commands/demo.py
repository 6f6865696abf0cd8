"""``mighty-async demo``: ``members export`` against a seeded, rate-limited local sandbox."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..._limiter import RateLimit
from ..connection import Target, new_sandbox, rate_window
from ..errors import EXIT_OK
from .export import run_export

if TYPE_CHECKING:
    import argparse

__all__ = ["cmd_demo"]


def cmd_demo(args: argparse.Namespace) -> int:
    """Export a seeded in-process sandbox's members, rate limit and all, with no token."""
    from ...testing import RateWindow  # noqa: PLC0415 - the sandbox is only needed here

    window = rate_window(args.rate_limit)
    sandbox = new_sandbox(seed=args.seed, members=args.members, rate_limit=window, retry_after=True)
    sandbox.faults.latency(0.002, 0.02)
    out = args.out or str(Path(tempfile.gettempdir()) / f"mighty-demo-members.{args.format}")
    pacing: RateLimit | None = None
    limit = "no rate limit"
    if isinstance(window, RateWindow):
        # The client paces itself a little faster than the network allows, as happens when
        # the real limit is lower than configured: its limiter slows down on the 429s, and
        # its cooldown gate waits them out.
        pacing = RateLimit(
            requests=window.requests * 3 // 2, period=window.period, burst=window.requests
        )
        limit = f"rate limited to {window} (429 with Retry-After beyond it)"
    print(
        f"demo: a local sandbox network with {args.members} members, {limit}; "
        "exporting with the same code as `members export`"
    )
    target = Target(sandbox.token, sandbox.network_id, sandbox.base_url, sandbox)
    status = run_export(
        target,
        out=out,
        format=args.format,
        concurrency=args.concurrency,
        max_items=None,
        max_wait=args.max_wait,
        progress=not args.no_progress,
        rate_limit=pacing,
        total=args.members,
    )
    if status == EXIT_OK:
        print(
            "next: `mighty-async sandbox serve` serves this network over HTTP; "
            "with a real token, `mighty-async members export --out members.jsonl`"
        )
    return status
