"""Every Python example in README.md and docs/ runs, against a fake API, on both backends."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import anyio
import httpx
import pytest
import respx

from mighty_async import AsyncMightyClient

from .support.fake_api import FakeAPI

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


def test_there_are_examples():
    """The harness finds the documentation's examples (so the test below cannot pass empty)."""
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
@pytest.mark.parametrize(("name", "code"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_example_runs(name, code, backend, monkeypatch, tmp_path):
    """The example runs to completion against the fake API."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))  # for uploads
    monkeypatch.setenv("MIGHTY_API_TOKEN", "doc-token")
    monkeypatch.setenv("MIGHTY_NETWORK_ID", "1234")
    fake = FakeAPI()
    with respx.mock(assert_all_called=False) as router:
        router.route(host="api.mn.co").mock(side_effect=fake.handler)
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


def test_fake_api_refuses_unknown_routes():
    """The fake answers 404 for routes it does not know, so examples cannot pass by accident."""
    response = FakeAPI().handler(httpx.Request("GET", "https://api.mn.co/admin/v1/networks/1/nope"))
    assert response.status_code == 404
