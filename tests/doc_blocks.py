"""Run the ```python blocks of a docs page, in order, in one namespace, as a reader would."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[1] / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def python_blocks(page: str) -> list[str]:
    """The python code blocks of ``docs/<page>``, in order."""
    return _BLOCK.findall((DOCS / page).read_text(encoding="utf-8"))


async def run_blocks(page: str, namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute every block of ``page``; top-level ``await`` is allowed, as in the docs."""
    namespace = {} if namespace is None else namespace
    namespace.setdefault("__name__", f"docs_{Path(page).stem}")
    for index, block in enumerate(python_blocks(page)):
        code = compile(
            block, f"<{page} block {index + 1}>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        )
        result = eval(code, namespace)  # noqa: S307 - our own documentation
        if inspect.iscoroutine(result):
            await result
    return namespace
