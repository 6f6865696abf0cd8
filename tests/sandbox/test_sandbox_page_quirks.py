"""Page quirks of `Faults` and the in-flight count: list servers that misbehave by page number."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from mighty_async import ConfigurationError
from mighty_async.testing import Sandbox
from mighty_async.testing._faults import PageQuirks

from ..support.fakeclock import FakeClock

pytestmark = pytest.mark.anyio


def raw(sandbox: Sandbox) -> httpx.AsyncClient:
    """A plain httpx client on the sandbox's network prefix."""
    return httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/{sandbox.network_id}",
        headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": "tests"},
    )


async def pages(sandbox: Sandbox, *numbers: int, per_page: int = 10) -> list[dict[str, Any]]:
    """The member list's answers to these page numbers, in order."""
    async with raw(sandbox) as http:
        return [
            (await http.get("/members", params={"page": n, "per_page": per_page})).json()
            for n in numbers
        ]


def ids(answer: dict[str, Any]) -> list[int]:
    return [m["id"] for m in answer["items"]]


async def test_next_on_last_page_keeps_a_next_link_on_the_last_page():
    """With next_on_last_page the last page and the empty one after it still link onwards."""
    sandbox = Sandbox(members=20)
    sandbox.faults.next_on_last_page(route="/members")
    last, empty = await pages(sandbox, 2, 3)
    assert ids(last) == sandbox.member_ids[10:20]
    assert last["links"]["next"] is not None
    assert empty["items"] == []
    assert empty["links"]["next"] is not None
    sandbox.faults.clear()
    (again,) = await pages(sandbox, 2)
    assert again["links"]["next"] is None


async def test_repeat_page_answers_the_other_page_for_that_number_only():
    """repeat_page(3, as_page=2) answers page 2 for page 3, every time, and nothing else."""
    sandbox = Sandbox(members=40)
    sandbox.faults.repeat_page(3, as_page=2, route="/members")
    answers = await pages(sandbox, 2, 3, 3, 4)
    member_ids = sandbox.member_ids
    assert [ids(a) for a in answers] == [
        member_ids[10:20],
        member_ids[10:20],
        member_ids[10:20],
        member_ids[30:40],
    ]
    assert [r.query["page"] for r in sandbox.requests] == ["2", "3", "3", "4"]  # as sent


async def test_shift_pages_pushes_later_pages_down_by_that_many_records():
    """shift_pages(after_page=1, by=2) starts pages 2 on two records early; page 1 is as it was."""
    sandbox = Sandbox(members=25)
    sandbox.faults.shift_pages(after_page=1, by=2, route="/members")
    answers = await pages(sandbox, 3, 1, 2)  # out of order: the page number decides
    member_ids = sandbox.member_ids
    assert [ids(a) for a in answers] == [member_ids[18:25], member_ids[:10], member_ids[8:18]]
    assert answers[0]["links"]["next"] is None
    assert answers[2]["links"]["next"] is not None


async def test_page_quirks_leave_other_routes_alone():
    """A quirk narrowed to /members does not touch another list."""
    sandbox = Sandbox(members=5, spaces=3)
    sandbox.faults.repeat_page(1, as_page=2, route="/members")
    async with raw(sandbox) as http:
        spaces = (await http.get("/spaces", params={"page": 1, "per_page": 10})).json()
    assert len(spaces["items"]) == 3


@pytest.mark.parametrize(
    "call",
    [
        lambda f: f.repeat_page(0, as_page=1),
        lambda f: f.repeat_page(2, as_page=0),
        lambda f: f.shift_pages(after_page=1, by=0),
        lambda f: f.shift_pages(after_page=0, by=1),
    ],
)
def test_bad_page_quirk_arguments_are_refused(call):
    """A page number or shift below 1 is refused when the quirk is added."""
    faults = Sandbox(members=1).faults
    with pytest.raises(ConfigurationError, match=">= 1"):
        call(faults)
    assert faults.page_quirks("GET", "/members", 2) == PageQuirks()


async def test_in_flight_counts_requests_held_by_latency_on_a_fake_clock():
    """Requests waiting out a latency are in flight; they leave the count when answered."""
    async with FakeClock().running() as clock:
        sandbox = Sandbox(members=5, clock=clock.now, sleep=clock.sleep)
        sandbox.faults.latency(1.0)
        seen: list[int] = []
        async with sandbox.client(rate_limit=None) as client:
            async with anyio.create_task_group() as tasks:
                for _ in range(3):
                    tasks.start_soon(client.me)
                while sandbox.in_flight < 3:
                    await anyio.lowlevel.checkpoint()
                seen.append(sandbox.in_flight)
            seen.append(sandbox.in_flight)
    assert seen == [3, 0]
    assert sandbox.max_in_flight == 3
    assert sandbox.statuses == [200, 200, 200]


async def test_a_cancelled_request_leaves_the_in_flight_count():
    """A request cancelled while the sandbox holds it is no longer in flight, and unlogged."""
    async with FakeClock().running() as clock:
        sandbox = Sandbox(members=5, clock=clock.now, sleep=clock.sleep)
        sandbox.faults.latency(3600.0)
        async with sandbox.client(rate_limit=None) as client:
            with anyio.CancelScope() as scope:
                async with anyio.create_task_group() as tasks:
                    tasks.start_soon(client.me)
                    while sandbox.in_flight < 1:
                        await anyio.lowlevel.checkpoint()
                    scope.cancel()
    assert sandbox.in_flight == 0
    assert sandbox.max_in_flight == 1
    assert sandbox.requests == []
