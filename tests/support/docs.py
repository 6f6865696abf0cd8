"""Docs support: a mock API built from the operation table, and the coverage page renderer.

The mock needs no spec: it routes a request to its row of `OPERATIONS`, reads the SDK
method's return annotation, and answers with a body built from that model (every field
present). Run ``python -m tests.support.docs`` to rewrite ``docs/coverage.md`` after the table
changes; a test fails while the file and the rendering differ.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import re
import sys
import types
import typing
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import httpx

from mighty_async import AsyncMightyClient, models
from mighty_async._operations import AREAS, OPERATIONS, Operation

ROOT = Path(__file__).resolve().parents[2]
COVERAGE_PAGE = ROOT / "docs" / "coverage.md"
PREFIX = "/admin/v1/networks/{network_id}"
_RETURN = re.compile(r"^(?:(AsyncPaginator|Page)\[)?(\w+)\]?$")


def _route(row: Operation) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(row.path))
    return re.compile(rf"^/admin/v1/networks/[^/]+{pattern}$")


_ROUTES = [(row, _route(row)) for row in OPERATIONS]


@functools.cache
def client_for_docs() -> AsyncMightyClient:
    """One client to look methods up on; it never sends (building one costs an SSL context)."""
    return AsyncMightyClient("docs-token", network_id=1)


def find_row(method: str, path: str) -> Operation:
    """The table row a request belongs to."""
    for row, route in _ROUTES:
        if row.method == method and route.match(path):
            return row
    raise LookupError(f"no operation for {method} {path}")


class ModelSampler:
    """Builds a JSON body for a model from its annotations, every field present."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)

    def value(self, annotation: Any, name: str) -> Any:
        """A JSON value for a field annotated ``annotation``."""
        if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        if attrs.has(annotation):
            return self.model(annotation)
        if typing.get_origin(annotation) is tuple:
            return [self.value(typing.get_args(annotation)[0], name)]
        if annotation is datetime:
            return "2026-01-02T03:04:05+00:00"
        if annotation is bool:
            return True
        if annotation is int:
            return next(self._numbers)
        return f"{name}-{next(self._numbers)}"

    def model(self, cls: type) -> dict[str, Any]:
        """A JSON object with every field of ``cls``."""
        hints = typing.get_type_hints(cls)
        return {
            field.name: self.value(hints[field.name], field.name) for field in attrs.fields(cls)
        }


def answer(request: httpx.Request) -> httpx.Response:
    """Answer any Admin API request the way the real API is documented to."""
    row = find_row(request.method, request.url.path)
    method = row.resolve(client_for_docs())
    annotation = str(inspect.signature(method).return_annotation)
    if annotation == "None":
        return httpx.Response(204)
    match = _RETURN.match(annotation)
    if match is None:
        raise LookupError(f"cannot answer for a method returning {annotation}")
    wrapper, name = match.groups()
    body = ModelSampler().model(getattr(models, name))
    if wrapper:
        return httpx.Response(200, json={"items": [body], "links": {"self": "", "next": None}})
    return httpx.Response(200, json=body)


def render_call(row: Operation) -> str:
    """``client.spaces.members.add(space_id, user_id=...)``: ids, then required keywords."""
    signature = inspect.signature(row.resolve(client_for_docs()))
    parts = []
    for param in signature.parameters.values():
        if param.default is not param.empty:
            continue
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            parts.append(f"{param.name}=...")
        else:
            parts.append(param.name)
    parts.extend(f"{key}={value!r}".replace("'", '"') for key, value in row.fixed.items())
    return f"client.{row.call}({', '.join(parts)})"


def render_coverage() -> str:
    """The "API coverage" page: every operation beside its SDK call, by area."""
    lines = [
        "# API coverage",
        "",
        f"All {len(OPERATIONS)} operations of the official Admin API spec, each beside the SDK",
        "call that performs it. Paths are relative to",
        f"`https://api.mn.co{PREFIX}`, written exactly as the spec writes them (trailing",
        "slashes included). Path ids are positional, in path order; `...` marks a required",
        "keyword argument (the optional ones are on each area's page). The verbs are explained",
        "in [Naming](naming.md).",
        "",
        "This page is generated from the table in `mighty_async/_operations.py`",
        "(`python -m tests.support.docs`), the same table the coverage test runs, and a test fails",
        "when the two differ.",
    ]
    for area, title in AREAS.items():
        lines += ["", f"## {title}", "", f"See [{title}](api/{area}.md).", ""]
        lines += ["| Method | Path | operationId | SDK call |", "|---|---|---|---|"]
        lines += [
            f"| `{row.method}` | `{row.path}` | `{row.operation_id}` | `{render_call(row)}` |"
            for row in OPERATIONS
            if row.area == area
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Rewrite ``docs/coverage.md`` from the table."""
    COVERAGE_PAGE.write_text(render_coverage(), encoding="utf-8")
    sys.stdout.write(f"wrote {COVERAGE_PAGE.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
