"""Streaming member export: the engine behind ``mighty-async members export`` and ``demo``.

Members are written page by page as they arrive (JSON Lines or CSV), so memory stays flat
however big the network is, and a file cut short by Ctrl-C or an error still holds only whole
records. `ObservedTransport` sits under the client, counting every request the export costs
(the API is metered per request) and every 429 it met.
"""

from __future__ import annotations

import csv
import email.utils
import json
import time
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any, Final, Literal, Protocol

import anyio
import attrs
import httpx

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from ._client import AsyncMightyClient
    from .models import Member

__all__ = [
    "FORMATS",
    "CsvWriter",
    "ExportStats",
    "JsonlWriter",
    "MemberWriter",
    "ObservedTransport",
    "export_members",
    "member_record",
    "parse_retry_after",
    "writer_for",
]

FORMATS: Final = ("jsonl", "csv")
Format = Literal["jsonl", "csv"]
CSV_COLUMNS: Final = (
    "id", "email", "first_name", "last_name", "member_type", "created_at", "updated_at",
    "time_zone", "location", "bio", "referral_count", "avatar", "permalink",
    "ambassador_level", "categories",
)  # fmt: skip
_RETRYABLE_STATUSES: Final = frozenset({502, 503, 504})
_IDEMPOTENT: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_MAX_BACKOFF: Final = 30.0


@attrs.define
class ExportStats:
    """What an export cost and produced, updated as it runs.

    Attributes:
        members: records written to the file.
        pages: list pages received.
        requests: HTTP requests sent, retries included (what the API meters).
        retries: requests that repeated an earlier one after a 429, 5xx or broken connection.
        rate_limited: 429 answers received.
        waited: seconds spent waiting out 429s and backoffs.
    """

    members: int = 0
    pages: int = 0
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    waited: float = 0.0
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

    def summary(self) -> str:
        """The closing line: members, requests, retries, 429s and elapsed time."""
        return (
            f"{self.members} members in {self.elapsed:.1f}s; {self.requests} requests, "
            f"{self.retries} retries, {self.rate_limited} rate-limited (429) "
            f"answers waited out ({self.waited:.1f}s waiting)"
        )


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _backoff(attempt: int) -> float:
    return float(min(_MAX_BACKOFF, 2 ** (attempt - 1)))


class ObservedTransport(httpx.AsyncBaseTransport):
    """Count what an export sends and receives; optionally wait out 429s and transient errors.

    It wraps the client's *inner* transport, so every attempt is seen, whoever retries it.
    With ``wait_out_429`` on, a 429 is retried after its ``Retry-After`` (or an exponential
    backoff without one) as long as the total wait stays within ``max_wait`` seconds; the last
    429 is then handed to the client, which raises `RateLimited`. Idempotent requests are also
    retried after 502/503/504 and connections broken mid-answer, up to ``max_attempts``; a
    connection that cannot be opened at all fails at once.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        stats: ExportStats,
        *,
        wait_out_429: bool = True,
        max_wait: float = 300.0,
        max_attempts: int = 5,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        on_wait: Callable[[float, int], None] | None = None,
    ) -> None:
        self._inner = inner
        self.stats = stats
        self.wait_out_429 = wait_out_429
        self.max_wait = max_wait
        self.max_attempts = max_attempts
        self._sleep = sleep or anyio.sleep
        self._on_wait = on_wait

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, retrying as configured, and return the final answer."""
        attempt = 0
        while True:
            attempt += 1
            self.stats.requests += 1
            if attempt > 1:
                self.stats.retries += 1
            retryable = request.method in _IDEMPOTENT and attempt < self.max_attempts
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.ConnectError:
                raise  # refused or unresolvable: waiting rarely helps, so fail fast
            except httpx.TransportError:
                if not retryable:
                    raise
                await self._wait(_backoff(attempt))
                continue
            delay = self._retry_delay(response, attempt, retryable=retryable)
            if delay is None:
                return response
            await response.aclose()
            if self._on_wait is not None:
                self._on_wait(delay, response.status_code)
            await self._wait(delay)

    def _retry_delay(
        self, response: httpx.Response, attempt: int, *, retryable: bool
    ) -> float | None:
        if response.status_code == 429:  # noqa: PLR2004
            self.stats.rate_limited += 1
            if not self.wait_out_429:
                return None
            delay = parse_retry_after(response.headers.get("retry-after"))
            delay = _backoff(attempt) if delay is None else delay
            return delay if self.stats.waited + delay <= self.max_wait else None
        if response.status_code in _RETRYABLE_STATUSES and retryable:
            return _backoff(attempt)
        return None

    async def _wait(self, seconds: float) -> None:
        self.stats.waited += seconds
        await self._sleep(seconds)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()


def member_record(member: Member) -> dict[str, Any]:
    """A member as a flat JSON-ready dict: timestamps in ISO-8601, categories as dicts."""
    return attrs.asdict(member, value_serializer=_jsonable)


def _jsonable(_: object, __: object, value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


class MemberWriter(Protocol):
    """Where exported members go, a page at a time."""

    def write(self, members: Sequence[Member]) -> None:
        """Write and flush one page of members."""


class JsonlWriter:
    """One JSON object per line; every line is a complete record."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, members: Sequence[Member]) -> None:
        """Write and flush one page of members."""
        lines = "".join(
            json.dumps(member_record(m), ensure_ascii=False, separators=(",", ":")) + "\n"
            for m in members
        )
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
    """Walk every member (100 a page) and write each page as it arrives."""
    paginator = client.members.list(per_page=100, max_items=max_items, concurrency=concurrency)
    async for page in paginator.pages():
        writer.write(page.items)
        stats.members += len(page.items)
        stats.pages += 1
        if on_page is not None:
            on_page(stats)
    stats.finished = time.monotonic()
    return stats
