"""Answers that used to escape as bare exceptions: deep JSON, a lying Content-Encoding, 429 floods.

Each test sends one call through a real `AsyncMightyClient` to an `httpx.MockTransport` that
answers the same broken way every time, and checks the typed error the caller gets.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import zlib
from pathlib import Path

import httpx
import pytest

from mighty_async import (
    APIError,
    AsyncMightyClient,
    MightyConnectionError,
    NotFound,
    RateLimited,
    ResponseValidationError,
    RetryPolicy,
    ServerError,
    TokenExpired,
)
from mighty_async._converter import make_converter, structure
from mighty_async._sansio import decode_error, parse_json
from mighty_async.models import Member
from mighty_async.testing import Sandbox

from .support.fakeclock import FakeClock

pytestmark = pytest.mark.anyio

# Deeper than any interpreter's JSON decoder reads (3.11 stops near 1,000, 3.13 near 20,000).
DEPTHS = [30_000, 100_000]
ROOT = Path(__file__).resolve().parents[1]


def nested(depth: int, inner: bytes = b"") -> bytes:
    """A JSON array nested ``depth`` levels deep."""
    return b"[" * depth + inner + b"]" * depth


def client_answering(status: int, content: bytes, headers=None, **options) -> AsyncMightyClient:
    """A client whose every request gets the same answer; no limiter, no retries by default.

    The body is a stream the client reads (and decodes) itself, as off a socket.
    """

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers or {}, stream=httpx.ByteStream(content))

    options.setdefault("retry", None)
    return AsyncMightyClient(
        "tok", network_id=1, transport=httpx.MockTransport(handler), rate_limit=None, **options
    )


# --- deep JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", DEPTHS)
async def test_deep_json_on_a_success_is_a_validation_error(depth):
    """A 200 whose JSON is nested too deeply to decode raises ResponseValidationError."""
    async with client_answering(200, nested(depth)) as client:
        with pytest.raises(ResponseValidationError, match="nested too deeply") as caught:
            await client.members.get(1)
    assert caught.value.model == "Member"


@pytest.mark.parametrize("depth", DEPTHS)
async def test_deep_json_on_a_list_page_is_a_validation_error(depth):
    """A list page nested too deeply raises ResponseValidationError from the walk."""
    async with client_answering(200, nested(depth)) as client:
        with pytest.raises(ResponseValidationError, match="nested too deeply"):
            await client.members.list().collect()


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize(("status", "cls"), [(500, ServerError), (404, NotFound)])
async def test_deep_json_on_an_error_is_a_typed_api_error(depth, status, cls):
    """An error answer nested too deeply still raises its APIError, with a short message."""
    async with client_answering(status, nested(depth)) as client:
        with pytest.raises(cls) as caught:
            await client.members.get(1)
    assert caught.value.status_code == status
    assert caught.value.code is None
    assert len(caught.value.message) < 300


async def test_a_deep_value_inside_a_success_is_a_validation_error():
    """A field holding JSON nested just under the decoder's limit fails as that field."""
    body = b'{"id": 1, "first_name": ' + nested(900) + b"}"
    async with client_answering(200, body) as client:
        with pytest.raises(ResponseValidationError, match="first_name"):
            await client.members.get(1)


async def test_a_deep_error_code_is_not_turned_into_a_giant_code():
    """An ``error`` field that is a deep array is no code: the status names the error."""
    body = b'{"error": ' + nested(900) + b', "message": "boom"}'
    async with client_answering(500, body) as client:
        with pytest.raises(ServerError) as caught:
            await client.members.get(1)
    assert caught.value.code is None
    assert caught.value.message == "boom"


@pytest.mark.parametrize("depth", [900, *DEPTHS])
def test_decode_error_never_raises_on_deep_bodies(depth):
    """The pure decoder turns a deep error body into an APIError instead of raising."""
    for content in (nested(depth), b'{"error": ' + nested(depth) + b"}"):
        error = decode_error(502, {}, content)
        assert isinstance(error, ServerError)


def test_parse_json_reports_a_deep_document_as_unreadable():
    """parse_json says "not JSON we can read" for a document nested too deeply."""
    assert parse_json(nested(100_000)) == (False, None)


@pytest.mark.parametrize("value", ["\u00b2", "\u2460"])
def test_decode_error_reads_odd_digit_strings_in_meta(value):
    """Unicode digits that int() refuses do not break the page envelope reader."""
    from mighty_async._sansio import split_page_body  # noqa: PLC0415

    page = split_page_body({"items": [], "meta": {"current_page": value, "total_pages": value}})
    assert page is not None
    assert (page.current_page, page.total_pages) == (None, None)


# --- the converter wrapper ---------------------------------------------------------------------


class _Boom:
    """A type whose structure hook fails the way a buggy hook would."""


@pytest.mark.parametrize("exc", [RecursionError("deep"), RuntimeError("bug"), LookupError("x")])
def test_structure_turns_any_hook_failure_into_a_validation_error(exc):
    """Whatever a hook raises (not only cattrs' own errors) becomes ResponseValidationError."""
    conv = make_converter()

    def hook(value, _):
        raise exc

    conv.register_structure_hook(_Boom, hook)
    with pytest.raises(ResponseValidationError, match="_Boom") as caught:
        structure({}, _Boom, conv=conv)
    assert caught.value.__cause__ is exc


def test_structure_still_reports_when_the_failure_cannot_be_described():
    """A hook failure whose text itself fails still gives ResponseValidationError, by type."""

    class Unprintable(Exception):
        def __str__(self) -> str:
            raise RecursionError("too deep to print")

    conv = make_converter()

    def hook(value, _):
        raise Unprintable

    conv.register_structure_hook(_Boom, hook)
    with pytest.raises(ResponseValidationError) as caught:
        structure({}, _Boom, conv=conv)
    assert caught.value.errors == ("$: Unprintable",)


def test_a_deep_json_string_inside_a_field_reads_as_its_title():
    """A ``categories`` string nested too deeply for JSON is a title, as any non-list string is."""
    deep = "[" * 30_000 + "]" * 30_000
    member = structure({"id": 1, "categories": deep}, Member)
    assert [category.title for category in member.categories or ()] == [deep]


# --- Content-Encoding that lies ----------------------------------------------------------------

LYING = [
    ("gzip", b'{"id": 1}'),
    ("deflate", b'{"id": 1}'),
    ("gzip, deflate", gzip.compress(b'{"id": 1}')),
    ("deflate", zlib.compress(b'{"id": 1}')[:3] + b"\x00garbage"),
]


# On trio httpx abandons its body iterators when decoding fails, and trio's finaliser warns
# (a ResourceWarning, ignored outside tests); that is httpx's, not an exception anyone sees.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <async_generator object:pytest.PytestUnraisableExceptionWarning"
)
@pytest.mark.parametrize(("encoding", "content"), LYING)
@pytest.mark.parametrize("status", [200, 500])
async def test_a_body_that_does_not_match_its_encoding_is_a_connection_error(
    status, encoding, content
):
    """A body that cannot be decoded as its Content-Encoding says raises MightyConnectionError."""
    async with client_answering(status, content, {"Content-Encoding": encoding}) as client:
        with pytest.raises(MightyConnectionError, match="Content-Encoding") as caught:
            await client.members.get(1)
    assert isinstance(caught.value.__cause__, httpx.DecodingError)
    assert "tok" not in str(caught.value)


async def test_a_lying_encoding_found_by_the_inner_transport_is_a_connection_error():
    """When the inner transport itself fails to decode the body, the error is typed too."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=b"{}")

    transport = httpx.MockTransport(handler)
    async with AsyncMightyClient("tok", network_id=1, transport=transport, retry=None) as client:
        with pytest.raises(MightyConnectionError, match="Content-Encoding"):
            await client.me()


async def test_an_unknown_encoding_is_read_as_is():
    """An encoding httpx does not know is passed through; the body then decodes as JSON."""
    async with client_answering(200, b'{"id": 7}', {"Content-Encoding": "bogus"}) as client:
        member = await client.members.get(7)
    assert member.id == 7


# --- 429 with Retry-After: 0 -------------------------------------------------------------------


@pytest.mark.parametrize("retry_after", ["0", "0.001", "Thu, 01 Jan 1970 00:00:00 GMT"])
async def test_a_zero_retry_after_does_not_flood_the_api(retry_after):
    """A server that keeps answering 429 with "Retry-After: 0" is not hammered in a loop.

    The wait after a 429 is at least one second, so within ``max_wait=10`` the call is sent
    at most 11 times, and it ends on the fake clock (before, it looped without time passing).
    """
    sent = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal sent
        sent += 1
        if sent > 1_000:
            raise AssertionError("the client keeps re-sending without waiting")
        return httpx.Response(429, headers={"Retry-After": retry_after})

    async with FakeClock().running() as clock:
        client = AsyncMightyClient(
            "tok",
            network_id=1,
            transport=httpx.MockTransport(handler),
            rate_limit=None,
            retry=RetryPolicy(max_wait=10.0, reopen_jitter=0.0),
            clock=clock.now,
            sleep=clock.sleep,
        )
        async with client:
            with pytest.raises(RateLimited) as caught:
                await client.members.get(1)
    assert 2 <= sent <= 11
    assert caught.value.attempts == sent
    assert isinstance(caught.value, APIError)


# --- a 401 whose body is still on the wire -----------------------------------------------------


async def test_a_token_provider_reads_a_streamed_401_before_deciding():
    """With a token provider, a 401 not yet read (as off a socket) is read, then judged.

    Before, the auth flow looked at ``response.content`` of an unread response and raised
    ``httpx.ResponseNotRead``; now ``token_expired`` asks the provider again, then raises.
    """
    calls = 0

    async def provider() -> str:
        nonlocal calls
        calls += 1
        return f"token-{calls}"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, stream=httpx.ByteStream(b'{"error": "token_expired"}'))

    transport = httpx.MockTransport(handler)
    async with AsyncMightyClient(
        provider, network_id=1, transport=transport, rate_limit=None
    ) as client:
        with pytest.raises(TokenExpired):
            await client.members.get(1)
    assert calls == 2


async def test_a_token_provider_turns_a_cut_401_into_a_connection_error():
    """A 401 whose body breaks while the auth flow reads it raises MightyConnectionError."""

    class Cut(httpx.AsyncByteStream):
        async def __aiter__(self):
            yield b'{"error": '
            raise httpx.ReadError("cut")

    async def provider() -> str:
        return "token"

    transport = httpx.MockTransport(lambda request: httpx.Response(401, stream=Cut()))
    async with AsyncMightyClient(
        provider, network_id=1, transport=transport, rate_limit=None, retry=None
    ) as client:
        with pytest.raises(MightyConnectionError):
            await client.members.get(1)


# --- over a real socket (the sandbox served over HTTP), through the command line ------------------


@pytest.mark.parametrize(
    ("status", "headers", "body", "says"),
    [
        (200, {"Content-Encoding": "gzip"}, b'{"id": 1}', "Content-Encoding"),
        (500, {"Content-Encoding": "gzip"}, b'{"id": 1}', "Content-Encoding"),
        (200, {}, nested(100_000), "nested too deeply"),
        (500, {}, nested(100_000), "the API answered 500"),
    ],
    ids=["gzip-200", "gzip-500", "deep-200", "deep-500"],
)
def test_the_command_line_reports_a_broken_answer_in_one_line(status, headers, body, says):
    """`mighty-async whoami` meets a broken answer from a served sandbox: one line, exit 1."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"MIGHTY_API_TOKEN", "MIGHTY_NETWORK_ID", "MIGHTY_BASE_URL"}
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    sandbox = Sandbox(members=1)
    sandbox.faults.raw_next(1, status=status, headers=headers, body=body)
    with sandbox.serve_in_thread(port=0) as base_url:
        env.update(
            MIGHTY_API_TOKEN=sandbox.token,
            MIGHTY_NETWORK_ID=str(sandbox.network_id),
            MIGHTY_BASE_URL=base_url,
        )
        done = subprocess.run(
            [sys.executable, "-m", "mighty_async.cli", "whoami"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert says in done.stderr
