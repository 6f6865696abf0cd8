"""client.with_options(): per-call settings on a client that shares the original's pool."""

from __future__ import annotations

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ClientClosedError,
    ConfigurationError,
    RateLimited,
    RetryPolicy,
    ServerError,
)

pytestmark = pytest.mark.anyio

MEMBER = {"id": 1, "email": "ada@example.com"}


def recorder(*statuses: int, headers: dict[str, str] | None = None):
    """A mock transport answering with ``statuses`` in turn (then 200), keeping the requests."""
    seen: list[httpx.Request] = []
    queue = list(statuses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = queue.pop(0) if queue else 200
        return httpx.Response(status, json=MEMBER, headers=headers or {})

    return httpx.MockTransport(handler), seen


def make_client(transport: httpx.AsyncBaseTransport, **kwargs) -> AsyncMightyClient:
    return AsyncMightyClient("tok", network_id=5, transport=transport, rate_limit=None, **kwargs)


async def test_timeout_applies_to_the_derived_client_only():
    """with_options(timeout=5) sends with a 5 s timeout; the original keeps its own."""
    transport, seen = recorder()
    async with make_client(transport) as client:
        await client.with_options(timeout=5).members.get(1)
        await client.members.get(1)
    assert seen[0].extensions["timeout"] == httpx.Timeout(5).as_dict()
    assert seen[1].extensions["timeout"] == httpx.Timeout(30.0, connect=10.0).as_dict()


async def test_headers_are_added_to_every_request_and_accumulate():
    """Headers given to with_options reach each request; a derived client's derived adds more."""
    transport, seen = recorder()
    async with make_client(transport) as client:
        tagged = client.with_options(headers={"X-Job": "sync"})
        await tagged.members.get(1)
        await tagged.members.get(2)
        await tagged.with_options(headers={"X-Step": "2"}).members.get(3)
        await client.members.get(4)
    assert [r.headers.get("x-job") for r in seen] == ["sync", "sync", "sync", None]
    assert [r.headers.get("x-step") for r in seen] == [None, None, "2", None]
    assert all(r.headers["authorization"] == "Bearer tok" for r in seen)


async def test_derived_client_shares_pool_limiter_and_stats():
    """The derived client reuses the original's httpx client and transport: no new pool."""
    transport, _ = recorder()
    async with make_client(transport) as client:
        derived = client.with_options(timeout=1, headers={"X-A": "b"})
        assert derived._http is client._http
        assert derived._transport is client._transport
        await derived.members.get(1)
        assert client.stats.requests_sent == 1


async def test_retry_none_turns_retries_off_for_that_client():
    """retry=None on the derived client: a 503 is raised at once, the original retries it."""
    transport, seen = recorder(503, 503)
    async with make_client(transport) as client:
        with pytest.raises(ServerError):
            await client.with_options(retry=None).members.get(1)
        assert len(seen) == 1
        await client.members.get(1)
    assert len(seen) == 3


async def test_retry_policy_replaces_the_clients():
    """retry=RetryPolicy(max_retries=0) stops after one attempt where the default retries."""
    transport, seen = recorder(502, 502, 502)
    async with make_client(transport) as client:
        with pytest.raises(ServerError):
            await client.with_options(retry=RetryPolicy(max_retries=0)).members.get(1)
    assert len(seen) == 1


async def test_max_wait_zero_gives_up_on_a_429_at_once():
    """max_wait=0 makes a 429 with Retry-After raise RateLimited on its first answer."""
    transport, seen = recorder(429, headers={"Retry-After": "3"})
    async with make_client(transport) as client:
        with pytest.raises(RateLimited) as info:
            await client.with_options(max_wait=0).members.get(1)
    assert len(seen) == 1
    assert info.value.retry_after == pytest.approx(3, abs=1)


async def test_closing_the_derived_client_leaves_the_original_open():
    """aclose() on a derived client closes it alone; the original still sends."""
    transport, seen = recorder()
    async with make_client(transport) as client:
        async with client.with_options(timeout=2) as derived:
            await derived.members.get(1)
        assert derived.is_closed
        assert not client.is_closed
        with pytest.raises(ClientClosedError):
            await derived.members.get(1)
        await client.members.get(1)
    assert len(seen) == 2


async def test_closing_the_original_closes_every_derived_client():
    """After the original is closed, a client derived from it raises ClientClosedError."""
    transport, _ = recorder()
    client = make_client(transport)
    derived = client.with_options(timeout=2).with_options(headers={"X-A": "1"})
    await client.aclose()
    assert derived.is_closed
    assert repr(derived).endswith(" closed>")
    with pytest.raises(ClientClosedError):
        await derived.members.get(1)
    with pytest.raises(ClientClosedError):
        client.with_options(timeout=1)


@pytest.mark.parametrize(
    "options",
    [
        {"retry": "fast"},
        {"headers": {"X-A": 1}},
        {"headers": {"X-A": "a\r\nInjected: yes"}},
        {"headers": {"": "x"}},
        {"headers": [("X-A", "b")]},
        {"timeout": -1},
        {"max_wait": -1},
        {"timeout": "5"},
    ],
)
def test_bad_options_are_refused_with_a_typed_error(options):
    """A wrong retry value or a malformed header raises ConfigurationError before sending."""
    client = make_client(httpx.MockTransport(lambda r: httpx.Response(200)))
    with pytest.raises(ConfigurationError):
        client.with_options(**options)


async def test_audit_callback_of_the_original_sees_derived_calls():
    """Records of calls made through a derived client reach the original's on_request."""
    transport, _ = recorder()
    records = []
    async with make_client(transport, on_request=records.append) as client:
        await client.with_options(timeout=3).members.get(7)
    assert [(r.operation, r.status_code) for r in records] == [("members.get", 200)]
