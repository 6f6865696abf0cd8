"""``mighty-async members export``, and the export run that ``demo`` shares.

A named file is written through `AtomicFile` and renamed into place when the export ends:
complete, interrupted, or stopped by an error after some members. An export that fails or is
interrupted before its first member leaves what was at the target as it was.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING

import anyio

from ..._export import AtomicFile, ExportStats, export_members, writer_for
from ..._transport import DEFAULT_RATE_LIMIT
from ...errors import MightyError
from ..connection import client_for, client_rate, target_of
from ..errors import EXIT_INTERRUPTED, EXIT_OK, CommandError, explain
from ..progress import Progress, note, plural

if TYPE_CHECKING:
    import argparse

    from ..._client import AsyncMightyClient
    from ..._limiter import RateLimit
    from ..connection import Target

__all__ = ["cmd_export", "run_export"]


def cmd_export(args: argparse.Namespace) -> int:
    """Export every member of the network to a JSON Lines or CSV file."""
    target = target_of(args)
    return run_export(
        target,
        out=args.out,
        format=args.format,
        concurrency=args.concurrency,
        max_items=args.max_items,
        max_wait=args.max_wait,
        progress=not args.no_progress,
        rate_limit=client_rate(args.rate_limit),
    )


def run_export(
    target: Target,
    *,
    out: str,
    format: str,
    concurrency: int,
    max_items: int | None,
    max_wait: float,
    progress: bool,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
    total: int | None = None,
) -> int:
    """Export the members of ``target`` to ``out`` ('-': standard output); return the status."""
    stats = ExportStats()
    where = "standard output" if out == "-" else out
    with ExitStack() as stack:
        stream, output = _open_output(out, stack)
        writer = writer_for("csv" if format == "csv" else "jsonl", stream)
        bar = stack.enter_context(Progress(enabled=progress, total=max_items or total))

        async def walk(client: AsyncMightyClient) -> None:
            await export_members(
                client,
                writer,
                stats,
                max_items=max_items,
                concurrency=concurrency,
                on_page=bar.page,
            )

        async def run() -> None:
            async with client_for(target, max_wait=max_wait, rate_limit=rate_limit) as client:
                if not bar.active:
                    await walk(client)
                    return
                failure: Exception | None = None
                async with anyio.create_task_group() as tasks:
                    tasks.start_soon(bar.follow, client, stats)
                    try:
                        await walk(client)
                    except Exception as exc:  # noqa: BLE001 - re-raised below, unwrapped
                        failure = exc
                    tasks.cancel_scope.cancel()
                if failure is not None:
                    raise failure

        try:
            anyio.run(run)
        except KeyboardInterrupt:
            kept = _keep(output, stats, complete=False)
            stack.close()
            _interrupted(stats, where=where, kept=kept or output is None)
            return EXIT_INTERRUPTED
        except MightyError as exc:
            kept = _keep(output, stats, complete=False)
            stack.close()
            if kept or (output is None and stats.members):
                note(
                    f"stopped after {plural(stats.members, 'member')} "
                    "(the file holds them, complete)"
                )
            raise explain(exc, target) from exc
        _keep(output, stats, complete=True)
    note(f"exported {stats.summary()}", stream=sys.stderr if out == "-" else sys.stdout)
    if out != "-":
        print(f"wrote {format} to {out}")
    return EXIT_OK


def _open_output(out: str, stack: ExitStack) -> tuple[IO[str], AtomicFile | None]:
    """Standard output as it is, or a file written beside ``out`` and renamed in at the end."""
    if out == "-":
        return sys.stdout, None
    try:
        output = stack.enter_context(AtomicFile(Path(out)))
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return output.stream, output


def _keep(output: AtomicFile | None, stats: ExportStats, *, complete: bool) -> bool:
    """Rename the file into place when the export ended or got somewhere; say if it did."""
    if output is None or not (complete or stats.members):
        return False
    try:
        output.commit()
    except OSError as exc:
        raise CommandError(f"cannot write {output.target}: {exc.strerror or exc}") from exc
    return True


def _interrupted(stats: ExportStats, *, where: str, kept: bool) -> None:
    spent = plural(stats.requests, "request")
    if kept:
        note(
            f"interrupted: {plural(stats.members, 'member')} "
            f"{'was' if stats.members == 1 else 'were'} written to {where} before "
            f"stopping ({spent} sent); every line in it is a complete record"
        )
    else:
        note(f"interrupted before the first member ({spent} sent); {where} is unchanged")
