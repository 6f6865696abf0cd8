"""Docs support: the coverage page, rendered from the operation table.

Run ``python -m tests.support.docs`` to rewrite ``docs/coverage.md`` after the table changes;
a test fails while the file and the rendering differ.
"""

from __future__ import annotations

import functools
import inspect
import sys
from pathlib import Path

from mighty_async import AsyncMightyClient
from mighty_async._operations import AREAS, OPERATIONS, Operation

ROOT = Path(__file__).resolve().parents[2]
COVERAGE_PAGE = ROOT / "docs" / "coverage.md"
PREFIX = "/admin/v1/networks/{network_id}"


@functools.cache
def client_for_docs() -> AsyncMightyClient:
    """One client to look methods up on; it never sends (building one costs an SSL context)."""
    return AsyncMightyClient("docs-token", network_id=1)


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
