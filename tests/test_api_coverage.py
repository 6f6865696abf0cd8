"""Every operation of the official spec, performed through the SDK against a spec-built mock.

The table is `mighty_async._operations.OPERATIONS`. For each row the SDK method is called with
sample arguments for every parameter it takes; the request it sends is checked against the
spec (method, exact path, where each argument travels, that every key is declared, value
types), and it is answered with a body built from the spec's response schema, read by the
strict converter (unknown keys fail).
"""

from __future__ import annotations

import inspect
import json
import re
from datetime import datetime
from typing import Any

import httpx
import pytest

from mighty_async import AsyncMightyClient, AsyncPaginator, Page
from mighty_async._converter import make_converter
from mighty_async._operations import OPERATIONS, Operation
from tests.support.docs import client_for_docs
from tests.support.schemas import Sampler
from tests.support.spec import (
    FLAVOURS,
    find_operation,
    operations,
    path_parameters,
    query_parameters,
    request_body,
    resolve,
    response_schema_name,
    success,
)

NETWORK = 1234
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# Arguments that shape the call on our side and are never sent under their own name.
CLIENT_SIDE = frozenset(
    {
        "per_page",
        "max_items",
        "max_pages",
        "concurrency",
        "method",
        "file",
        "filename",
        "content_type",
    }
)
# Spec names the SDK exposes under another name.
RENAMED = {"asset_file": "file"}
# Arguments the SDK takes in a friendlier shape than the spec's (documented on each method).
SDK_SAMPLES: dict[str, Any] = {
    "spaces": [11, 12],
    "metadata": {"is_main_image": True},
    "by_days": ["MO", "WE"],
    "by_month_days": [1, 15],
}
# Per-row extras and omissions: upload from bytes (source_url is the other way, tested apart).
ROW_SAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/assets"): {"file": PNG, "filename": "badge.png", "content_type": "image/png"},
}
LEFT_OUT: dict[tuple[str, str], frozenset[str]] = {("POST", "/assets"): frozenset({"source_url"})}
# Required by the SDK though the spec marks them optional: the call means nothing without them.
STRICTER_THAN_SPEC = frozenset({("POST", "/plans/{plan_id}/members", "user_id")})
# Known type errors in the spec (REFERENCE.md §4): the API reads comma strings here.
WRONG_SPEC_TYPES = frozenset({("POST", "/events", "by_days"), ("POST", "/events", "by_month_days")})


def row_id(row: Operation) -> str:
    """A readable test id: ``PATCH /spaces/{id}``."""
    return f"{row.method} {row.path}"


def new_client(handler: Any = None) -> AsyncMightyClient:
    """A client on a mock transport, reading bodies with the strict converter."""
    return AsyncMightyClient(
        "test-token",
        network_id=NETWORK,
        transport=httpx.MockTransport(handler or (lambda _: httpx.Response(500))),
        converter=make_converter(strict=True),
    )


def id_names(signature: inspect.Signature, row: Operation) -> list[str]:
    """The parameters that stand for the path's ids: the first positional ones, in order.

    The calling convention: one positional parameter per ``{id}`` of the path, in path order.
    A further positional parameter (``get_by_email(email)``) is an ordinary API argument.
    """
    positional = [
        p.name
        for p in signature.parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and p.default is p.empty
    ]
    count = len(path_parameters(row.path))
    assert len(positional) >= count, f"{row.call}() must take one positional id per path id"
    return positional[:count]


def declared(spec: dict[str, Any], row: Operation) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The query parameters' schemas, the body properties' schemas, and the body type."""
    operation = find_operation(spec, row.method, row.path)
    query = {name: p.get("schema", {}) for name, p in query_parameters(operation).items()}
    content_type, body = request_body(spec, operation)
    return query, dict(body.get("properties", {})), content_type


def sample_arguments(
    spec: dict[str, Any], row: Operation, method: Any, flavour: str
) -> tuple[list[int], dict[str, Any]]:
    """Positional ids for the path, and a sample for every other argument the method takes."""
    signature = inspect.signature(method)
    positional = id_names(signature, row)
    args = [101 * (index + 1) for index in range(len(positional))]
    query, body, _ = declared(spec, row)
    sampler = Sampler(spec, flavour)
    kwargs: dict[str, Any] = {**row.fixed, **ROW_SAMPLES.get((row.method, row.path), {})}
    for name in signature.parameters:
        if name in positional or name in kwargs or name in CLIENT_SIDE:
            continue
        if name in LEFT_OUT.get((row.method, row.path), ()):
            continue
        if name in SDK_SAMPLES:
            kwargs[name] = SDK_SAMPLES[name]
        elif name in query:
            kwargs[name] = sampler.value(query[name], name)
        elif name in body:
            kwargs[name] = sampler.value(body[name], name)
        else:
            pytest.fail(
                f"{row_id(row)}: {row.call}() takes {name!r}, which the spec does not declare"
            )
    return args, kwargs


def expected_path(row: Operation, args: list[int]) -> str:
    """The spec path with the network id and the positional ids filled in, in order."""
    names = path_parameters(row.path)
    assert len(names) == len(args), f"{row.call}() must take one positional id per path parameter"
    filled = row.path
    for name, value in zip(names, args, strict=True):
        filled = filled.replace("{" + name + "}", str(value), 1)
    return f"/admin/v1/networks/{NETWORK}{filled}"


def multipart_fields(request: httpx.Request) -> dict[str, dict[str, Any]]:
    """The parts of a multipart body by field name: their headers and content."""
    match = re.search(r"boundary=([^;]+)", request.headers["content-type"])
    assert match, "a multipart body must declare its boundary"
    fields = {}
    for part in request.content.split(b"--" + match.group(1).encode())[1:-1]:
        head, _, content = part.strip(b"\r\n").partition(b"\r\n\r\n")
        text = head.decode()
        name = re.search(r'name="([^"]+)"', text)
        assert name
        ctype = re.search(r"Content-Type: (\S+)", text)
        fields[name.group(1)] = {
            "content": content,
            "content_type": ctype.group(1) if ctype else None,
            "has_filename": "filename=" in text,
        }
    return fields


def query_value_conforms(value: str, schema: dict[str, Any]) -> bool:
    """Whether a query-string value is a valid rendering of the declared type."""
    kind = schema.get("type")
    if kind == "integer":
        return value.isdigit()
    if kind == "boolean":
        return value in {"true", "false"}
    if schema.get("format") == "date-time":
        datetime.fromisoformat(value)
    return kind == "string"


def conforms(spec: dict[str, Any], value: Any, schema: dict[str, Any]) -> bool:
    """Whether a JSON value has the type the schema declares."""
    schema = resolve(spec, schema)
    kind = schema.get("type")
    scalars = {"integer": int, "boolean": bool, "string": str}
    if kind in scalars:
        if isinstance(value, str) and schema.get("format") == "date-time":
            datetime.fromisoformat(value)
        return isinstance(value, scalars[kind]) and (kind == "boolean") == isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list) and all(
            conforms(spec, item, schema.get("items", {})) for item in value
        )
    if kind == "object":
        props = schema.get("properties")
        if props is None:
            return isinstance(value, dict)
        return isinstance(value, dict) and all(
            key in props and conforms(spec, item, props[key]) for key, item in value.items()
        )
    return True


def check_request(
    spec: dict[str, Any],
    row: Operation,
    request: httpx.Request,
    args: list[int],
    kwargs: dict[str, Any],
) -> None:
    """The request matches the spec: method, path, and every argument where it belongs."""
    query, body, content_type = declared(spec, row)
    assert request.method == row.method
    assert request.url.raw_path.split(b"?")[0].decode() == expected_path(row, args)
    sent_query = dict(request.url.params)
    assert set(sent_query) <= set(query), f"undeclared query keys {set(sent_query) - set(query)}"
    for key, value in sent_query.items():
        assert query_value_conforms(value, query[key]), f"query {key}={value!r}"
    sent_body: dict[str, Any] = {}
    if content_type == "application/json":
        assert request.headers["content-type"] == "application/json"
        sent_body = json.loads(request.content)
        assert isinstance(sent_body, dict)
        for key, value in sent_body.items():
            assert key in body, f"undeclared body key {key!r}"
            if (row.method, row.path, key) not in WRONG_SPEC_TYPES:
                assert conforms(spec, value, body[key]), f"body {key}={value!r}"
    elif content_type == "multipart/form-data":
        parts = multipart_fields(request)
        for key in parts:
            assert key.split("[", 1)[0] in body, f"undeclared form field {key!r}"
        sent_body = {key.split("[", 1)[0]: part for key, part in parts.items()}
    else:
        assert request.content == b"", "the spec declares no body here"
    for name in kwargs:
        wire = next((k for k, v in RENAMED.items() if v == name), name)
        if name in row.fixed or name in {"filename", "content_type"}:
            continue
        where, elsewhere = (sent_query, sent_body) if wire in query else (sent_body, sent_query)
        assert wire in where, f"{name} was not sent where the spec wants it"
        assert wire not in elsewhere, f"{name} was sent in the wrong place"


def check_result(
    spec: dict[str, Any], row: Operation, result: Any, answer: Any, status: int
) -> None:
    """A 204 or an empty object gives None; anything else a model with every field read."""
    operation = find_operation(spec, row.method, row.path)
    name = response_schema_name(operation)
    if status == 204 or name == "EmptyResponse":
        assert result is None
        return
    if isinstance(answer, dict) and "items" in answer and "links" in answer:
        items = result.items if isinstance(result, Page) else result
        assert isinstance(items, list | tuple)
        assert len(items) == len(answer["items"]) == 1
        result, answer = items[0], answer["items"][0]
    assert result is not None
    for key in answer:
        assert getattr(result, key) is not None, f"{type(result).__name__}.{key} was not read"


@pytest.mark.spec
def test_every_spec_operation_has_an_sdk_call(openapi_spec):
    """All operations of the spec are mapped to an SDK call, and no row is stale or doubled."""
    in_spec = {(method, path): op["operationId"] for method, path, op in operations(openapi_spec)}
    rows = {(row.method, row.path): row for row in OPERATIONS}
    unmapped = sorted(set(in_spec) - set(rows))
    stale = sorted(set(rows) - set(in_spec))
    wrong_ids = sorted(
        key for key, row in rows.items() if key in in_spec and in_spec[key] != row.operation_id
    )
    covered = len(set(in_spec) & set(rows))
    report = (
        f"{covered}/{len(in_spec)} operations covered; unmapped: {unmapped}; "
        f"stale rows: {stale}; operationId differs: {wrong_ids}"
    )
    assert (covered, unmapped, stale, wrong_ids) == (len(in_spec), [], [], []), report
    assert len(in_spec) == 137, report
    assert len(rows) == len(OPERATIONS), "an operation is mapped twice"


@pytest.mark.spec
@pytest.mark.parametrize("row", OPERATIONS, ids=row_id)
def test_sdk_method_takes_every_documented_parameter(row, openapi_spec):
    """Each method takes every documented parameter, required exactly when the spec says."""
    query, body, _ = declared(openapi_spec, row)
    operation = find_operation(openapi_spec, row.method, row.path)
    _, body_schema = request_body(openapi_spec, operation)
    required = set(body_schema.get("required", ())) | {
        name for name, p in query_parameters(operation).items() if p.get("required")
    }
    documented = {
        RENAMED.get(name, name): schema
        for name, schema in {**query, **body}.items()
        if name not in {"page", "per_page"} and not schema.get("deprecated")
    }
    signature = inspect.signature(row.resolve(client_for_docs()))
    ids = id_names(signature, row)
    params = {name: p for name, p in signature.parameters.items() if name not in ids}
    assert set(documented) <= set(params), f"missing {set(documented) - set(params)}"
    for name, param in params.items():
        wire = next((k for k, v in RENAMED.items() if v == name), name)
        if name in CLIENT_SIDE and wire == name:
            assert param.default is not param.empty, f"{name} must be optional"
            continue
        assert name in documented, f"{name} is not a documented parameter"
        must = wire in required or (row.method, row.path, wire) in STRICTER_THAN_SPEC
        assert (param.default is param.empty) == must, f"{name} requiredness"


@pytest.mark.spec
@pytest.mark.anyio
@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("row", OPERATIONS, ids=row_id)
async def test_sdk_call_matches_the_spec(row, flavour, openapi_spec):
    """The call sends what the spec declares, where it declares it, and reads the answer."""
    operation = find_operation(openapi_spec, row.method, row.path)
    status, schema = success(openapi_spec, operation)
    answer = Sampler(openapi_spec, flavour).value(schema) if schema is not None else None
    requests: list[httpx.Request] = []

    def answer_with_sample(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(status) if answer is None else httpx.Response(status, json=answer)

    async with new_client(answer_with_sample) as client:
        method = row.resolve(client)
        args, kwargs = sample_arguments(openapi_spec, row, method, flavour)
        outcome = method(*args, **kwargs)
        result = await outcome.collect() if isinstance(outcome, AsyncPaginator) else await outcome
    assert len(requests) == 1
    check_request(openapi_spec, row, requests[0], args, kwargs)
    check_result(openapi_spec, row, result, answer, status)
