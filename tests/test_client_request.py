"""client.request(): the public escape hatch, through the same auth, retries and errors."""

from __future__ import annotations

import json

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ConfigurationError,
    Member,
    NotFound,
    ResponseValidationError,
    ServerError,
)
from mighty_async._client import checked_request_path

pytestmark = pytest.mark.anyio


def recorder(*answers: httpx.Response):
    """A mock transport answering ``answers`` in turn (then 200 with a member), keeping requests."""
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if queue else httpx.Response(200, json={"id": 9, "email": "x@y.z"})

    return httpx.MockTransport(handler), seen


def make_client(transport: httpx.AsyncBaseTransport, **kwargs) -> AsyncMightyClient:
    return AsyncMightyClient("tok", network_id=5, transport=transport, rate_limit=None, **kwargs)


async def test_get_with_a_model_structures_the_body():
    """request("GET", path, params=, model=) sends under the network, authenticated, and decodes."""
    transport, seen = recorder()
    async with make_client(transport) as client:
        found = await client.request("get", "/members/9/", params={"x": True}, model=Member)
    assert found == Member(id=9, email="x@y.z")
    assert seen[0].method == "GET"
    assert seen[0].url.path == "/admin/v1/networks/5/members/9/"
    assert seen[0].url.params["x"] == "true"
    assert seen[0].headers["authorization"] == "Bearer tok"


async def test_without_a_model_the_json_or_none_comes_back():
    """Without model=, the decoded JSON is returned; an empty 204 gives None."""
    transport, seen = recorder(
        httpx.Response(200, json={"items": [], "links": {}}), httpx.Response(204)
    )
    async with make_client(transport) as client:
        body = await client.request("POST", "/things", json={"a": 1})
        gone = await client.request("DELETE", "/things/1")
    assert body == {"items": [], "links": {}}
    assert gone is None
    assert json.loads(seen[0].content) == {"a": 1}


async def test_errors_are_the_usual_typed_errors():
    """A 404 raises NotFound; a body that is not JSON raises ResponseValidationError."""
    transport, _ = recorder(
        httpx.Response(404, json={"error": "not_found"}),
        httpx.Response(200, content=b"<html>", headers={"content-type": "text/html"}),
    )
    async with make_client(transport) as client:
        with pytest.raises(NotFound):
            await client.request("GET", "/nope")
        with pytest.raises(ResponseValidationError):
            await client.request("GET", "/html")


async def test_reads_are_retried_writes_are_not():
    """A GET is retried after a 503 like any read; a POST is not (it may have been applied)."""
    transport, seen = recorder(
        httpx.Response(503),
        httpx.Response(200, json={"id": 9}),
        httpx.Response(503),
    )
    async with make_client(transport) as client:
        assert await client.request("GET", "/members/9/", model=Member)
        assert len(seen) == 2
        with pytest.raises(ServerError):
            await client.request("POST", "/members", json={})
    assert len(seen) == 3


async def test_audit_names_the_operation_of_a_known_path():
    """A raw request to a wrapped route is audited under that route's template and operation."""
    transport, _ = recorder()
    records = []
    async with make_client(transport, on_request=records.append) as client:
        await client.request("GET", "/members/9/")
        await client.request("GET", "/not/wrapped")
    assert [(r.template, r.operation) for r in records] == [
        ("/members/{id}/", "members.get"),
        (None, None),
    ]


BAD_PATHS = [
    "members",
    "//evil.example/x",
    "https://evil.example/x",
    "/x/https://evil.example",
    "/members?email=a@b.c",
    "/members#frag",
    "/../me",
    "/members/./9",
    "/members/%2e%2e/me",
    "/members/%2F%2Fx",
    "/a\\b",
    "/members/{id}/",
    "/a b",
    "/a\nb",
    "/a//b",
    "/a\x00b",
    "",
]


@pytest.mark.parametrize("path", BAD_PATHS)
async def test_paths_that_could_escape_are_refused_before_sending(path):
    """Each unsafe path raises ConfigurationError naming it, and nothing is sent."""
    transport, seen = recorder()
    async with make_client(transport) as client:
        with pytest.raises(ConfigurationError, match="invalid request path"):
            await client.request("GET", path)
    assert seen == []


@pytest.mark.parametrize("path", ["/", "/me", "/members/9/", "/spaces/x-y_z.1/members"])
def test_ordinary_paths_pass(path):
    """Plain network-relative paths, trailing slash or not, are accepted as they are."""
    assert checked_request_path(path) == path


async def test_a_non_string_path_or_unknown_method_is_refused():
    """A path that is not a string, or a method outside GET/POST/PUT/PATCH/DELETE, is refused."""
    transport, seen = recorder()
    async with make_client(transport) as client:
        with pytest.raises(ConfigurationError, match="path must be a string"):
            await client.request("GET", 42)  # type: ignore[arg-type]
        with pytest.raises(ConfigurationError, match="method must be one of"):
            await client.request("TRACE", "/me")
        with pytest.raises(ConfigurationError, match="method must be one of"):
            await client.request(None, "/me")  # type: ignore[arg-type]
    assert seen == []
