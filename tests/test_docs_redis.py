"""Every example of docs/redis.md runs against a real redis-server and the sandbox (asyncio).

The page is left out of test_docs_examples.py, which has no Redis; here each block runs on
its own, with ``REDIS_URL`` pointing at this module's server.
"""

from __future__ import annotations

import re

import pytest

from mighty_async.testing import Sandbox

from .support.doc_blocks import DOCS, api_from, python_blocks, run_block

pytestmark = pytest.mark.anyio

PAGE = "redis.md"
BLOCKS = python_blocks(PAGE)


@pytest.fixture
def anyio_backend():
    """Run on asyncio only: the page is about redis-py's asyncio client."""
    return "asyncio"


@pytest.fixture
def environment(redis_server, monkeypatch):
    """The variables the examples read: the Redis URL, the API token and the network."""
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    monkeypatch.setenv("MIGHTY_API_TOKEN", "doc-token")
    monkeypatch.setenv("MIGHTY_NETWORK_ID", "1234")
    with api_from(Sandbox(token="doc-token", network_id=1234, base_url="https://api.mn.co")):
        yield


def test_the_page_has_examples():
    """The page's examples are found (so the test below cannot pass empty)."""
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=lambda n: f"redis.md#{n + 1}")
async def test_example_runs(index, environment):
    """The example runs to completion against Redis and the sandbox."""
    await run_block(BLOCKS[index], f"redis.md#{index + 1}")


async def test_the_budget_example_prints_what_the_page_shows(environment, capsys):
    """The monthly budget example stops at the budget and prints the output the page shows."""
    (block,) = [b for b in BLOCKS if "monthly_budget=3" in b]
    await run_block(block)
    printed = capsys.readouterr().out
    month = re.search(r"in (\d{4}-\d{2})", printed)
    assert month is not None
    page = (DOCS / PAGE).read_text(encoding="utf-8")
    shown = page.split(block, 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert printed == shown.replace("2026-11", month.group(1))
