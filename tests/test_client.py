"""AsyncMightyClient: configuration, headers, lifecycle and transport failures."""

from __future__ import annotations

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ClientClosedError,
    ConfigurationError,
    InvalidPathParameter,
    MightyConnectionError,
    MightyTimeout,
    NotFound,
    ResponseValidationError,
    __version__,
)
from mighty_async._client import default_user_agent
from mighty_async._config import check_base_url, check_network_id

from .conftest import API_PREFIX, NETWORK_ID, TOKEN

pytestmark = pytest.mark.anyio


@pytest.fixture
def no_env(monkeypatch):
    """Remove the client's environment variables for the test."""
    monkeypatch.delenv("MIGHTY_API_TOKEN", raising=False)
    monkeypatch.delenv("MIGHTY_NETWORK_ID", raising=False)


def recording_transport(status=200, json=None, content=None):
    """An httpx transport answering every request the same way and keeping the requests."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if content is not None:
            return httpx.Response(status, content=content)
        return httpx.Response(status, json=json if json is not None else {"id": 1})

    return httpx.MockTransport(handler), seen


def test_missing_token_names_the_variable(no_env):
    """Without a token argument or MIGHTY_API_TOKEN, the error names the variable."""
    with pytest.raises(ConfigurationError, match="MIGHTY_API_TOKEN"):
        AsyncMightyClient(network_id=1)


def test_missing_network_names_the_variable(no_env):
    """Without a network argument or MIGHTY_NETWORK_ID, the error names the variable."""
    with pytest.raises(ConfigurationError, match="MIGHTY_NETWORK_ID"):
        AsyncMightyClient("tok")


async def test_environment_fills_token_and_network(no_env, monkeypatch):
    """Token and network id fall back to the environment; a numeric id becomes an int."""
    monkeypatch.setenv("MIGHTY_API_TOKEN", "env-token")
    monkeypatch.setenv("MIGHTY_NETWORK_ID", "77")
    transport, seen = recording_transport()
    async with AsyncMightyClient(transport=transport) as client:
        assert client.network_id == 77
        await client.network()
    assert seen[0].headers["Authorization"] == "Bearer env-token"
    assert seen[0].url.path == "/admin/v1/networks/77/"


@pytest.mark.parametrize("value", [7, "7", "paint-pals", "a1"])
def test_network_id_accepts_ids_and_subdomains(value):
    """Numeric ids (int or digits) and subdomains are accepted."""
    assert check_network_id(value) in {7, "paint-pals", "a1"}


@pytest.mark.parametrize("value", ["Paint", "1abc", "a", "a/b", "../x", "", -1, True, 1.5, None])
def test_network_id_refuses_anything_else(value):
    """Anything that is not an id or a subdomain is refused before a request is made."""
    with pytest.raises(ConfigurationError):
        check_network_id(value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://127.8.9.1",
        "http://[::1]:9",
        "http://localhost:1",
        "https://api.mn.co",
        "https://example.com/",
    ],
)
def test_base_url_allowed(url):
    """Https anywhere, and http to loopback hosts, are allowed."""
    assert check_base_url(url).host


@pytest.mark.parametrize(
    "url", ["http://api.mn.co", "http://10.0.0.1", "http://localhost.evil.com", "ftp://x", "nohost"]
)
def test_plain_http_to_other_hosts_is_refused(url):
    """A base URL that would carry the token in clear text off this machine is refused."""
    with pytest.raises(ConfigurationError):
        AsyncMightyClient("tok", network_id=1, base_url=url)


async def test_every_request_sends_user_agent_accept_and_bearer():
    """Requests carry the SDK User-Agent, Accept: application/json and the bearer token."""
    transport, seen = recording_transport()
    async with AsyncMightyClient(TOKEN, network_id=NETWORK_ID, transport=transport) as client:
        await client.network()
    headers = seen[0].headers
    assert headers["User-Agent"] == default_user_agent()
    assert headers["User-Agent"].startswith(f"mighty-async/{__version__} (python/")
    assert f"httpx/{httpx.__version__}" in headers["User-Agent"]
    assert headers["Accept"] == "application/json"
    assert headers["Authorization"] == f"Bearer {TOKEN}"


async def test_user_agent_can_be_overridden():
    """A caller-chosen User-Agent replaces the default."""
    transport, seen = recording_transport()
    async with AsyncMightyClient(
        TOKEN, network_id=1, transport=transport, user_agent="my-crm-sync/2.0"
    ) as client:
        await client.network()
    assert seen[0].headers["User-Agent"] == "my-crm-sync/2.0"


async def test_subdomain_is_used_in_the_path():
    """A subdomain network id goes into the path as given."""
    transport, seen = recording_transport()
    async with AsyncMightyClient(TOKEN, network_id="paint-pals", transport=transport) as client:
        await client.network()
    assert str(seen[0].url) == "https://api.mn.co/admin/v1/networks/paint-pals/"


async def test_call_after_close_is_refused():
    """Using a closed client raises ClientClosedError and sends nothing."""
    transport, seen = recording_transport()
    client = AsyncMightyClient(TOKEN, network_id=1, transport=transport)
    await client.aclose()
    assert client.is_closed
    with pytest.raises(ClientClosedError):
        await client.network()
    with pytest.raises(ClientClosedError):
        async with client:
            pass
    assert seen == []
    assert "closed" in repr(client)


async def test_connect_error_becomes_connection_error_chained():
    """A transport failure is raised as MightyConnectionError with the httpx error chained."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with AsyncMightyClient(TOKEN, network_id=1, transport=httpx.MockTransport(handler)) as c:
        with pytest.raises(MightyConnectionError) as info:
            await c.network()
    assert not isinstance(info.value, MightyTimeout)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert "GET /admin/v1/networks/1/" in str(info.value)


async def test_timeout_becomes_mighty_timeout():
    """An httpx timeout is raised as MightyTimeout, a MightyConnectionError."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with AsyncMightyClient(TOKEN, network_id=1, transport=httpx.MockTransport(handler)) as c:
        with pytest.raises(MightyTimeout) as info:
            await c.network()
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


async def test_programming_errors_are_not_wrapped():
    """An exception that is not a transport failure propagates unchanged."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise ZeroDivisionError

    async with AsyncMightyClient(TOKEN, network_id=1, transport=httpx.MockTransport(handler)) as c:
        with pytest.raises(ZeroDivisionError):
            await c.network()


async def test_non_json_success_is_a_validation_error():
    """A 200 whose body is not JSON raises ResponseValidationError, not JSONDecodeError."""
    transport, _ = recording_transport(content=b"<html>hi</html>")
    async with AsyncMightyClient(TOKEN, network_id=1, transport=transport) as client:
        with pytest.raises(ResponseValidationError, match="not JSON"):
            await client.network()


async def test_error_status_is_decoded(api, client):
    """A 404 answer raises NotFound with the server's code and message."""
    api.get("/").respond(404, json={"error": "not_found", "message": "No such network"})
    with pytest.raises(NotFound) as info:
        await client.network()
    assert info.value.code == "not_found"
    assert info.value.response is not None
    assert info.value.response.status_code == 404


async def test_me_and_network(api, client):
    """me() and network() GET their exact paths and structure the answers."""
    api.get("/").respond(200, json={"id": NETWORK_ID, "subdomain": "paint-pals"})
    api.get("/me").respond(200, json={"user": {"id": 3, "name": "Ada"}, "network": {"id": 5}})
    network = await client.network()
    me = await client.me()
    assert network.subdomain == "paint-pals"
    assert me.user.name == "Ada"
    assert [str(c.request.url) for c in api.calls] == [f"{API_PREFIX}/", f"{API_PREFIX}/me"]


def test_path_refuses_what_is_not_an_id():
    """A path parameter that is not an id is refused, so an id can never change the route."""
    client = AsyncMightyClient(TOKEN, network_id=1)
    assert client.path("/members/{id}/", id="42") == "/admin/v1/networks/1/members/42/"
    with pytest.raises(InvalidPathParameter, match="'id'"):
        client.path("/members/{id}/", id="a/b")
    with pytest.raises(ConfigurationError, match="missing path parameter"):
        client.path("/members/{id}/")


def test_repr_shows_network_not_token():
    """The client's repr names the network and base URL, never the token."""
    client = AsyncMightyClient(TOKEN, network_id=1)
    assert "network_id=1" in repr(client)
    assert TOKEN not in repr(client)
