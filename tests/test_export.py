"""The export engine: request accounting, waiting out 429s on a fake clock, the writers."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from mighty_async import AsyncMightyClient, Category, Member, RateLimited, ServerError
from mighty_async._export import (
    CsvWriter,
    ExportStats,
    JsonlWriter,
    ObservedTransport,
    export_members,
    parse_retry_after,
)
from mighty_async.testing import RateWindow, Sandbox

pytestmark = pytest.mark.anyio

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("3", 3.0),
        ("0.5", 0.5),
        (" 12 ", 12.0),
        ("-4", 0.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        (format_datetime(NOW - timedelta(seconds=90), usegmt=True), 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header, seconds):
    """Retry-After is read as delta seconds or an HTTP date; junk means no advice."""
    assert parse_retry_after(header, now=NOW) == seconds


class Time:
    """A fake clock whose sleep moves it forward, so waiting costs no real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def observed(sandbox: Sandbox, time: Time, **options) -> tuple[AsyncMightyClient, ExportStats]:
    """A client on the sandbox whose inner transport is an ObservedTransport on fake time."""
    stats = ExportStats()
    transport = ObservedTransport(sandbox.transport(), stats, sleep=time.sleep, **options)
    client = AsyncMightyClient(
        sandbox.token, network_id=sandbox.network_id, base_url=sandbox.base_url, transport=transport
    )
    return client, stats


async def test_waits_out_429_with_retry_after():
    """Each 429 is retried after its Retry-After; the stats count requests, retries, 429s."""
    time = Time()
    sandbox = Sandbox(members=500, rate_limit=RateWindow(2, 10), clock=time.clock)
    client, stats = observed(sandbox, time)
    async with client:
        ids = [m.id async for m in client.members.list()]
    assert ids == sandbox.member_ids
    assert time.slept == [10.0, 10.0]
    assert (stats.requests, stats.retries, stats.rate_limited, stats.waited) == (7, 2, 2, 20.0)


async def test_backs_off_without_retry_after():
    """Without Retry-After the waits grow exponentially until the window reopens."""
    time = Time()
    sandbox = Sandbox(members=300, rate_limit=RateWindow(1, 6), retry_after=False, clock=time.clock)
    client, stats = observed(sandbox, time)
    async with client:
        assert len(await client.members.list().collect()) == 300
    assert time.slept == [1.0, 2.0, 4.0, 1.0, 2.0, 4.0]
    assert stats.rate_limited == 6


async def test_gives_up_past_the_wait_budget():
    """When the next wait would pass max_wait, the 429 reaches the client as RateLimited."""
    time = Time()
    sandbox = Sandbox(members=300, rate_limit=RateWindow(1, 60), clock=time.clock)
    client, stats = observed(sandbox, time, max_wait=30)
    async with client:
        with pytest.raises(RateLimited):
            await client.members.list().collect()
    assert time.slept == []
    assert stats.rate_limited == 1


async def test_only_counts_when_waiting_is_off():
    """With wait_out_429 off the first 429 is the client's to handle."""
    time = Time()
    sandbox = Sandbox(members=300, rate_limit=RateWindow(1, 60), clock=time.clock)
    client, stats = observed(sandbox, time, wait_out_429=False)
    async with client:
        await client.me()
        with pytest.raises(RateLimited):
            await client.me()
    assert (stats.requests, stats.rate_limited, time.slept) == (2, 1, [])


async def test_retries_idempotent_server_errors():
    """A GET answered 503 twice is retried with backoff and then succeeds."""
    time = Time()
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(2, status=503)
    client, stats = observed(sandbox, time)
    async with client:
        await client.me()
    assert (stats.requests, stats.retries, time.slept) == (3, 2, [1.0, 2.0])


async def test_does_not_retry_posts():
    """A POST answered 503 is not repeated: it might have been applied."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(1, status=503, method="POST")
    client, stats = observed(sandbox, Time())
    async with client:
        with pytest.raises(ServerError):
            await client.members.create(email="x@example.com", first_name="X", last_name="Y")
    assert stats.requests == 1


async def test_retries_a_dropped_connection():
    """A connection dropped mid-answer is retried for a GET."""
    time = Time()
    sandbox = Sandbox(members=3)
    sandbox.faults.drop_next(1)
    client, stats = observed(sandbox, time)
    async with client:
        await client.network()
    assert (stats.retries, sandbox.statuses()) == (1, [None, 200])


async def test_gives_up_after_max_attempts():
    """Transient failures beyond max_attempts surface to the client."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(5, status=502)
    client, stats = observed(sandbox, Time(), max_attempts=3)
    async with client:
        with pytest.raises(ServerError):
            await client.me()
    assert stats.requests == 3


async def test_export_members_streams_pages():
    """export_members writes each page as it comes and reports it, stopping at max_items."""
    sandbox = Sandbox(members=260)
    stream = io.StringIO()
    seen: list[int] = []
    client, stats = observed(sandbox, Time())
    async with client:
        await export_members(
            client,
            JsonlWriter(stream),
            stats,
            max_items=250,
            on_page=lambda s: seen.append(s.members),
        )
    lines = stream.getvalue().splitlines()
    assert [json.loads(line)["id"] for line in lines] == sandbox.member_ids[:250]
    assert seen == [100, 200, 250]
    assert (stats.members, stats.pages) == (250, 3)
    assert stats.finished is not None
    assert "250 members in" in stats.summary()


def test_csv_writer_flattens_categories():
    """CSV rows hold every column; categories are joined titles; missing values are empty."""
    stream = io.StringIO()
    writer = CsvWriter(stream)
    writer.write(
        [
            Member(
                id=7,
                email="ada@example.com",
                categories=(Category(id=1, title="VIP"), Category(id=2, title="Mentor")),
                created_at=NOW,
            )
        ]
    )
    (row,) = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert row["id"] == "7"
    assert row["categories"] == "VIP;Mentor"
    assert row["created_at"] == "2025-01-01T12:00:00+00:00"
    assert row["bio"] == ""


def test_jsonl_writer_one_complete_record_per_line():
    """Each member is one JSON object on one line, timestamps as ISO strings."""
    stream = io.StringIO()
    JsonlWriter(stream).write([Member(id=1, bio="line\nbreak", created_at=NOW), Member(id=2)])
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["bio"] == "line\nbreak"
    assert first["created_at"] == "2025-01-01T12:00:00+00:00"
    assert second["id"] == 2
