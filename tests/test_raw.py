"""raw(): the parsed result with the answer behind it, kept apart between concurrent calls."""

from __future__ import annotations

import anyio
import anyio.lowlevel
import httpx
import pytest

from mighty_async import AsyncMightyClient, ConfigurationError, Member, NotFound, Raw, raw
from mighty_async._raw import _CAPTURE

from .support.fakeclock import InstantClock

pytestmark = pytest.mark.anyio


def member(member_id: int) -> dict[str, object]:
    return {"id": member_id, "email": f"m{member_id}@example.com"}


async def handler(request: httpx.Request) -> httpx.Response:
    """Answer members by id after a number of yields that depends on the id (interleaving)."""
    path = request.url.path
    if path.endswith("/members"):
        page = int(request.url.params["page"])
        items = [member(n) for n in range(page * 10, page * 10 + 2)] if page <= 2 else []
        return httpx.Response(
            200, json={"items": items, "links": {"next": "x"}}, headers={"x-page": str(page)}
        )
    member_id = int(path.rstrip("/").rsplit("/", 1)[1])
    for _ in range(member_id % 7):
        await anyio.lowlevel.checkpoint()
    if request.method == "DELETE":
        return httpx.Response(204)
    if member_id == 404:
        return httpx.Response(404, json={"error": "not_found"})
    return httpx.Response(200, json=member(member_id), headers={"x-member": str(member_id)})


def make_client(transport=None) -> AsyncMightyClient:
    return AsyncMightyClient(
        "tok", network_id=5, transport=transport or httpx.MockTransport(handler), rate_limit=None
    )


async def test_raw_returns_the_result_with_status_headers_and_attempts():
    """raw(get)(id) gives the Member plus the answer's status, headers, elapsed and attempts."""
    answers = iter([httpx.Response(503), httpx.Response(200, json=member(3), headers={"x-a": "b"})])
    transport = httpx.MockTransport(lambda request: next(answers))
    clock = InstantClock()
    client = AsyncMightyClient(
        "tok",
        network_id=5,
        transport=transport,
        rate_limit=None,
        clock=clock.now,
        sleep=clock.sleep,
        random=lambda: 0.5,
    )
    async with client:
        answer = await raw(client.members.get)(3)
    assert isinstance(answer, Raw)
    assert answer.result == Member(id=3, email="m3@example.com")
    assert answer.status_code == 200
    assert answer.headers["x-a"] == "b"
    assert answer.attempts == 2
    assert answer.elapsed == pytest.approx(clock.slept)
    assert clock.slept > 0
    assert answer.responses == (answer.response,)
    assert "x-a" not in repr(answer)


async def test_raw_of_a_delete_has_no_result_and_the_204():
    """A call that returns None is wrapped too: result None, status 204."""
    async with make_client() as client:
        answer = await raw(client.members.delete)(8)
    assert answer.result is None
    assert answer.status_code == 204


async def test_raw_of_a_walk_keeps_one_response_per_page():
    """raw(paginator.collect)() keeps every page's answer, in page order."""
    async with make_client() as client:
        answer = await raw(client.members.list(per_page=2).collect)()
    assert [m.id for m in answer.result] == [10, 11, 20, 21]
    assert [r.headers["x-page"] for r in answer.responses] == ["1", "2", "3"]
    assert answer.response is answer.responses[-1]


async def test_errors_pass_through_unchanged():
    """An error answer raises the usual typed error (which carries its response)."""
    async with make_client() as client:
        with pytest.raises(NotFound) as info:
            await raw(client.members.get)(404)
    assert info.value.response is not None
    assert _CAPTURE.get() is None


async def test_a_call_that_sends_nothing_is_a_typed_error():
    """raw() over a coroutine that made no request raises ConfigurationError, not IndexError."""

    async def nothing() -> int:
        return 1

    with pytest.raises(ConfigurationError, match="sent no request"):
        await raw(nothing)()


async def test_concurrent_raw_calls_each_see_their_own_response():
    """Fifty interleaved raw calls in one task group each get the answer to their request."""
    found: dict[int, Raw[Member]] = {}
    async with make_client() as client:

        async def one(member_id: int) -> None:
            found[member_id] = await raw(client.members.get)(member_id)

        async with anyio.create_task_group() as group:
            for member_id in range(1, 51):
                group.start_soon(one, member_id)
                group.start_soon(client.members.get, member_id + 100)
    assert sorted(found) == list(range(1, 51))
    for member_id, answer in found.items():
        assert answer.result.id == member_id
        assert [r.headers["x-member"] for r in answer.responses] == [str(member_id)]


async def test_capture_ends_with_the_call():
    """After a raw call, plain calls in the same task are no longer collected."""
    async with make_client() as client:
        await raw(client.members.get)(1)
        assert _CAPTURE.get() is None
        await client.members.get(2)
        assert _CAPTURE.get() is None


async def test_an_outer_raw_call_sees_the_answers_of_raw_calls_inside_it():
    """raw() around code that itself uses raw() collects every answer, the inner ones too."""
    async with make_client() as client:

        async def helper() -> int:
            inner = await raw(client.members.get)(3)
            await client.members.get(4)
            return inner.result.id

        outer = await raw(helper)()
    assert outer.result == 3
    assert [r.headers["x-member"] for r in outer.responses] == ["3", "4"]


async def test_a_raw_call_made_only_of_raw_calls_is_not_an_empty_call():
    """An outer raw() whose requests all went through an inner raw() still has its answer."""
    async with make_client() as client:
        outer = await raw(raw(client.members.get))(5)
    assert outer.result.result.id == 5
    assert outer.response.headers["x-member"] == "5"
