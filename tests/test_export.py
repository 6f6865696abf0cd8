"""The export engine: streaming pages to a file, and the summary taken from the client."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from mighty_async import Category, Member, NotFound
from mighty_async._export import CsvWriter, ExportStats, JsonlWriter, export_members
from mighty_async.testing import RateWindow, Sandbox

from .support.fakeclock import FakeClock

pytestmark = pytest.mark.anyio

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


async def test_export_reports_what_the_client_did():
    """The summary takes requests, retries, 429s and waits from the client's own stats."""
    clock = FakeClock()
    sandbox = Sandbox(members=500, rate_limit=RateWindow(2, 10), clock=clock.now, sleep=clock.sleep)
    stream = io.StringIO()
    stats = ExportStats()
    async with (
        clock.running(),
        sandbox.client(clock=clock.now, sleep=clock.sleep, rate_limit=None) as client,
    ):
        await export_members(client, JsonlWriter(stream), stats)
    ids = [json.loads(line)["id"] for line in stream.getvalue().splitlines()]
    assert ids == sandbox.member_ids
    refused = sandbox.statuses.count(429)
    assert refused >= 1
    assert (stats.requests, stats.rate_limited, stats.retries) == (5 + refused, refused, refused)
    assert stats.waited >= 10.0
    assert f"{stats.requests} requests, {refused} retries" in stats.summary()


async def test_stats_are_taken_even_when_the_export_fails():
    """An export stopped by an error still reports the requests it cost."""
    sandbox = Sandbox(members=300)
    sandbox.faults.fail_next(1, status=404, route="/members")
    stats = ExportStats()
    async with sandbox.client(rate_limit=None) as client:
        with pytest.raises(NotFound):
            await export_members(client, JsonlWriter(io.StringIO()), stats)
    assert (stats.requests, stats.members) == (1, 0)
    assert stats.finished is not None


async def test_export_members_streams_pages():
    """export_members writes each page as it comes and reports it, stopping at max_items."""
    sandbox = Sandbox(members=260)
    stream = io.StringIO()
    seen: list[int] = []
    stats = ExportStats()
    async with sandbox.client(rate_limit=None) as client:
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
    assert (stats.members, stats.pages, stats.requests) == (250, 3, 3)
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
    assert row["created_at"] == "2025-01-01T12:00:00Z"
    assert row["bio"] == ""


def test_jsonl_writer_one_complete_record_per_line():
    """Each member is one JSON object on one line, timestamps as ISO strings."""
    stream = io.StringIO()
    JsonlWriter(stream).write([Member(id=1, bio="line\nbreak", created_at=NOW), Member(id=2)])
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["bio"] == "line\nbreak"
    assert first["created_at"] == "2025-01-01T12:00:00Z"
    assert second["id"] == 2


async def test_concurrent_export_writes_each_page_as_soon_as_it_can():
    """With concurrency N the first page is written when it arrives, not after a wave of 4N."""
    clock = FakeClock()
    sandbox = Sandbox(members=1000, clock=clock.now, sleep=clock.sleep)
    sandbox.faults.latency(1.0)
    stream = io.StringIO()
    written_at: list[tuple[float, int]] = []
    stats = ExportStats()
    async with (
        clock.running(),
        sandbox.client(clock=clock.now, sleep=clock.sleep, rate_limit=None) as client,
    ):
        await export_members(
            client,
            JsonlWriter(stream),
            stats,
            concurrency=2,
            on_page=lambda s: written_at.append((clock.now(), s.members)),
        )
    ids = [json.loads(line)["id"] for line in stream.getvalue().splitlines()]
    assert ids == sandbox.member_ids
    first_time, first_count = written_at[0]
    assert (first_time, first_count) == (1.0, 100)
    assert [count for _, count in written_at] == list(range(100, 1001, 100))


def test_summary_of_a_concurrent_export_says_its_waits_are_summed():
    """Waits summed over concurrent requests are labelled so, not shown as wall time."""
    stats = ExportStats(members=10, requests=1, retries=1, rate_limited=1, paced=96.0)
    stats.concurrency = 4
    stats.finished = stats.started + 27.0
    summary = stats.summary()
    assert "96.0s paced, summed over up to 4 concurrent requests" in summary
    assert "1 request, 1 retry, 1 rate-limited (429) answer waited out" in summary
    serial = ExportStats(members=10, requests=2, paced=5.0)
    assert "2 requests, 0 retries" in serial.summary()
    assert "summed" not in serial.summary()
