"""Path ids are data, never path syntax: every operation, every hostile id, nothing sent.

Observation 1 of issue 11: ``members.tags.remove(7, "..")`` sent ``DELETE /members/7/``
(httpx folds dot segments) and ``members.delete(".")`` sent ``DELETE /members/``. The table
tests run hostile values through every one of the 137 operations, in every id position, and
check that each raises `InvalidPathParameter` naming that parameter before any request, and
that accepted ids leave with exactly the spec's path.
"""

from __future__ import annotations

import enum
import pickle
import re
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mighty_async import (
    AsyncMightyClient,
    AsyncPaginator,
    ConfigurationError,
    InvalidPathParameter,
    MightyError,
    NotFound,
)
from mighty_async._operations import OPERATIONS, Operation
from mighty_async._path import MAX_ID, TEMPLATE_EXTENSION, RequestPath, build_path
from tests.support.spec import FLAVOURS, operations, path_parameters
from tests.test_api_coverage import expected_path, row_id, sample_arguments

pytestmark = pytest.mark.anyio

NETWORK = 1234
PREFIX = f"/admin/v1/networks/{NETWORK}"

HOSTILE: tuple[object, ...] = (
    True,
    False,
    None,
    1.0,
    1.5,
    float("nan"),
    -1,
    -(2**64),
    MAX_ID + 1,
    "",
    " ",
    ".",
    "..",
    "/",
    "1/2",
    "../1",
    "?",
    "1?x=1",
    "#",
    "1#x",
    "%",
    "%2e%2e",
    "1%2F2",
    "\x00",
    "1\x00",
    "1\n",
    "\t1",
    " 1",
    "1 ",
    "+1",
    "-1",
    "1e3",
    "0x10",
    "\u0661\u0662",  # Arabic-Indic digits: str.isdigit() says yes, the API would not
    "\u00b2",
    b"1",
    [1],
    1j,
)


class Colour(enum.IntEnum):
    """An int subclass: accepted, sent as its number."""

    RED = 7


ACCEPTED: tuple[tuple[object, int], ...] = (
    (0, 0),
    (42, 42),
    ("42", 42),
    ("0042", 42),
    (MAX_ID, MAX_ID),
    (Colour.RED, 7),
)


def shape(template: str) -> str:
    """A path template with its parameter names erased: ``/members/{}/tags/{}/``."""
    return re.sub(r"\{\w+\}", "{}", template)


def path_pattern(row: Operation) -> re.Pattern[str]:
    """The raw paths a row may send: its template with each ``{name}`` a run of digits."""
    parts = re.split(r"\{\w+\}", row.path)
    return re.compile(re.escape(PREFIX) + r"\d+".join(re.escape(part) for part in parts))


class Recorder:
    """A mock API that keeps every request and answers 404, so no call gets further."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(404, json={"error": "not_found", "message": "no such thing"})


def new_client(recorder: Recorder) -> AsyncMightyClient:
    """A client whose requests reach ``recorder``, with no pacing or retries."""
    return AsyncMightyClient(
        "test-token",
        network_id=NETWORK,
        transport=httpx.MockTransport(recorder),
        rate_limit=None,
        retry=None,
    )


async def perform(method: Any, args: list[object], kwargs: dict[str, Any]) -> object:
    """Call an SDK method and wait for its outcome, walking a paginator to its end."""
    outcome = method(*args, **kwargs)
    if isinstance(outcome, AsyncPaginator):
        return await outcome.collect()
    return await outcome


ROWS_WITH_IDS = [row for row in OPERATIONS if path_parameters(row.path)]


# -- the three observed deletes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("members.tags.remove", (7, "..")),
        ("posts.comments.delete", (3, "..")),
        ("members.delete", (".",)),
        ("members.delete", ("7/tags/9",)),
    ],
)
async def test_a_dot_segment_never_reaches_another_resource(call, args):
    """The deletes of observation 1 raise InvalidPathParameter and send nothing."""
    recorder = Recorder()
    async with new_client(recorder) as client:
        method = Operation("DELETE", "/", "x", call, "x").resolve(client)
        with pytest.raises(InvalidPathParameter) as info:
            await method(*args)
    assert recorder.requests == []
    assert "nothing was sent" in str(info.value)
    assert isinstance(info.value, ConfigurationError)
    assert isinstance(info.value, ValueError)


# -- every operation -----------------------------------------------------------------------


@pytest.mark.spec
@pytest.mark.parametrize("row", ROWS_WITH_IDS, ids=row_id)
async def test_hostile_ids_are_refused_by_every_operation(row, openapi_spec):
    """Each hostile value in each id position raises, naming that parameter; nothing is sent."""
    recorder = Recorder()
    async with new_client(recorder) as client:
        method = row.resolve(client)
        args, kwargs = sample_arguments(openapi_spec, row, method, FLAVOURS[0])
        for position in range(len(args)):
            for value in HOSTILE:
                hostile = [*args[:position], value, *args[position + 1 :]]
                with pytest.raises(InvalidPathParameter) as info:
                    await perform(method, hostile, kwargs)
                err = info.value
                assert shape(err.template) == shape(row.path), (value, err.template)
                assert err.parameter == path_parameters(err.template)[position], value
                assert repr(err.parameter) in str(err)
    assert recorder.requests == []


@pytest.mark.spec
@pytest.mark.parametrize("row", OPERATIONS, ids=row_id)
async def test_accepted_ids_leave_with_the_templates_path(row, openapi_spec):
    """Ints and digit strings are sent as plain numbers, on the spec's path and nothing else."""
    recorder = Recorder()
    async with new_client(recorder) as client:
        method = row.resolve(client)
        args, kwargs = sample_arguments(openapi_spec, row, method, FLAVOURS[0])
        variants = [args] + [[given] * len(args) for given, _ in ACCEPTED] if args else [args]
        expected = [args] + [[number] * len(args) for _, number in ACCEPTED] if args else [args]
        for variant in variants:
            with pytest.raises(NotFound):
                await perform(method, variant, kwargs)
    pattern = path_pattern(row)
    assert len(recorder.requests) == len(variants)
    for request, numbers in zip(recorder.requests, expected, strict=True):
        raw = request.url.raw_path.split(b"?")[0].decode()
        assert pattern.fullmatch(raw), raw
        assert raw == expected_path(row, numbers)
        assert request.method == row.method
        assert shape(request.extensions[TEMPLATE_EXTENSION]) == shape(row.path)


@pytest.mark.spec
def test_every_spec_path_parameter_but_the_network_is_an_integer_id(openapi_spec):
    """The builder's id rule covers the spec: no path parameter is a string key (but network)."""
    kinds = {}
    for _, path, operation in operations(openapi_spec):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "path" and parameter["name"] != "network_id":
                kinds[(path, parameter["name"])] = parameter.get("schema", {}).get("type")
    assert kinds
    assert set(kinds.values()) == {"integer"}, kinds


# -- the builder itself --------------------------------------------------------------------


def test_the_path_carries_its_template():
    """path() returns a str that remembers the template as the resource wrote it."""
    client = AsyncMightyClient("t", network_id=NETWORK)
    path = client.path("/members/{member_id}/tags/{tag_id}/", member_id="7", tag_id=9)
    assert isinstance(path, RequestPath)
    assert path == f"{PREFIX}/members/7/tags/9/"
    assert path.template == "/members/{member_id}/tags/{tag_id}/"
    assert pickle.loads(pickle.dumps(path)).template == path.template  # noqa: S301 - ours


@pytest.mark.parametrize(
    ("ids", "message"),
    [({}, "missing path parameter 'id'"), ({"id": 1, "other": 2}, "no path parameter 'other'")],
)
def test_a_template_and_its_ids_must_agree(ids, message):
    """A missing or an unknown path parameter is a ConfigurationError, not a KeyError."""
    with pytest.raises(ConfigurationError, match=message):
        build_path(PREFIX, "/members/{id}/", ids)


def test_the_error_pickles_with_its_details():
    """InvalidPathParameter survives pickling (a worker process) with parameter and template."""
    with pytest.raises(InvalidPathParameter) as info:
        build_path(PREFIX, "/members/{id}/", {"id": ".."})
    again = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own object
    assert (again.parameter, again.template, str(again)) == (
        "id",
        "/members/{id}/",
        str(info.value),
    )


def test_a_long_hostile_value_is_shortened_in_the_message():
    """The message quotes at most a short prefix of the value."""
    with pytest.raises(InvalidPathParameter) as info:
        build_path(PREFIX, "/members/{id}/", {"id": "x" * 500})
    assert len(str(info.value)) < 300
    assert isinstance(info.value, MightyError)


async def test_a_plain_str_path_carries_no_template(anyio_backend):
    """A path the caller built as a plain str is sent without the template extension."""
    recorder = Recorder()
    async with new_client(recorder) as client:
        with pytest.raises(NotFound):
            await client._send("GET", f"{PREFIX}/me")
        with pytest.raises(NotFound):
            await client.me()
    assert TEMPLATE_EXTENSION not in recorder.requests[0].extensions
    assert recorder.requests[1].extensions[TEMPLATE_EXTENSION] == "/me"


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.text(max_size=12),
        st.from_regex(r"\A[0-9]{1,21}\Z"),
        st.integers(),
        st.floats(),
        st.booleans(),
    )
)
def test_no_value_makes_a_path_leave_its_template(value):
    """Exactly the ids are accepted, and an accepted one fills its slot with plain digits.

    The URL httpx would send (after dot-segment folding and encoding) is checked, not only
    the string the builder returned.
    """
    template = "/members/{member_id}/tags/{tag_id}/"
    digits = isinstance(value, str) and value.isascii() and value.isdigit() and int(value) <= MAX_ID
    number = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID
    if not (digits or number):
        with pytest.raises(InvalidPathParameter, match="'tag_id'"):
            build_path(PREFIX, template, {"member_id": 7, "tag_id": value})
        return
    path = build_path(PREFIX, template, {"member_id": 7, "tag_id": value})
    sent = httpx.Request("DELETE", "https://api.mn.co" + path).url.raw_path.decode()
    assert sent == f"{PREFIX}/members/7/tags/{int(value)}/"
