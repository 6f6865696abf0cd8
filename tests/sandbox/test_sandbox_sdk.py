"""Every SDK method, called on a fresh sandbox, gets an answer its strict models accept.

The SDK's operation table (`mighty_async._operations.OPERATIONS`) names the method for each
of the 137 operations; the arguments come from the same per-operation cases the schema test
uses. The client reads bodies with the strict converter, so a field the sandbox sends that a
model lacks (or a type it gets wrong) fails here.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mighty_async import AsyncPaginator
from mighty_async._converter import make_converter
from mighty_async._operations import OPERATIONS, Operation
from mighty_async.testing import Sandbox

from .seeded import Ids
from .test_sandbox_operations import Req, cases

pytestmark = pytest.mark.anyio


def sdk_arguments(row: Operation, request: Req) -> tuple[list[int], dict[str, Any]]:
    """The path ids in path order, and the query and body fields as keyword arguments."""
    names = [part[1:-1] for part in row.path.split("/") if part.startswith("{")]
    args = [request.params[name] for name in names]
    kwargs: dict[str, Any] = {**row.fixed, **request.query, **(request.json or {})}
    if (row.method, row.path) == ("PUT", "/collections/{id}/order"):
        kwargs["spaces"] = {s["space_id"]: s["position"] for s in request.json["spaces"]}
    if (row.method, row.path) == ("POST", "/assets"):
        filename, content, content_type = request.files["asset_file"]
        kwargs = {"file": content, "filename": filename, "content_type": content_type}
        kwargs.update(request.data or {})
    return args, kwargs


def _typed(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Query values come as strings in the cases; the SDK takes ints and booleans."""
    out: dict[str, Any] = {}
    for key, value in kwargs.items():
        if isinstance(value, str) and value.isdigit():
            out[key] = int(value)
        elif isinstance(value, str) and value in {"true", "false"}:
            out[key] = value == "true"
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("row", OPERATIONS, ids=[f"{r.method} {r.path}" for r in OPERATIONS])
async def test_sdk_method_against_the_sandbox(row):
    """The SDK method reaches the right route and reads the answer with strict models."""
    sandbox = Sandbox(seed=3, members=30, posts=6, events=3)
    request = cases(Ids(sandbox))[(row.method, row.path)]
    if request.setup is not None:
        async with httpx.AsyncClient(
            transport=sandbox.transport(),
            base_url=sandbox.base_url,
            headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": "tests"},
        ) as http:
            await request.setup(http, f"/admin/v1/networks/{sandbox.network_id}")
    args, kwargs = sdk_arguments(row, request)
    async with sandbox.client(
        converter=make_converter(strict=True), rate_limit=None, retry=None
    ) as client:
        result = row.resolve(client)(*args, **_typed(kwargs))
        if isinstance(result, AsyncPaginator):
            await result.collect()
        else:
            await result
    last = sandbox.requests[-1]
    assert (last.method, last.route) == (row.method, row.path)
    assert last.status in {200, 201, 204}
