"""Model instances as the client could have decoded them, for property tests of every model.

`model_strategy` draws an instance of any attrs model or webhook payload class with every field
drawn (optional ones included); `MODEL_CLASSES`, `PAYLOAD_CLASSES` and `EVENT_CLASSES` list the
public classes those tests run over.
"""

from __future__ import annotations

import types
import typing
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import attrs
from hypothesis import strategies as st

from mighty_async import Me, models, webhooks
from mighty_async.webhooks import BaseEvent

__all__ = [
    "DATETIMES",
    "EVENT_CLASSES",
    "MODEL_CLASSES",
    "PAYLOAD_CLASSES",
    "model_strategy",
]

OFFSETS = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
DATETIMES = st.datetimes(
    min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - bounds of an aware strategy
    max_value=datetime(2200, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from(OFFSETS),
)


def _attrs_classes(module: types.ModuleType) -> list[type]:
    names = sorted(module.__all__)
    found = [getattr(module, name) for name in names]
    return [
        cls
        for cls in found
        if isinstance(cls, type) and attrs.has(cls) and not issubclass(cls, BaseEvent)
    ]


MODEL_CLASSES = _attrs_classes(models)
PAYLOAD_CLASSES = [cls for cls in _attrs_classes(webhooks) if cls not in MODEL_CLASSES]
EVENT_CLASSES = sorted(webhooks.EVENT_TYPES.values(), key=lambda cls: cls.__name__)


def _strategy(tp: Any) -> st.SearchStrategy[Any]:
    """Values of type ``tp`` as the client could have decoded them."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return st.one_of([_strategy(arg) for arg in typing.get_args(tp)])
    if origin is tuple:
        item, _ = typing.get_args(tp)
        return st.lists(_strategy(item), max_size=3).map(tuple)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(tp))
    simple: dict[Any, st.SearchStrategy[Any]] = {
        type(None): st.none(),
        int: st.integers(),
        str: st.text(max_size=20),
        bool: st.booleans(),
        float: st.floats(allow_nan=False, allow_infinity=False),
        datetime: DATETIMES,
        date: st.dates(),
        UUID: st.uuids(),
    }
    if tp in simple:
        return simple[tp]
    if isinstance(tp, type) and attrs.has(tp):
        return model_strategy(tp)
    raise NotImplementedError(f"no strategy for {tp!r}")  # pragma: no cover


def model_strategy(cls: type) -> st.SearchStrategy[Any]:
    """Instances of the attrs class ``cls`` with every field drawn, optional ones included."""
    attrs.resolve_types(cls)
    fields = {f.name: _strategy(f.type) for f in attrs.fields(cls) if f.init}
    built = st.builds(cls, **fields)
    if cls is Me:
        # The /me hook fills network_id from network: a model it produced never lacks it.
        built = built.filter(lambda me: me.network is None or me.network_id is not None)
    return built
