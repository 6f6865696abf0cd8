"""Models out as JSON: `to_dict` and `to_json`, built on the converter's unstructure hooks.

The converter that reads the API's bodies also writes them back, so what `to_dict` produces is
exactly what `structure` reads into an equal model: timestamps as ISO 8601 in UTC ending in
``Z``, tuples as lists, nested models as dicts, every field present (None as ``null``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, overload

import attrs

from ._converter import converter
from ._pagination import Page
from .errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from attrs import AttrsInstance

__all__ = ["to_dict", "to_json"]


@overload
def to_dict(obj: Sequence[AttrsInstance]) -> list[dict[str, Any]]: ...


@overload
def to_dict(obj: AttrsInstance) -> dict[str, Any]: ...


def to_dict(obj: AttrsInstance | Sequence[AttrsInstance]) -> dict[str, Any] | list[dict[str, Any]]:
    """A model, a list or tuple of models, or a `Page`, as plain JSON-ready Python data.

    Models become dicts with every field, in declaration order; tuples become lists;
    datetimes become ISO 8601 strings in UTC ending in ``Z`` (a naive one is taken as UTC, as
    the client reads them); webhook event ids become strings. A `Page` becomes
    ``{"items": [...], "number": n, "next_link": ..., "is_last": ...}``.

    ``converter``-wise the result round-trips: structuring ``to_dict(member)`` as `Member`
    gives a model equal to ``member``.

    Raises:
        ConfigurationError: ``obj`` is not a model, a sequence of models, or a page.
    """
    if isinstance(obj, Page):
        return {
            "items": [_model(item) for item in obj.items],
            "number": obj.number,
            "next_link": obj.next_link,
            "is_last": obj.is_last,
        }
    if isinstance(obj, list | tuple):
        return [_model(item) for item in obj]
    return _model(obj)


def to_json(obj: AttrsInstance | Sequence[AttrsInstance], *, indent: int | None = None) -> str:
    """`to_dict` of ``obj``, serialised as a JSON string.

    Args:
        obj: a model, a list or tuple of models, or a `Page`.
        indent: None (the default) writes one compact line, with no spaces after separators,
            ready for JSON Lines and log records; a number pretty-prints with that indent.

    Non-ASCII text is written as is (the result is a `str`; encode it as UTF-8). Keys keep the
    models' field order.

    Raises:
        ConfigurationError: ``obj`` is not a model, a sequence of models, or a page, or it
            holds a float that JSON cannot represent (NaN or infinity).
    """
    data = to_dict(obj)
    separators = (",", ":") if indent is None else None
    try:
        return json.dumps(
            data, ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
        )
    except ValueError as exc:
        raise ConfigurationError(f"cannot write as JSON: {exc}") from exc


def _model(obj: object) -> dict[str, Any]:
    if isinstance(obj, type) or not attrs.has(type(obj)) or isinstance(obj, Page):
        raise ConfigurationError(
            "to_dict/to_json take a model, a list or tuple of models, or a Page; "
            f"got {type(obj).__name__}"
        )
    data: dict[str, Any] = converter.unstructure(obj)
    return data
