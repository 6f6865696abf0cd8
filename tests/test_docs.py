"""The API docs: every area has a page showing each of its calls, and every example runs."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from mighty_async import AsyncMightyClient
from mighty_async._converter import make_converter
from mighty_async._operations import AREAS, OPERATIONS
from tests._docs import COVERAGE_PAGE, ROOT, answer, find_row, render_coverage

if TYPE_CHECKING:
    from pathlib import Path

DOCS = ROOT / "docs"
API_PAGES = sorted((DOCS / "api").glob("*.md"))
EXAMPLE_PAGES = [*API_PAGES, DOCS / "naming.md"]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def examples() -> list[Any]:
    """Every ```python block of the example pages, as ``(page, index, code)`` params."""
    found = []
    for page in EXAMPLE_PAGES:
        for index, match in enumerate(_BLOCK.finditer(page.read_text(encoding="utf-8"))):
            found.append(pytest.param(page, match.group(1), id=f"{page.stem}-{index}"))
    return found


def test_coverage_page_is_generated_from_the_table():
    """docs/coverage.md is exactly what the operation table renders to."""
    assert COVERAGE_PAGE.read_text(encoding="utf-8") == render_coverage(), (
        "docs/coverage.md is stale: run `python -m tests._docs`"
    )


def test_coverage_page_lists_every_operation():
    """The coverage page has one line per operation, naming its method, path and call."""
    text = COVERAGE_PAGE.read_text(encoding="utf-8")
    for row in OPERATIONS:
        assert (
            f"| `{row.method}` | `{row.path}` | `{row.operation_id}` | `client.{row.call}(" in text
        )


@pytest.mark.parametrize("area", sorted(AREAS))
def test_every_call_of_an_area_is_shown_on_its_page(area):
    """Each area's page exists and has an example of every SDK call of that area."""
    page = DOCS / "api" / f"{area}.md"
    code = "\n".join(_BLOCK.findall(page.read_text(encoding="utf-8")))
    missing = sorted(
        {row.call for row in OPERATIONS if row.area == area and f".{row.call}(" not in code}
    )
    assert not missing


def test_the_docs_mock_routes_like_the_api():
    """The mock behind the examples finds the right row, literal routes before templates."""
    assert find_row("GET", "/admin/v1/networks/1/members/by_email").call == "members.get_by_email"
    assert find_row("GET", "/admin/v1/networks/1/members/5/").call == "members.get"
    assert find_row("GET", "/admin/v1/networks/1/spaces/5").call == "spaces.get"
    with pytest.raises(LookupError):
        find_row("GET", "/admin/v1/networks/1/spaces/5/")


@pytest.mark.anyio
@pytest.mark.parametrize(("page", "code"), examples())
async def test_docs_example_runs(page: Path, code: str, tmp_path, monkeypatch):
    """The example runs against a mock of the API, read with the strict converter."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "photo.png").write_bytes(PNG)
    source = "async def _example(client):\n" + textwrap.indent(code, "    ") + "    pass\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, str(page), "exec"), namespace)  # noqa: S102 - our own docs
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    async with AsyncMightyClient(
        "docs-token",
        network_id=1,
        transport=httpx.MockTransport(record),
        converter=make_converter(strict=True),
    ) as client:
        await namespace["_example"](client)
    if "client." in code and "AssetTooLarge" not in code:
        assert sent, "the example made no request"
