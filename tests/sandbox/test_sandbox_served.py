"""The SDK against the sandbox served by uvicorn on 127.0.0.1: real sockets, asyncio and trio."""

from __future__ import annotations

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    MightyConnectionError,
    MightyTimeout,
    NotFound,
    RateLimited,
    RequestBlocked,
    ResponseValidationError,
    TokenExpired,
    Unauthorized,
    UnprocessableEntity,
)
from mighty_async.testing import RateWindow, Sandbox

from ..support.fakeclock import FakeClock

pytestmark = pytest.mark.anyio

MEMBERS = 2500


@pytest.fixture(scope="module")
def clock():
    """The served sandbox's rate-limit clock, moved by hand (``advance``), never slept on."""
    return FakeClock(start=1000.0)


@pytest.fixture(scope="module")
def served(clock):
    """One sandbox served by uvicorn on a free port for the whole module."""
    sandbox = Sandbox(seed=11, members=MEMBERS, clock=clock.now)
    with sandbox.serve_in_thread(port=0) as base_url:
        yield sandbox, base_url


@pytest.fixture
def sandbox(served):
    """The served sandbox, with faults and limits cleared after each test."""
    sandbox, _ = served
    yield sandbox
    sandbox.faults.clear()
    sandbox.set_rate_limit(None, retry_after=True)


def client_for(served, **options) -> AsyncMightyClient:
    """An SDK client that reaches the served sandbox over loopback HTTP."""
    sandbox, base_url = served
    options.setdefault("network_id", sandbox.network_id)
    token = options.pop("token", sandbox.token)
    return AsyncMightyClient(token, base_url=base_url, **options)


async def test_base_url_is_loopback(served):
    """The server listens on 127.0.0.1 on a port the OS picked."""
    _, base_url = served
    assert base_url.startswith("http://127.0.0.1:")
    assert int(base_url.rsplit(":", 1)[1]) > 0


async def test_member_crud_round_trip(served, sandbox):
    """Create, get, update, find by email and delete a member over HTTP."""
    async with client_for(served) as client:
        created = await client.members.create(
            email="served.crud@example.com", first_name="Served", last_name="Crud", role="moderator"
        )
        assert (await client.members.get(created.id)).first_name == "Served"
        assert (await client.members.update(created.id, first_name="Moved")).first_name == "Moved"
        found = await client.members.get_by_email("served.crud@example.com")
        assert found.id == created.id
        with pytest.raises(UnprocessableEntity):
            await client.members.create(
                email="served.crud@example.com", first_name="Again", last_name="Crud"
            )
        await client.members.delete(created.id)
        with pytest.raises(NotFound):
            await client.members.get(created.id)


async def test_pagination_over_thousands(served, sandbox):
    """Walking /members over HTTP yields each of 2,500 members once, in 25 requests."""
    before = len(sandbox.requests)
    async with client_for(served) as client:
        ids = [m.id async for m in client.members.list(per_page=100)]
    assert ids == sandbox.member_ids
    assert len(ids) == MEMBERS
    assert len(sandbox.requests) - before == 25


async def test_concurrent_pagination_matches(served, sandbox):
    """The fan-out paginator over HTTP yields the same members in the same order."""
    async with client_for(served) as client:
        ids = [m.id async for m in client.members.list(per_page=100, concurrency=4)]
    assert ids == sandbox.member_ids


async def test_rate_limit_with_retry_after(served, sandbox, clock):
    """Past the window the sandbox answers 429 with Retry-After; later the call succeeds.

    The client shares the sandbox's clock: after a 429 it pauses itself until Retry-After.
    """
    sandbox.set_rate_limit(RateWindow(requests=2, period=30), retry_after=True)
    async with client_for(served, retry=None, clock=clock.now) as client:
        await client.me()
        await client.me()
        with pytest.raises(RateLimited) as caught:
            await client.me()
        assert caught.value.response is not None
        assert caught.value.response.headers["retry-after"] == "30"
        clock.advance(30)
        assert (await client.me()).user.id == sandbox.owner["id"]


async def test_rate_limit_without_retry_after(served, sandbox, clock):
    """With retry_after off the 429 carries no Retry-After header."""
    sandbox.set_rate_limit(RateWindow(requests=1, period=10), retry_after=False)
    async with client_for(served, retry=None) as client:
        await client.network()
        with pytest.raises(RateLimited) as caught:
            await client.network()
    assert caught.value.response is not None
    assert "retry-after" not in caught.value.response.headers
    assert caught.value.code == "rate_limit_exceeded"
    clock.advance(10)


async def test_wrong_token(served, sandbox):
    """A wrong token is Unauthorized over HTTP."""
    async with client_for(served, token="wrong-token") as client:
        with pytest.raises(Unauthorized) as caught:
            await client.me()
    assert type(caught.value) is Unauthorized


async def test_revoked_token(served, sandbox):
    """A token revoked through the sandbox is TokenExpired over HTTP."""
    token = sandbox.issue_token()
    async with client_for(served, token=token) as client:
        await client.me()
        sandbox.revoke_token(token)
        with pytest.raises(TokenExpired):
            await client.me()


async def test_other_network(served, sandbox):
    """A network id that is not the sandbox's is Unauthorized over HTTP."""
    async with client_for(served, network_id="another-network") as client:
        with pytest.raises(Unauthorized, match="does not belong"):
            await client.network()


async def test_missing_user_agent_blocked(served, sandbox):
    """Without a User-Agent the served sandbox answers the HTML 403 the SDK calls blocked."""
    async with client_for(served) as client:
        client._http.headers.pop("User-Agent")
        with pytest.raises(RequestBlocked):
            await client.me()


async def test_dropped_connection(served, sandbox):
    """A dropped connection surfaces as MightyConnectionError; the next request works."""
    sandbox.faults.drop_next(1)
    async with client_for(served, retry=None) as client:
        with pytest.raises(MightyConnectionError):
            await client.me()
        assert (await client.me()).user.id == sandbox.owner["id"]
    assert sandbox.requests[-2].status is None


async def test_malformed_json(served, sandbox):
    """A cut-off JSON body surfaces as ResponseValidationError."""
    sandbox.faults.malformed_next(1, route="/me")
    async with client_for(served) as client:
        with pytest.raises(ResponseValidationError):
            await client.me()


async def test_slow_body_times_out(served, sandbox):
    """A body slower than the read timeout surfaces as MightyTimeout."""
    sandbox.faults.slow_body_next(1, delay=0.5, chunks=2)
    async with client_for(served, timeout=httpx.Timeout(5.0, read=0.05), retry=None) as client:
        with pytest.raises(MightyTimeout):
            await client.me()


async def test_async_serve_context(anyio_backend):
    """`async with sandbox.serve()` serves on a free port and stops afterwards."""
    sandbox = Sandbox(members=3)
    async with (
        sandbox.serve() as base_url,
        AsyncMightyClient(
            sandbox.token, network_id=sandbox.network_id, base_url=base_url
        ) as client,
    ):
        assert (await client.network()).id == sandbox.network_id
    async with httpx.AsyncClient() as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(base_url)
