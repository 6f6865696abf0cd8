"""Fuzz: whatever the server answers, only `MightyError`s escape and no call hangs.

A hypothesis-built server (an `httpx.MockTransport`) answers each request from a short script
of random answers: any status from 100 to 599; headers with broken, huge, negative, NaN or
non-ASCII ``Retry-After`` values, wrong ``Content-Type``, bogus or lying ``Content-Encoding``,
wrong ``Content-Length``, a 100 kB header; bodies that are truncated, of the wrong JSON types,
nested thousands of levels deep, invalid UTF-8, NaN/Infinity, ids as floats, booleans or
integers too long to convert, empty, HTML, random bytes; and transport faults (refused, timed
out, cut mid-body). When the script runs out, a list endpoint answers an empty page (so every
walk has an end whatever the script did) and any other endpoint repeats the last answer.

Through that server run `client.me()`, `members.get/list/create/update/delete`, a page walk
with ``collect()`` (serial and concurrent) and `members.get_many`. Every outcome must be a value
of the promised type or a `MightyError` (for a `BulkError`, every exception inside it too).

Nothing hangs: the client runs on a `FakeClock` with a `RetryPolicy` that bounds every retry
(``max_retries=2``, ``max_wait=10``), and each example is guarded three ways. In virtual time:
the call must end before the fake clock reaches ``VIRTUAL_LIMIT`` (600 s, far beyond what the
policy allows one example to wait), which catches a retry or walk loop that sleeps. A loop that
re-sends without ever sleeping (no time passes, and a mock transport never yields, so no
timeout could interrupt it) is caught by the server: past ``MAX_REQUESTS`` (500, several
times what the policy allows the widest operation) it refuses and flags the example. Anything
else that blocks for real is caught by ``anyio.fail_after(REAL_LIMIT)``: 20 s of wall time,
where an example takes milliseconds, so it holds on a loaded 2-core machine and only ever
fires on a real hang.

Case count: ``EXAMPLES`` per backend for the client test (asyncio and trio), plus
``PURE_EXAMPLES`` for the pure decoders; docs/errors.md reports the total.
"""

from __future__ import annotations

import gzip
import json
import math
import zlib
from typing import Any

import anyio
import attrs
import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mighty_async import (
    APIError,
    AsyncMightyClient,
    BulkError,
    MightyError,
    RetryPolicy,
)
from mighty_async._sansio import decode_error, parse_json, parse_retry_after, split_page_body
from mighty_async.models import Me, Member

from .support.fakeclock import FakeClock

pytestmark = pytest.mark.anyio

EXAMPLES = 200
PURE_EXAMPLES = 250
VIRTUAL_LIMIT = 600.0
REAL_LIMIT = 20.0
POLICY = RetryPolicy(max_retries=2, max_wait=10.0, backoff_cap=2.0, cooldown_cap=5.0)
PER_PAGE = 2
MAX_REQUESTS = 500

# --- headers -----------------------------------------------------------------------------------

RETRY_AFTER_VALUES = [
    "0",
    "1",
    "1.5",
    "-1",
    "-0",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "9" * 400,
    "0x10",
    " 3 ",
    "",
    "\u0663",  # ARABIC-INDIC DIGIT THREE
    "\uff13",  # FULLWIDTH DIGIT THREE
    "\u00b2",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Sun, 06 Nov 1994 08:49:37 -0000",
    "Mon, 99 Foo 0000 99:99:99 XYZ",
]

header_text = st.one_of(
    st.sampled_from(RETRY_AFTER_VALUES),
    st.text(max_size=30),
    st.floats().map(repr),
    st.integers().map(str),
)
header_bytes = st.one_of(
    header_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=30),
)

HEADER = st.one_of(
    st.tuples(st.sampled_from([b"Retry-After", b"retry-after-ms", b"Date"]), header_bytes),
    st.tuples(
        st.just(b"Content-Type"),
        st.sampled_from(
            [
                b"application/json",
                b"application/json; charset=utf-16",
                b"text/html; charset=utf-8",
                b"text/plain; charset=bogus",
                b"application/json; charset=\xff",
                b"",
            ]
        ),
    ),
    st.tuples(
        st.just(b"Content-Encoding"),
        st.sampled_from(
            [b"gzip", b"deflate", b"br", b"zstd", b"identity", b"gzip, gzip", b"GZIP", b"bogus"]
        ),
    ),
    st.tuples(st.just(b"Content-Length"), st.sampled_from([b"-1", b"abc", b"0", b"99999999"])),
    st.just((b"X-Huge", b"a" * 100_000)),
    st.tuples(st.just(b"X-Junk"), st.binary(max_size=20)),
)

# --- bodies ------------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
ODD_IDS = st.one_of(
    st.sampled_from([1, "1", 1.0, 1.5, True, False, None, -1, 0, "x", "", "\u00b2", [], {}]),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
)
MEMBER_KEYS = ["first_name", "email", "created_at", "categories", "member_type", "referral_count"]


@st.composite
def member_like(draw: st.DrawFn) -> Any:
    """A record shaped like a member, with an id and a few fields of any JSON value."""
    record: dict[str, Any] = {"id": draw(ODD_IDS)}
    for key in draw(st.lists(st.sampled_from(MEMBER_KEYS), max_size=3, unique=True)):
        record[key] = draw(json_values | st.sampled_from(["[VIP]", "[[[[", "2024-13-45"]))
    return record


def page_like(items: list[Any], next_link: Any) -> dict[str, Any]:
    return {"items": items, "links": {"self": "x", "next": next_link}}


def dumps(value: Any) -> bytes:
    """JSON as a real server might send it, NaN and Infinity tokens included."""
    return json.dumps(value, allow_nan=True).encode()


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


JSON_BODIES = st.one_of(
    member_like().map(dumps),
    st.builds(
        page_like,
        st.lists(member_like(), max_size=3),
        st.one_of(st.none(), st.just("https://api.mn.co/next"), json_scalars),
    ).map(dumps),
    st.fixed_dictionaries({"error": json_values, "message": json_values}).map(dumps),
    st.fixed_dictionaries({"user": member_like(), "network": json_values}).map(dumps),
    json_values.map(dumps),
)
BODIES = st.one_of(
    JSON_BODIES,
    st.tuples(JSON_BODIES, st.integers(min_value=0, max_value=60)).map(lambda t: t[0][: t[1]]),
    st.integers(min_value=500, max_value=5_000).map(nested),
    st.integers(min_value=500, max_value=5_000).map(
        lambda depth: b'{"id": 1, "first_name": ' + nested(depth) + b"}"
    ),
    st.integers(min_value=500, max_value=5_000).map(
        lambda depth: b'{"error": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}"
    ),
    st.sampled_from(
        [
            b"",
            b"   ",
            b"null",
            b'{"id": NaN}',
            b'{"id": Infinity}',
            b'{"id": -Infinity, "first_name": NaN}',
            b'{"id": ' + b"9" * 5_000 + b"}",
            b'{"items": [{"id": ' + b"9" * 5_000 + b"}]}",
            b'{"id": 1, "first_name": "\xff\xfe"}',
            b"\xff\xfe\x00{",
            b'\xef\xbb\xbf{"id": 1}',
            b"<!DOCTYPE html><html><body>Attention Required</body></html>",
            b'{"id": 1, "categories": "' + b"[" * 3_000 + b'"}',
            b'{"items": {"id": 1}}',
            b'{"data": [{"id": 1}], "meta": {"current_page": "\xc2\xb2", "total_pages": 1e400}}',
        ]
    ),
    st.binary(max_size=80),
)

# --- answers and faults ------------------------------------------------------------------------

STATUSES = st.one_of(
    st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503]),
    st.integers(min_value=100, max_value=599),
)
FAULTS = [
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.ReadError,
    httpx.RemoteProtocolError,
    httpx.WriteError,
]


@attrs.frozen
class Answer:
    """One scripted answer: a response, a fault instead of it, or a body cut by a fault.

    The body is a stream the client reads itself, as off a socket, unless ``preloaded``.
    """

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    compress: bool = False
    fault: type[httpx.TransportError] | None = None
    cut: bool = False
    preloaded: bool = False

    def respond(self, request: httpx.Request) -> httpx.Response:
        if self.fault is not None and not self.cut:
            raise self.fault("injected", request=request)
        headers = list(self.headers)
        body = self.body
        if self.compress:
            body = gzip.compress(body) if len(body) % 2 else zlib.compress(body)
            headers.append((b"Content-Encoding", b"gzip" if len(self.body) % 2 else b"deflate"))
        if self.fault is not None:
            return httpx.Response(
                self.status, headers=headers, stream=_CutStream(body, self.fault, request)
            )
        if self.preloaded:  # httpx reads (and decodes) it now, inside the inner transport
            return httpx.Response(self.status, headers=headers, content=body)
        return httpx.Response(self.status, headers=headers, stream=httpx.ByteStream(body))


class _CutStream(httpx.AsyncByteStream):
    """A body whose connection breaks halfway through."""

    def __init__(self, body: bytes, fault: type[httpx.TransportError], request: httpx.Request):
        self._body = body
        self._fault = fault
        self._request = request

    async def __aiter__(self):
        yield self._body[: len(self._body) // 2]
        raise self._fault("cut mid-body", request=self._request)


ANSWERS = st.builds(
    Answer,
    status=STATUSES,
    headers=st.lists(HEADER, max_size=3).map(tuple),
    body=BODIES,
    compress=st.booleans(),
    fault=st.one_of(st.none(), st.none(), st.none(), st.sampled_from(FAULTS)),
    cut=st.booleans(),
    preloaded=st.booleans(),
)


class Server:
    """Answers requests from a script, then with its end-of-script answer."""

    def __init__(self, script: list[Answer], *, lists: bool) -> None:
        self._script = list(script)
        self._last = script[-1]
        self._lists = lists
        self.requests = 0
        self.flooded = False

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.requests > MAX_REQUESTS:
            self.flooded = True
            raise AssertionError(f"more than {MAX_REQUESTS} requests: the client is looping")
        if self._script:
            return self._script.pop(0).respond(request)
        if self._lists:
            return httpx.Response(200, json={"items": [], "links": {"next": None}})
        return self._last.respond(request)


# --- operations --------------------------------------------------------------------------------


async def _token() -> str:
    return "fuzz-token-0123456789"


def _check_members(value: object) -> None:
    assert isinstance(value, list)
    assert all(isinstance(item, Member) for item in value)


OPERATIONS: dict[str, tuple[Any, Any]] = {
    "me": (lambda c: c.me(), lambda v: isinstance(v, Me)),
    "get": (lambda c: c.members.get(1), lambda v: isinstance(v, Member)),
    "create": (
        lambda c: c.members.create(email="a@example.com", first_name="A", last_name="B"),
        lambda v: isinstance(v, Member),
    ),
    "update": (lambda c: c.members.update(1, role="moderator"), lambda v: isinstance(v, Member)),
    "delete": (lambda c: c.members.delete(1), lambda v: v is None),
    "list": (
        lambda c: c.members.list(per_page=PER_PAGE, max_items=7).collect(),
        lambda v: _check_members(v) is None and len(v) <= 7,
    ),
    "list_concurrent": (
        lambda c: c.members.list(per_page=PER_PAGE, concurrency=3).collect(),
        lambda v: _check_members(v) is None,
    ),
    "get_many": (
        lambda c: c.members.get_many([1, 2, 3], concurrency=2),
        lambda v: _check_members(v) is None and len(v) == 3,
    ),
    "get_many_returning": (
        lambda c: c.members.get_many([1, 2, 3], concurrency=2).settle(),
        lambda v: len(v) == 3 and all(isinstance(item, Member | MightyError) for item in v),
    ),
}


def assert_typed(exc: BaseException) -> None:
    """Fail unless ``exc`` is a MightyError, and every exception inside a group is one too."""
    assert isinstance(exc, MightyError), f"escaped untyped: {exc!r}"
    if isinstance(exc, BulkError):
        for inner in exc.exceptions:
            assert_typed(inner)


async def run_bounded(clock: FakeClock, call: Any) -> tuple[str, Any]:
    """Run ``call`` until it ends or the fake clock reaches VIRTUAL_LIMIT seconds."""
    outcome: tuple[str, Any] = ("hung", None)
    async with anyio.create_task_group() as tasks:

        async def alarm() -> None:
            await clock.sleep(VIRTUAL_LIMIT)
            tasks.cancel_scope.cancel()

        async def work() -> None:
            nonlocal outcome
            try:
                outcome = ("value", await call())
            except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
                outcome = ("error", exc)
            tasks.cancel_scope.cancel()

        tasks.start_soon(alarm)
        tasks.start_soon(work)
    return outcome


# A walk over scripted pages meets the same ids twice: that is a warning, not an escape.
@pytest.mark.filterwarnings("ignore::mighty_async.DuplicateItemsWarning")
# On trio, when a body fails to decode (a lying Content-Encoding), httpx abandons its own body
# iterators mid-way and trio's finaliser warns (a ResourceWarning, ignored outside tests): a
# property of httpx, not an exception anyone sees.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <async_generator object:pytest.PytestUnraisableExceptionWarning"
)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    operation=st.sampled_from(sorted(OPERATIONS)),
    script=st.lists(ANSWERS, min_size=1, max_size=4),
    provider=st.booleans(),
)
# The escapes this suite found, kept as explicit examples so they run every time.
@example(operation="get", script=[Answer(200, (), nested(1_000))], provider=False)
@example(operation="list", script=[Answer(500, (), nested(100_000))], provider=False)
@example(
    operation="create",
    script=[Answer(200, ((b"Content-Encoding", b"gzip"),), b'{"id": 1}')],
    provider=False,
)
@example(operation="me", script=[Answer(429, ((b"Retry-After", b"0"),), b"")], provider=False)
@example(
    operation="delete",
    script=[Answer(401, (), b'{"error": "token_expired"}', fault=httpx.ReadError, cut=True)],
    provider=True,
)
async def test_only_mighty_errors_escape_and_nothing_hangs(
    anyio_backend, operation, script, provider
):
    """Any scripted answers give the promised value or a MightyError, within a bounded time."""
    server = Server(script, lists=operation.startswith("list"))
    call, is_expected = OPERATIONS[operation]
    with anyio.fail_after(REAL_LIMIT):
        async with FakeClock().running() as clock:
            client = AsyncMightyClient(
                _token if provider else "fuzz-token-0123456789",
                network_id=1,
                transport=httpx.MockTransport(server.handle),
                rate_limit=None,
                retry=POLICY,
                clock=clock.now,
                sleep=clock.sleep,
                random=lambda: 0.5,
            )
            async with client:
                kind, value = await run_bounded(clock, lambda: call(client))
    assert not server.flooded, f"{operation} kept sending without waiting"
    assert kind != "hung", f"{operation} did not end within {VIRTUAL_LIMIT} virtual seconds"
    if kind == "error":
        assert_typed(value)
        assert "fuzz-token" not in str(value)
    else:
        assert is_expected(value), f"{operation} returned {value!r}"


# --- the pure decoders -------------------------------------------------------------------------


@settings(max_examples=PURE_EXAMPLES, deadline=None)
@given(status=st.integers(min_value=100, max_value=599), body=BODIES, headers=st.lists(HEADER))
def test_decode_error_always_returns_an_api_error(status, body, headers):
    """decode_error turns any status, headers and body into an APIError and never raises."""
    error = decode_error(status, httpx.Headers(headers), body)
    assert isinstance(error, APIError)
    assert error.status_code == status
    assert isinstance(error.message, str)
    assert error.code is None or isinstance(error.code, str)


@settings(max_examples=PURE_EXAMPLES, deadline=None)
@given(
    headers=st.lists(HEADER),
    now=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
)
def test_parse_retry_after_is_none_or_a_finite_wait(headers, now):
    """parse_retry_after answers None or a finite, non-negative number for any headers."""
    wait = parse_retry_after(httpx.Headers(headers), now=now)
    assert wait is None or (math.isfinite(wait) and wait >= 0)


@settings(max_examples=PURE_EXAMPLES, deadline=None)
@given(body=BODIES)
def test_parse_json_and_the_page_reader_never_raise(body):
    """parse_json and split_page_body accept any bytes and any decoded value without raising."""
    is_json, value = parse_json(body)
    assert is_json or value is None
    page = split_page_body(value)
    assert page is None or isinstance(page.items, list)
