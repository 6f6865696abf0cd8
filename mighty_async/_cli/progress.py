"""What a running command shows: the export's progress bar, and its one-line notes.

The bar is drawn by rich on standard error, only when that is a terminal and rich (the
``[cli]`` extra) is installed; elsewhere, in a pipe or a log, the command prints only its
closing lines.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Any, Self

import anyio

if TYPE_CHECKING:
    from .._client import AsyncMightyClient
    from .._export import ExportStats

__all__ = ["Progress", "note", "plural"]


class Progress:
    """A rich progress bar on stderr when it is a terminal and rich is installed; else silent."""

    def __init__(self, *, enabled: bool, total: int | None) -> None:
        self._progress: Any = None
        self._task: Any = None
        if not enabled or not sys.stderr.isatty():
            return
        try:
            from rich.console import Console  # noqa: PLC0415 - optional: the [cli] extra
            from rich.progress import (  # noqa: PLC0415
                BarColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )
        except ImportError:  # pragma: no cover - rich is in the test environment
            return
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]exporting"),
            BarColumn(),
            TextColumn("{task.completed:>7,} members"),
            TextColumn("[dim]{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self._task = self._progress.add_task("export", total=total, detail="")

    def __enter__(self) -> Self:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def page(self, stats: ExportStats) -> None:
        """Show the members, pages, rate and 429s so far."""
        if self._progress is not None:
            detail = (
                f"{stats.pages} pages, {stats.requests} requests, {stats.rate:,.0f}/s, "
                f"{stats.rate_limited} x 429 waited out"
            )
            self._progress.update(self._task, completed=stats.members, detail=detail)

    @property
    def active(self) -> bool:
        """Whether a bar is being drawn."""
        return self._progress is not None

    async def follow(
        self, client: AsyncMightyClient, stats: ExportStats, *, every: float = 0.25
    ) -> None:
        """Refresh the counts from the client every so often, so waits show as they happen."""
        while True:
            await anyio.sleep(every)
            stats.absorb(client.stats)
            self.page(stats)


def note(message: str, *, stream: IO[str] | None = None) -> None:
    """Print one line, to standard error unless told otherwise, flushed at once."""
    print(message, file=stream or sys.stderr, flush=True)


def plural(n: int, word: str) -> str:
    """``1 member``, ``2 members``."""
    return f"{n} {word if n == 1 else word + 's'}"
