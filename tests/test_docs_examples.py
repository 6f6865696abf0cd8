"""Every Python example in README.md and docs/ runs, against the sandbox, on both backends.

The examples name records by id, as code for a real network does; `NAMED_IDS` lists, per
page, the ids its examples use and the kind of record each must be, and each example's
sandbox gets them with `Sandbox.renumber` before it runs.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from mighty_async import AsyncMightyClient
from mighty_async.testing import Sandbox

from .support.doc_blocks import api_from

ROOT = Path(__file__).resolve().parents[1]
# docs/redis.md needs a Redis server: tests/test_docs_redis.py runs its examples against one.
NEEDS_REDIS = {ROOT / "docs" / "redis.md"}
PAGES = [
    ROOT / "README.md",
    *sorted(p for p in (ROOT / "docs").rglob("*.md") if p not in NEEDS_REDIS),
]
FENCE = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples() -> list[tuple[str, str]]:
    """Every ```python block, named by its page and position."""
    found = []
    for page in PAGES:
        for n, match in enumerate(FENCE.finditer(page.read_text(encoding="utf-8")), 1):
            found.append((f"{page.relative_to(ROOT)}#{n}", match.group(1)))
    return found


EXAMPLES = examples()

Pick = Callable[[Sandbox, dict[str, Any]], bool]


def _any(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return True


def _course(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return bool(record.get("_course"))


def _dropdown(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return record["response_type"] == "dropdown_single_select"


def _text_field(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return record["response_type"] == "text_short"


def _on_stripe(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return record["payment_platform"] == "stripe"  # Apple purchases cannot be revoked


def _option_of_field_3(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return record["custom_field_id"] == 3


def _without_plan_5(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return record["id"] not in sandbox.store.plan_access[5]


def _in_collection_2(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return record["collection_id"] == 2


def _without_members_1_to_3(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    return not {1, 2, 3} & set(sandbox.store.space_members[record["id"]])


MEMBER_1 = {1: ("members", _any)}
# page -> {id the examples name: (table, which records of it fit)}
NAMED_IDS: dict[str, dict[int, tuple[str, Pick]]] = {
    "docs/api/badges.md": {42: ("members", _any)},
    "docs/api/billing.md": {
        42: ("members", _any),
        1234: ("subscriptions", _any),
        5: ("plans", _any),
        777: ("purchases", _on_stripe),
    },
    "docs/api/collections.md": {
        2: ("collections", _any),
        12: ("spaces", _in_collection_2),
        7: ("spaces", _in_collection_2),
        9: ("spaces", _in_collection_2),
    },
    "docs/api/courses.md": {7: ("spaces", _course)},
    "docs/api/custom-fields.md": {
        3: ("custom_fields", _dropdown),
        4: ("custom_fields", _text_field),
        11: ("options", _option_of_field_3),
        42: ("members", _any),
    },
    "docs/api/events.md": {7: ("spaces", _any), 31: ("events", _any), 42: ("members", _any)},
    "docs/api/invites.md": {5: ("plans", _any), 42: ("members", _without_plan_5)},
    "docs/api/members.md": {7: ("spaces", _any), 8: ("spaces", _any), 3: ("members", _any)},
    "docs/api/models.md": {7: ("members", _any)},
    "docs/api/plans.md": {5: ("plans", _any), 42: ("members", _without_plan_5)},
    "docs/api/polls.md": {7: ("spaces", _any)},
    "docs/api/posts.md": {
        7: ("spaces", _any),
        42: ("members", _any),
        99: ("posts", _any),
        5: ("comments", _any),
    },
    "docs/api/spaces.md": {3: ("collections", _any), 7: ("spaces", _any), 42: ("members", _any)},
    "docs/api/tags.md": {42: ("members", _any)},
    "docs/coming-from-openai.md": MEMBER_1,
    "docs/concurrency.md": {
        1: ("members", _any),
        2: ("members", _any),
        3: ("members", _any),
        7: ("tags", _any),
        8: ("badges", _any),
        9: ("spaces", _without_members_1_to_3),
    },
    "docs/observability.md": MEMBER_1,
    "docs/options.md": MEMBER_1,
    "docs/quickstart.md": MEMBER_1,
    "docs/rate-limits.md": MEMBER_1,
}


def sandbox_for(page: str) -> Sandbox:
    """A fresh sandbox holding the records ``page``'s examples name by id."""
    sandbox = Sandbox(token="doc-token", network_id=1234, base_url="https://api.mn.co")
    given = {sandbox.owner["id"]}  # the owner keeps its id: /me stays the first member
    for new_id, (table, fits) in NAMED_IDS.get(page, {}).items():
        rows = sandbox.store.tables[table]
        old = next(i for i, r in rows.items() if i not in given and fits(sandbox, r))
        sandbox.renumber(old, new_id)
        given.add(new_id)
    return sandbox


def test_there_are_examples():
    """The harness finds the documentation's examples (so the test below cannot pass empty)."""
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
@pytest.mark.parametrize(("name", "code"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_example_runs(name, code, backend, monkeypatch, tmp_path):
    """The example runs to completion against a sandbox holding the records it names."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))  # for uploads
    monkeypatch.setenv("MIGHTY_API_TOKEN", "doc-token")
    monkeypatch.setenv("MIGHTY_NETWORK_ID", "1234")
    with api_from(sandbox_for(name.split("#")[0])):
        if "anyio.run(" in code or "asyncio.run(" in code:
            script = code.replace("anyio.run(main)", f"anyio.run(main, backend={backend!r})")
            exec(compile(script, name, "exec", dont_inherit=True), {"__name__": "__example__"})  # noqa: S102
            return
        namespace: dict[str, object] = {}
        wrapped = "async def __example(client):\n" + textwrap.indent(code, "    ")
        exec(compile(wrapped, name, "exec", dont_inherit=True), namespace)  # noqa: S102

        async def run() -> None:
            async with AsyncMightyClient() as client:
                await namespace["__example"](client)  # type: ignore[operator]

        anyio.run(run, backend=backend)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_unknown_routes_are_refused(backend):
    """Behind the examples, a route the API lacks is a 404, so examples cannot pass by accident."""

    async def get(path: str) -> httpx.Response:
        with api_from(sandbox_for("README.md")):
            async with httpx.AsyncClient(
                base_url="https://api.mn.co/admin/v1/networks/1234",
                headers={"Authorization": "Bearer doc-token", "User-Agent": "docs-test"},
            ) as http:
                return await http.get(path)

    assert anyio.run(get, "/nope", backend=backend).status_code == 404
    assert anyio.run(get, "/members/1/", backend=backend).status_code == 404


def test_named_ids_are_given_to_records_of_their_kind():
    """The sandbox of a page holds each id its examples name, as a record of the named kind."""
    for page, named in NAMED_IDS.items():
        sandbox = sandbox_for(page)
        for new_id, (table, fits) in named.items():
            assert fits(sandbox, sandbox.store.tables[table][new_id]), (page, new_id)
