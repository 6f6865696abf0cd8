"""BearerAuth: static tokens, async providers, and one refresh after token_expired."""

from __future__ import annotations

import anyio
import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    BearerAuth,
    ConfigurationError,
    TokenExpired,
    Unauthorized,
)

pytestmark = pytest.mark.anyio

EXPIRED = {
    "error": "token_expired",
    "message": "API token has been revoked or expired",
    "status": 401,
}


class Provider:
    """An async token provider that hands out tok-1, tok-2, ... and counts its calls."""

    def __init__(self, delay: float = 0) -> None:
        self.calls = 0
        self.delay = delay

    async def __call__(self) -> str:
        self.calls += 1
        await anyio.lowlevel.checkpoint()
        return f"tok-{self.calls}"


def server(valid: set[str], seen: list[str]):
    def handler(request: httpx.Request) -> httpx.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        seen.append(token)
        if token in valid:
            return httpx.Response(200, json={"id": 1})
        return httpx.Response(401, json=EXPIRED)

    return httpx.MockTransport(handler)


async def test_static_token_is_sent():
    """A string token is sent as Authorization: Bearer <token>."""
    seen: list[str] = []
    async with AsyncMightyClient("abc", network_id=1, transport=server({"abc"}, seen)) as client:
        await client.network()
    assert seen == ["abc"]


async def test_provider_is_called_once_for_concurrent_first_requests():
    """Concurrent first requests ask the provider once, under its lock, then reuse the token."""
    provider = Provider()
    seen: list[str] = []
    transport = server({"tok-1"}, seen)
    async with (
        AsyncMightyClient(provider, network_id=1, transport=transport) as c,
        anyio.create_task_group() as tg,
    ):
        for _ in range(20):
            tg.start_soon(c.network)
    assert provider.calls == 1
    assert seen == ["tok-1"] * 20


async def test_expired_token_is_refreshed_once_and_replayed():
    """After 401 token_expired the provider is asked again and the request replayed."""
    provider = Provider()
    seen: list[str] = []
    async with AsyncMightyClient(provider, network_id=1, transport=server({"tok-2"}, seen)) as c:
        network = await c.network()
    assert network.id == 1
    assert seen == ["tok-1", "tok-2"]
    assert provider.calls == 2


async def test_still_expired_after_refresh_raises_token_expired():
    """When the refreshed token is refused too, TokenExpired is raised after one retry."""
    provider = Provider()
    seen: list[str] = []
    async with AsyncMightyClient(provider, network_id=1, transport=server(set(), seen)) as c:
        with pytest.raises(TokenExpired) as info:
            await c.network()
    assert isinstance(info.value, Unauthorized)
    assert seen == ["tok-1", "tok-2"]
    assert str(info.value) == "401 token_expired: API token has been revoked or expired"


async def test_static_token_is_not_retried_on_expiry():
    """A static token cannot be refreshed, so token_expired is raised after one request."""
    seen: list[str] = []
    async with AsyncMightyClient("old", network_id=1, transport=server(set(), seen)) as client:
        with pytest.raises(TokenExpired):
            await client.network()
    assert seen == ["old"]


async def test_plain_unauthorized_is_not_retried():
    """A 401 that is not token_expired is not a reason to ask the provider again."""
    provider = Provider()
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(401, json={"error": "unauthorized", "message": "bad"})

    transport = httpx.MockTransport(handler)
    async with AsyncMightyClient(provider, network_id=1, transport=transport) as client:
        with pytest.raises(Unauthorized) as info:
            await client.network()
    assert not isinstance(info.value, TokenExpired)
    assert provider.calls == 1
    assert len(seen) == 1


@pytest.mark.parametrize("bad", ["", "  ", "a\nb", 12])
def test_bad_static_tokens_are_refused(bad):
    """Empty tokens and tokens with line breaks are refused at construction."""
    with pytest.raises(ConfigurationError):
        BearerAuth(bad)


async def test_provider_returning_garbage_is_a_configuration_error():
    """A provider that returns a non-string is reported clearly, with nothing sent."""

    async def provider() -> str:
        return None  # type: ignore[return-value]

    seen: list[str] = []
    async with AsyncMightyClient(provider, network_id=1, transport=server(set(), seen)) as client:
        with pytest.raises(ConfigurationError):
            await client.network()
    assert seen == []


def test_sync_use_is_refused():
    """BearerAuth is async-only; a sync httpx client gets a clear error."""
    with (
        httpx.Client(
            auth=BearerAuth("t"), transport=httpx.MockTransport(lambda r: httpx.Response(200))
        ) as c,
        pytest.raises(RuntimeError, match="AsyncClient only"),
    ):
        c.get("https://example.com")


def test_repr_hides_the_token():
    """repr(BearerAuth) never shows the token."""
    assert "secret-value" not in repr(BearerAuth("secret-value"))
    assert repr(BearerAuth(Provider())) == "<BearerAuth provider token=***>"
