"""Run one ```python block of a docs page on its own, and the sandbox behind api.mn.co."""

from __future__ import annotations

import ast
import contextlib
import inspect
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import respx

if TYPE_CHECKING:
    from collections.abc import Iterator

    import httpx

    from mighty_async.testing import Sandbox

DOCS = Path(__file__).resolve().parents[2] / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def python_blocks(page: str) -> list[str]:
    """The python code blocks of ``docs/<page>``, in order."""
    return _BLOCK.findall((DOCS / page).read_text(encoding="utf-8"))


def block_defining(page: str, marker: str) -> str:
    """The one block of ``page`` that contains ``marker``."""
    found = [block for block in python_blocks(page) if marker in block]
    assert len(found) == 1, f"{len(found)} blocks of {page} contain {marker!r}"
    return found[0]


async def run_block(code: str, name: str = "<docs>") -> dict[str, Any]:
    """Execute one block in a fresh namespace (top-level ``await`` allowed); return it."""
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    compiled = compile(code, name, "exec", flags=flags, dont_inherit=True)
    result = eval(compiled, namespace)  # noqa: S307 - our own documentation
    if inspect.iscoroutine(result):
        await result
    return namespace


@contextlib.contextmanager
def api_from(sandbox: Sandbox) -> Iterator[respx.MockRouter]:
    """Answer every request to api.mn.co from ``sandbox``, for code that builds its own client.

    Docs examples call ``AsyncMightyClient()`` with no transport to inject; respx hands each
    of their requests to the sandbox's in-process transport instead of the network.
    """
    transport = sandbox.transport()

    async def forward(request: httpx.Request) -> httpx.Response:
        return await transport.handle_async_request(request)

    with respx.mock(assert_all_called=False) as router:
        router.route(host="api.mn.co").mock(side_effect=forward)
        yield router
