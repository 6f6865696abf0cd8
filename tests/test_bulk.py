"""Bulk calls: bounded concurrency, input order, per-item failures, cancellation."""

from __future__ import annotations

import json

import anyio
import httpx
import pytest

from mighty_async import AsyncMightyClient, BulkCall, BulkError, MightyError, NotFound

pytestmark = pytest.mark.anyio


class Members:
    """A members endpoint that answers by id, counts requests in flight, and can fail some."""

    def __init__(self, missing: frozenset[int] = frozenset()) -> None:
        self.missing = missing
        self.in_flight = 0
        self.max_in_flight = 0
        self.seen: list[tuple[str, str]] = []
        self.hold: anyio.Event | None = None

    async def handler(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.url.path))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for _ in range(2):
                await anyio.lowlevel.checkpoint()
            if self.hold is not None:
                await self.hold.wait()
            parts = request.url.path.rstrip("/").split("/")
            if request.method == "POST":
                body = json.loads(request.content)
                return httpx.Response(201, json={"id": len(self.seen), "email": body["email"]})
            member_id = int(parts[-1])
            if member_id in self.missing:
                return httpx.Response(404, json={"error": "not_found"})
            if request.method == "DELETE":
                return httpx.Response(204)
            body = json.loads(request.content) if request.content else {}
            return httpx.Response(200, json={"id": member_id, **body})
        finally:
            self.in_flight -= 1

    def client(self) -> AsyncMightyClient:
        # No rate limiter: these tests measure the helper's own concurrency bound, which the
        # default pacing (a burst of 5, then 100/min) would otherwise cap.
        return AsyncMightyClient(
            "t", network_id=1, transport=httpx.MockTransport(self.handler), rate_limit=None
        )


async def test_get_many_returns_results_in_input_order():
    """Results come back in the order of the ids given, not completion order."""
    fake = Members()
    ids = [5, 3, 9, 1, 7, 2]
    async with fake.client() as client:
        members = await client.members.get_many(ids, concurrency=3)
    assert [m.id for m in members] == ids


async def test_concurrency_bounds_requests_in_flight():
    """No more than `concurrency` requests are in flight at once, and that many are used."""
    fake = Members()
    async with fake.client() as client:
        await client.members.get_many(range(1, 101), concurrency=7)
    assert fake.max_in_flight == 7
    assert len(fake.seen) == 100


async def test_first_failure_cancels_the_rest_and_names_the_input():
    """By default a failure cancels the other calls and raises a BulkError naming the input."""
    fake = Members(missing=frozenset({4}))
    async with fake.client() as client:
        with pytest.raises(BulkError) as info:
            await client.members.get_many(range(1, 201), concurrency=4)
    err = info.value
    assert isinstance(err, MightyError)
    assert list(err.failed) == [3]
    assert err.failed[3][0] == 4
    assert isinstance(err.exceptions[0], NotFound)
    assert "bulk input #3: 4" in err.exceptions[0].__notes__
    assert len(fake.seen) < 200
    assert all(not isinstance(v, Exception) for v in err.results.values())
    assert fake.in_flight == 0


async def test_bulk_error_supports_except_star():
    """A BulkError is an ExceptionGroup, so except* selects failures by type."""
    fake = Members(missing=frozenset({2}))
    caught = []
    async with fake.client() as client:
        try:
            await client.members.get_many([1, 2, 3], concurrency=1)
        except* NotFound as group:
            caught.extend(group.exceptions)
    assert [type(e) for e in caught] == [NotFound]


async def test_settle_keeps_every_outcome():
    """settle() runs every input to the end, each getting its result or its exception."""
    fake = Members(missing=frozenset({2, 5}))
    async with fake.client() as client:
        results = await client.members.get_many(range(1, 7), concurrency=3).settle()
    assert [type(r).__name__ for r in results] == [
        "Member",
        "NotFound",
        "Member",
        "Member",
        "NotFound",
        "Member",
    ]


async def test_progress_reports_done_and_total():
    """The progress callback sees done counts 1..total with the total each time."""
    fake = Members()
    seen: list[tuple[int, int]] = []
    async with fake.client() as client:
        await client.members.get_many(
            range(1, 11), concurrency=4, progress=lambda d, t: seen.append((d, t))
        )
    assert seen == [(n, 10) for n in range(1, 11)]


async def test_cancelling_keeps_partial_results_reachable():
    """A cancelled bulk call leaves nothing in flight and keeps what already arrived."""
    fake = Members()
    async with fake.client() as client:
        call = client.members.get_many(range(1, 51), concurrency=5)
        with anyio.CancelScope() as scope:
            async with anyio.create_task_group() as tg:

                async def run() -> None:
                    await call.settle()

                tg.start_soon(run)
                while len(call.completed) < 10:
                    await anyio.lowlevel.checkpoint()
                fake.hold = anyio.Event()
                while fake.in_flight < 5:
                    await anyio.lowlevel.checkpoint()
                scope.cancel()
    assert fake.in_flight == 0
    assert 10 <= len(call.completed) < 50
    assert all(call.completed[i].id == i + 1 for i in call.completed)


async def test_writes_go_to_their_paths():
    """create_many posts, update_many patches and delete_many deletes, one call per input."""
    fake = Members()
    async with fake.client() as client:
        created = await client.members.create_many(
            [{"email": f"n{i}@x.io", "first_name": "N", "last_name": str(i)} for i in range(3)]
        )
        updated = await client.members.update_many(
            {4: {"role": "moderator"}, 5: {"last_name": "Z"}}
        )
        deleted = await client.members.delete_many([6, 7])
    assert [m.email for m in created] == ["n0@x.io", "n1@x.io", "n2@x.io"]
    assert [m.id for m in updated] == [4, 5]
    assert deleted == [None, None]
    methods = sorted({method for method, _ in fake.seen})
    assert methods == ["DELETE", "PATCH", "POST"]
    assert ("PATCH", "/admin/v1/networks/1/members/4/") in fake.seen


async def test_empty_input_sends_nothing():
    """An empty bulk call returns an empty list without a request."""
    fake = Members()
    async with fake.client() as client:
        assert await client.members.get_many([]) == []
    assert fake.seen == []


async def test_a_bulk_call_runs_once():
    """Awaiting the same BulkCall twice is refused: it is one run, not a recipe."""

    async def double(x: int) -> int:
        return 2 * x

    call: BulkCall[int] = BulkCall(double, [1, 2])
    assert await call == [2, 4]
    with pytest.raises(RuntimeError, match="runs once"):
        await call
    assert "2/2 done" in repr(call)


class Recorder:
    """Answers every request with a record echoing the path's last id, and keeps the requests."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str, bytes]] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(
            (request.method, request.url.path, request.url.query.decode(), request.content)
        )
        return httpx.Response(201, json={"id": 1, "title": "x", "name": "x"})


@pytest.mark.parametrize(
    ("area", "fixed", "path", "query", "body"),
    [
        ("members.tags", 7, "/admin/v1/networks/1/members/{id}/tags", "", b'{"tag_id":7}'),
        ("members.badges", 8, "/admin/v1/networks/1/members/{id}/badges", "", b'{"badge_id":8}'),
        ("spaces.members", 9, "/admin/v1/networks/1/spaces/9/members", "user_id={id}", b""),
    ],
)
async def test_add_many_sends_one_add_per_member(area, fixed, path, query, body):
    """Tag, badge and space-membership add_many send one add request per member, in order."""
    recorder = Recorder()
    transport = httpx.MockTransport(recorder.handler)
    async with AsyncMightyClient("t", network_id=1, transport=transport) as client:
        resource = client
        for part in area.split("."):
            resource = getattr(resource, part)
        results = await resource.add_many(fixed, [11, 12, 13], concurrency=1)
    assert len(results) == 3
    assert recorder.requests == [
        ("POST", path.format(id=i), query.format(id=i), body) for i in (11, 12, 13)
    ]
