"""A griffe extension: render ``replace = put_twin(update)`` as the method it is at run time.

Griffe reads the source, where a PUT twin is an assignment; this turns it into a function
with ``update``'s signature and the docstring `put_twin` gives it, so the reference shows
``replace`` like any other method.
"""

from __future__ import annotations

from typing import Any

import griffe

from mighty_async.resources._base import put_twin_docstring


class PutTwins(griffe.Extension):
    """Replace each ``name = put_twin(target)`` class attribute by a copy of ``target``."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:  # noqa: ARG002
        """Rewrite the twins of one class once its members are loaded."""
        for name, member in list(cls.members.items()):
            if not isinstance(member, griffe.Attribute):
                continue
            value = str(member.value or "")
            if not (value.startswith("put_twin(") and value.endswith(")")):
                continue
            update = cls.members[value.removeprefix("put_twin(").removesuffix(")")]
            if not isinstance(update, griffe.Function):
                continue
            twin = griffe.Function(
                name,
                lineno=member.lineno,
                endlineno=member.endlineno,
                parameters=update.parameters,
                returns=update.returns,
            )
            text = put_twin_docstring(update.docstring.value if update.docstring else None)
            twin.docstring = griffe.Docstring(text, parent=twin)
            twin.labels |= update.labels
            cls.set_member(name, twin)
