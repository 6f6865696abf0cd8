"""A griffe extension: render ``**options: Unpack[PageOptions]`` as the keywords it stands for.

Griffe reads the source, where a ``list`` method takes ``**options``; at run time `paged` gives
it the spelled-out signature, and this gives the reference the same one: ``per_page``,
``max_items``, ``max_pages`` and ``concurrency``, each with its type and default.
"""

from __future__ import annotations

from typing import Any

import griffe

from mighty_async.resources._base import PAGE_DEFAULTS, PageOptions


class PageOptionsKeywords(griffe.Extension):
    """Replace the ``**options: Unpack[PageOptions]`` parameter of each function by its keys."""

    def on_function_instance(self, *, func: griffe.Function, **kwargs: Any) -> None:  # noqa: ARG002
        """Spell out the page options of one function once griffe has read it."""
        params = list(func.parameters)
        last = params[-1] if params else None
        if last is None or last.kind is not griffe.ParameterKind.var_keyword:
            return
        if str(last.annotation) != "Unpack[PageOptions]":
            return
        spelled = [
            griffe.Parameter(
                name,
                annotation=PageOptions.__annotations__[name].__forward_arg__,
                kind=griffe.ParameterKind.keyword_only,
                default=repr(value),
            )
            for name, value in PAGE_DEFAULTS.items()
        ]
        func.parameters = griffe.Parameters(*params[:-1], *spelled)
