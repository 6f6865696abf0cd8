"""The API docs: every area has a page showing each of its calls; the coverage page is current.

The examples themselves run in test_docs_examples.py, against the sandbox.
"""

from __future__ import annotations

import re

import pytest

from mighty_async._operations import AREAS, OPERATIONS
from tests.support.docs import COVERAGE_PAGE, ROOT, render_coverage

DOCS = ROOT / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_coverage_page_is_generated_from_the_table():
    """docs/coverage.md is exactly what the operation table renders to."""
    assert COVERAGE_PAGE.read_text(encoding="utf-8") == render_coverage(), (
        "docs/coverage.md is stale: run `python -m tests.support.docs`"
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


def test_every_open_value_set_is_listed_on_the_models_page():
    """Each alias of mighty_async.models._types has a row on the models page."""
    from mighty_async.models import _types  # noqa: PLC0415

    text = (DOCS / "api" / "models.md").read_text(encoding="utf-8")
    assert [name for name in _types.__all__ if f"| `{name}` |" not in text] == []
