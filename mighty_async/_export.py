"""Streaming member export: the engine behind ``mighty-async members export`` and ``demo``.

Members are written page by page as they arrive (JSON Lines or CSV), so memory stays flat
however big the network is, and a file cut short by Ctrl-C or an error still holds only whole
records. A named file is written through `AtomicFile`: a temporary file beside it, renamed over
it when the export ends, so a failure before the first record leaves what was there untouched.
Pacing, 429s and retries are the client's business (its rate-limit transport); the export
copies the client's `stats` into its own summary: what the API metered, what it refused, how
long the client waited.
"""

from __future__ import annotations

import contextlib
import csv
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal, Protocol, Self

import attrs

from ._json import to_dict, to_json

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ._client import AsyncMightyClient
    from ._transport import ClientStats
    from .models import Member

__all__ = [
    "FORMATS",
    "AtomicFile",
    "CsvWriter",
    "ExportStats",
    "JsonlWriter",
    "MemberWriter",
    "export_members",
    "member_record",
    "writer_for",
]

FORMATS: Final = ("jsonl", "csv")
Format = Literal["jsonl", "csv"]
CSV_COLUMNS: Final = (
    "id", "email", "first_name", "last_name", "member_type", "created_at", "updated_at",
    "time_zone", "location", "bio", "referral_count", "avatar", "permalink",
    "ambassador_level", "categories",
)  # fmt: skip


@attrs.define
class ExportStats:
    """What an export cost and produced, updated as it runs.

    Attributes:
        members: records written to the file.
        pages: list pages received.
        requests: HTTP requests sent, retries included (what the API meters).
        retries: requests that repeated an earlier one after a 429, 5xx or broken connection.
        rate_limited: 429 answers received.
        waited: seconds spent waiting out 429s (the cooldown gate) and retry backoffs.
        paced: seconds spent queued by the client's own rate limiter.
        concurrency: requests the export keeps in flight at once. With more than one, the
            client's waits are summed over the requests waiting together (four requests
            queued for ten seconds count forty), so the summary says so rather than show
            more seconds of waiting than the export lasted.
    """

    members: int = 0
    pages: int = 0
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    waited: float = 0.0
    paced: float = 0.0
    concurrency: int = 1
    started: float = attrs.field(factory=time.monotonic)
    finished: float | None = None

    @property
    def elapsed(self) -> float:
        """Seconds from the start to the end (or to now, while running)."""
        end = self.finished if self.finished is not None else time.monotonic()
        return max(0.0, end - self.started)

    @property
    def rate(self) -> float:
        """Members written per second so far."""
        return self.members / self.elapsed if self.elapsed > 0 else 0.0

    def absorb(self, client: ClientStats) -> None:
        """Take the request counts and waits from the client's statistics."""
        self.requests = client.requests_sent
        self.retries = client.retries
        self.rate_limited = client.rate_limited
        self.waited = client.gate_wait + client.backoff_wait
        self.paced = client.limiter_wait

    def summary(self) -> str:
        """The closing line: members, requests, retries, 429s, waits and elapsed time."""
        waits = f"{self.waited:.1f}s waiting, {self.paced:.1f}s paced"
        if self.concurrency > 1:
            waits += f", summed over up to {self.concurrency} concurrent requests"
        return (
            f"{self.members} members in {self.elapsed:.1f}s; {_count(self.requests, 'request')}, "
            f"{_count(self.retries, 'retry', 'retries')}, {self.rate_limited} rate-limited (429) "
            f"{'answer' if self.rate_limited == 1 else 'answers'} waited out ({waits})"
        )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def member_record(member: Member) -> dict[str, Any]:
    """A member as a JSON-ready dict (`to_dict`): times in ISO 8601 UTC, categories as dicts."""
    return to_dict(member)


class MemberWriter(Protocol):
    """Where exported members go, a page at a time."""

    def write(self, members: Sequence[Member]) -> None:
        """Write and flush one page of members."""


class JsonlWriter:
    """One JSON object per line (`to_json`, compact); every line is a complete record."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, members: Sequence[Member]) -> None:
        """Write and flush one page of members."""
        lines = "".join(to_json(member) + "\n" for member in members)
        self._stream.write(lines)
        self._stream.flush()


class CsvWriter:
    """A header row, then one row per member; categories are joined with ``;``."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        self._writer.writeheader()
        stream.flush()

    def write(self, members: Sequence[Member]) -> None:
        """Write and flush one page of members."""
        for member in members:
            row = member_record(member)
            categories = row.get("categories") or []
            row["categories"] = ";".join(str(c.get("title") or c.get("id")) for c in categories)
            self._writer.writerow({k: "" if v is None else v for k, v in row.items()})
        self._stream.flush()


class AtomicFile:
    """A text file written beside ``target`` and renamed over it only when told to.

    ```python
    with AtomicFile(Path("members.jsonl")) as output:
        output.stream.write(...)
        output.commit()          # without it, the target stays as it was
    ```

    The temporary file lives in the target's directory (a rename across file systems would
    not be atomic) and is named ``.<target>.<random>.part``. `commit` flushes it to disk and
    renames it into place: readers see the old file or the new one, never half of one. Leaving
    the block without committing deletes the temporary file. The new file takes the old one's
    permission bits, or the usual ones (``0o666`` less the umask) when there was none.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part", text=True
        )
        self.temporary = Path(name)
        self.stream: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.committed = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if not self.committed:
            self.stream.close()
            self.temporary.unlink(missing_ok=True)

    def commit(self) -> None:
        """Flush the temporary file to disk and rename it over the target."""
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        self.temporary.chmod(_mode_for(self.target))
        self.temporary.replace(self.target)
        self.committed = True


def _mode_for(target: Path) -> int:
    with contextlib.suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def writer_for(format: Format, stream: IO[str]) -> MemberWriter:
    """The writer for an export format."""
    return CsvWriter(stream) if format == "csv" else JsonlWriter(stream)


async def export_members(
    client: AsyncMightyClient,
    writer: MemberWriter,
    stats: ExportStats,
    *,
    max_items: int | None = None,
    concurrency: int = 1,
    on_page: Callable[[ExportStats], None] | None = None,
) -> ExportStats:
    """Walk every member (100 a page) and write each page as soon as it can be, in order.

    With ``concurrency > 1`` a page is written as soon as it and every page before it
    arrived, not once a whole batch of pages did (the paginator's `stream_pages`).
    """
    paginator = client.members.list(per_page=100, max_items=max_items, concurrency=concurrency)
    stats.concurrency = concurrency
    try:
        async with paginator.stream_pages() as pages:
            async for page in pages:
                writer.write(page.items)
                stats.members += len(page.items)
                stats.pages += 1
                stats.absorb(client.stats)
                if on_page is not None:
                    on_page(stats)
    finally:
        stats.absorb(client.stats)
        stats.finished = time.monotonic()
    return stats
