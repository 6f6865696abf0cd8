"""A griffe extension: render ``**options: Unpack[PageOptions]`` as the keywords it stands for.

Griffe reads the source, where a ``list`` method takes ``**options`` (a ``*_many`` method,
``**options: Unpack[BulkOptions]``); at run time `spelled_out` gives it the spelled-out
signature, and this gives the reference the same one: each keyword with its type and default.
"""

from __future__ import annotations

from typing import Any

import griffe

from mighty_async._bulk import BULK_DEFAULTS, BulkOptions
from mighty_async.resources._base import PAGE_DEFAULTS, PageOptions

_SPELLED: dict[str, tuple[type, dict[str, Any]]] = {
    "Unpack[PageOptions]": (PageOptions, dict(PAGE_DEFAULTS)),
    "Unpack[BulkOptions]": (BulkOptions, dict(BULK_DEFAULTS)),
}


class OptionKeywords(griffe.Extension):
    """Replace a ``**options: Unpack[...Options]`` parameter by the keywords it holds."""

    def on_function_instance(self, *, func: griffe.Function, **kwargs: Any) -> None:  # noqa: ARG002
        """Spell out the options of one function once griffe has read it."""
        params = list(func.parameters)
        last = params[-1] if params else None
        if last is None or last.kind is not griffe.ParameterKind.var_keyword:
            return
        found = _SPELLED.get(str(last.annotation))
        if found is None:
            return
        options, defaults = found
        spelled = [
            griffe.Parameter(
                name,
                annotation=options.__annotations__[name].__forward_arg__,
                kind=griffe.ParameterKind.keyword_only,
                default=repr(value),
            )
            for name, value in defaults.items()
        ]
        func.parameters = griffe.Parameters(*params[:-1], *spelled)
