"""The msgspec fast path gives exactly what the cattrs converter gives, or defers to it."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mighty_async import Category, Me, Member, Post, ResponseValidationError, Subscription
from mighty_async._converter import converter, make_converter, structure
from mighty_async._fastpath import DEFER, DecodedItems, FastDecoder, decode_one, decode_page
from mighty_async.models._hooks import HOOKED_MODELS

from .support.schemas import example, strategy
from .test_models_schema import SCHEMA_MODELS

pytest.importorskip("msgspec")

FAST = FastDecoder(HOOKED_MODELS)
TALLY: Counter[str] = Counter()


STRICT = make_converter(strict=True)


def cattrs_reading(body: Any, model: Any, conv: Any = converter) -> Any:
    """What a converter makes of a JSON body: the models, or the error it raises."""
    try:
        return structure(json.loads(body), model, conv=conv)
    except ResponseValidationError as exc:
        return exc


def assert_lean_code_reads_like_cattrs(content: bytes, model: Any) -> None:
    """The lenient converter's generated code agrees with cattrs' own (the strict twin's).

    Spec bodies hold only keys the models declare, so the strict converter, which runs
    cattrs' generated functions alone, must give the same models, or the same error.
    """
    lean, plain = cattrs_reading(content, model), cattrs_reading(content, model, STRICT)
    if isinstance(plain, Exception):
        assert isinstance(lean, ResponseValidationError)
        assert lean.errors == plain.errors
    else:
        assert lean == plain
        assert repr(lean) == repr(plain)


def assert_same(fast: Any, expected: Any) -> None:
    """The fast result is the converter's: equal models of equal repr, never an error."""
    assert not isinstance(expected, Exception), f"fast path read what cattrs refuses: {expected}"
    assert fast == expected
    assert repr(fast) == repr(expected)


def check_one(content: bytes, model: Any) -> bool:
    """Compare both readings of one body; True when the fast path answered."""
    fast = FAST.decode(content, model)
    if fast is DEFER:
        return False
    assert_same(fast, cattrs_reading(content, model))
    return True


def check_page(content: bytes, model: Any) -> bool:
    """Compare both readings of a list answer; True when the fast path answered."""
    page = FAST.decode_page(content, model)
    if page is DEFER:
        return False
    raw = json.loads(content)
    assert type(page["items"]) is DecodedItems
    assert_same(tuple(page["items"]), cattrs_reading(json.dumps(raw["items"]), tuple[model, ...]))
    assert {k: v for k, v in page.items() if k != "items"} == {
        k: v for k, v in raw.items() if k in ("links", "meta")
    }
    return True


def as_on_the_wire(body: Any) -> Any:
    """A spec example with categories as the wire sends them (a list), not as typed (str)."""
    if isinstance(body, dict):
        return {
            key: [{"id": 1, "title": "VIP"}]
            if key in ("categories", "member_categories")
            else as_on_the_wire(value)
            for key, value in body.items()
        }
    if isinstance(body, list):
        return [as_on_the_wire(value) for value in body]
    return body


def _page(items: list[Any]) -> dict[str, Any]:
    return {"items": items, "links": {"self": "/a?page=1", "next": None}}


@pytest.mark.spec
@pytest.mark.parametrize("schema_name", sorted(SCHEMA_MODELS))
def test_fast_path_equals_cattrs_on_every_spec_schema(schema_name, openapi_spec):
    """For bodies of every response schema, quirks included, fast == cattrs or it defers."""
    model = SCHEMA_MODELS[schema_name]
    schema = {"$ref": f"#/components/schemas/{schema_name}"}
    plain = strategy(openapi_spec, schema)
    quirky = strategy(openapi_spec, schema, quirks=True)

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(data=st.data(), quirks=st.booleans())
    def run(data: st.DataObject, quirks: bool) -> None:
        bodies = quirky if quirks else plain
        body = data.draw(bodies)
        items = data.draw(st.lists(bodies, max_size=3))
        one = check_one(json.dumps(body).encode(), model)
        assert_lean_code_reads_like_cattrs(json.dumps(body).encode(), model)
        page = check_page(json.dumps(_page(items)).encode(), model)
        assert_lean_code_reads_like_cattrs(json.dumps(items).encode(), tuple[model, ...])
        kind = "quirky" if quirks else "spec"
        TALLY.update([f"{kind} bodies", f"{kind} pages"])
        TALLY.update(
            f"{kind} {name}" for name, done in (("fast", one), ("fast pages", page)) if done
        )

    run()


@pytest.mark.spec
@pytest.mark.parametrize("schema_name", sorted(SCHEMA_MODELS))
def test_fast_path_serves_the_spec_examples(schema_name, openapi_spec):
    """A plain spec example is decoded by the fast path, unless its model has a hook."""
    model = SCHEMA_MODELS[schema_name]
    body = as_on_the_wire(example(openapi_spec, {"$ref": f"#/components/schemas/{schema_name}"}))
    served = check_one(json.dumps(body).encode(), model)
    assert served is (model not in HOOKED_MODELS)
    assert check_page(json.dumps(_page([body, body])).encode(), model) is served


@pytest.mark.spec
def test_report_the_defer_rate(capsys):
    """The property runs above drew bodies; print how many the fast path answered (-s)."""
    if not TALLY["spec bodies"]:
        pytest.skip("run with the property tests to get a tally")
    with capsys.disabled():
        for kind in ("spec", "quirky"):
            print(  # noqa: T201 - the tally is what this test reports
                f"\nfast path, {kind} bodies: {TALLY[f'{kind} fast']}/{TALLY[f'{kind} bodies']} "
                f"bodies and {TALLY[f'{kind} fast pages']}/{TALLY[f'{kind} pages']} pages "
                "answered, the rest deferred to cattrs"
            )
    assert TALLY["spec fast"] > 0


MEMBER = {
    "id": 7,
    "created_at": "2026-07-05T21:11:41+00:00",
    "email": "ada@example.com",
    "categories": [{"id": 3, "title": "VIP"}],
}


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"created_at": "2026-07-05T21:11:41"}, "naive timestamp: cattrs makes it UTC"),
        ({"created_at": "2026-07-05T21:11:41.1234567Z"}, "msgspec rounds, Python truncates"),
        ({"created_at": "2026-07-05T21:11:41.12345\\u0036\\u0037Z"}, "escaped digits"),
        ({"id": "7"}, "a string id: strict msgspec refuses, cattrs reads it"),
        ({"categories": "[VIP] members"}, "a categories string"),
        ({"categories": ["VIP"]}, "a list of titles"),
        ({"categories": {"id": 3}}, "one category object"),
        ({"created_at": 1700000000}, "a number where a timestamp belongs: cattrs refuses"),
        ({"id": "1e3"}, "an exponent id: cattrs refuses"),
    ],
)
def test_bodies_where_the_readings_could_differ_are_deferred(change, why):
    """Every quirk the converter reads its own way goes to the converter."""
    content = json.dumps({**MEMBER, **change}).encode().replace(b"\\\\u", b"\\u")
    assert FAST.decode(content, Member) is DEFER, why
    assert FAST.decode_page(json.dumps(_page([{**MEMBER, **change}])).encode(), Member) is DEFER


def test_a_plain_body_is_decoded_into_the_same_models():
    """A body of JSON ints and offset timestamps is read by msgspec, into our attrs classes."""
    member = FAST.decode(json.dumps(MEMBER).encode(), Member)
    assert member == Member(
        id=7,
        created_at=datetime(2026, 7, 5, 21, 11, 41, tzinfo=UTC),
        email="ada@example.com",
        categories=(Category(id=3, title="VIP"),),
    )


def test_hooked_models_and_models_that_reach_them_always_defer():
    """``Me`` and billing rows are reshaped by hooks: the fast path never reads them."""
    assert FAST.decode(b'{"user": {"id": 1}}', Me) is DEFER
    assert FAST.decode(b'{"subscription": {"id": 1}}', Subscription) is DEFER
    assert FAST.decode(b"[]", tuple[Subscription, ...]) is DEFER


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"[1, 2]", b'{"items": null}', b'{"links": {}}', b'{"items": [{"x": 1}]}'],
)
def test_pages_that_are_not_pages_defer(content):
    """A body the converter path would reject, or read otherwise, is left to it."""
    assert FAST.decode_page(content, Post) is DEFER


def test_data_envelope_and_meta_are_kept():
    """The ``{data, meta}`` envelope is read too; ``meta`` and ``links`` come back as JSON."""
    page = FAST.decode_page(
        b'{"data": [{"id": 7}], "meta": {"current_page": 1, "total_pages": 1}}', Member
    )
    assert page == {"items": [Member(id=7)], "meta": {"current_page": 1, "total_pages": 1}}


def test_only_the_default_converter_gets_the_fast_path(monkeypatch):
    """The strict converter of the tests, and any converter passed in, use cattrs alone."""
    import mighty_async._fastpath as fastpath  # noqa: PLC0415

    monkeypatch.setattr(fastpath, "_LOADED", [FAST])
    content = json.dumps(MEMBER).encode()
    assert decode_one(content, Member, make_converter(strict=True)) is DEFER
    assert decode_page(json.dumps(_page([MEMBER])).encode(), Member, make_converter()) is DEFER
    assert decode_one(content, Member, converter) == Member(
        id=7,
        created_at=datetime(2026, 7, 5, 21, 11, 41, tzinfo=UTC),
        email="ada@example.com",
        categories=(Category(id=3, title="VIP"),),
    )


@pytest.mark.parametrize("value", ["1", "true", " yes "])
def test_the_environment_switch_turns_the_fast_path_off(monkeypatch, value):
    """``MIGHTY_ASYNC_NO_SPEEDUPS`` set to anything but 0 or empty disables the fast path."""
    import mighty_async._fastpath as fastpath  # noqa: PLC0415

    monkeypatch.setattr(fastpath, "_LOADED", [])
    monkeypatch.setenv("MIGHTY_ASYNC_NO_SPEEDUPS", value)
    assert fastpath.fast_decoder() is None
    monkeypatch.setattr(fastpath, "_LOADED", [])
    monkeypatch.setenv("MIGHTY_ASYNC_NO_SPEEDUPS", "0")
    assert isinstance(fastpath.fast_decoder(), FastDecoder)


@pytest.fixture
def counted(monkeypatch):
    """The process's fast decoder replaced by a fresh one whose counts the test can read."""
    import mighty_async._fastpath as fastpath  # noqa: PLC0415

    fast = FastDecoder(HOOKED_MODELS)
    monkeypatch.setattr(fastpath, "_LOADED", [fast])
    return fast


async def _walk_and_get(sandbox: Any) -> tuple[list[Member], list[Post], Member, Any]:
    async with sandbox.client(rate_limit=None) as client:
        members = await client.members.list(per_page=20).collect()
        posts = await client.posts.list(per_page=20, concurrency=3).collect()
        one = await client.members.get(members[3].id)
        me = await client.me()
    return members, posts, one, me


@pytest.mark.anyio
async def test_the_client_reads_the_same_models_with_and_without_the_fast_path(
    anyio_backend, monkeypatch
):
    """Walks, a get and /me give equal models on both paths; the fast one did the pages."""
    import mighty_async._fastpath as fastpath  # noqa: PLC0415
    from mighty_async.testing import Sandbox  # noqa: PLC0415

    sandbox = Sandbox(seed=3, members=45, spaces=2, posts=30, events=0)
    fast = FastDecoder(HOOKED_MODELS)
    monkeypatch.setattr(fastpath, "_LOADED", [fast])
    with_speedups = await _walk_and_get(sandbox)
    monkeypatch.setattr(fastpath, "_LOADED", [None])
    without = await _walk_and_get(sandbox)
    assert with_speedups == without
    assert len(with_speedups[0]) == 45
    assert fast.decoded >= 3 + 2 + 1  # member pages, post pages, one member
    assert fast.deferred >= 1  # /me: its hook reshapes the body


@pytest.mark.anyio
async def test_a_body_the_fast_path_defers_still_reads_or_fails_as_before(
    anyio_backend, counted, httpx_mock_member
):
    """A quirky body (string id, naive time) goes to cattrs; a bad one raises the same error."""
    client, respond = httpx_mock_member
    async with client:
        respond({"id": "7", "created_at": "2026-07-05T21:11:41"})
        member = await client.members.get(7)
        assert member.id == 7
        assert member.created_at == datetime(2026, 7, 5, 21, 11, 41, tzinfo=UTC)
        respond({"id": "x7"})
        with pytest.raises(ResponseValidationError, match=r"\$\.id"):
            await client.members.get(7)
    assert counted.decoded == 0
    assert counted.deferred == 2


@pytest.fixture
def httpx_mock_member():
    """A client on a mock transport whose member answer the test sets."""
    import httpx  # noqa: PLC0415

    from mighty_async import AsyncMightyClient  # noqa: PLC0415

    answer: dict[str, Any] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answer["body"])

    client = AsyncMightyClient(
        "t0ken", network_id=1, transport=httpx.MockTransport(handler), rate_limit=None
    )

    def respond(body: Any) -> None:
        answer["body"] = body

    return client, respond


def test_json_nested_too_deeply_is_left_to_the_usual_path():
    """A body nested beyond any stack defers (the converter path reports it), never raises."""
    deep = b"[" * 100_000 + b"]" * 100_000
    assert FAST.decode(b'{"id": 1, "categories": [' + deep + b"]}", Member) is DEFER
    assert FAST.decode_page(b'{"items": [{"id": 1}], "links": ' + deep + b"}", Member) is DEFER
