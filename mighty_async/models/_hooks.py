"""Structure hooks for the places where the wire disagrees with the spec.

Each hook is registered on every converter `make_converter` builds, strict or lenient, so the
quirks are handled the same way in production and in tests.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .members import Category
from .network import Me, Network, User

if TYPE_CHECKING:
    import cattrs

__all__ = ["register_model_hooks"]

_FLAT_ME_KEYS = frozenset({"network_id", "role"})


def _categories_hook(conv: cattrs.Converter) -> Any:
    def structure_categories(value: Any, _: Any) -> tuple[Category, ...] | None:
        if value is None:
            return None
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return ()
            if text[:1] in "[{":
                value = json.loads(text)
            else:
                return tuple(
                    Category(title=part.strip()) for part in text.split(",") if part.strip()
                )
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            raise TypeError(f"expected a list of categories, got {type(value).__name__}")
        return tuple(conv.structure(item, Category) for item in value)

    return structure_categories


def _me_hook(conv: cattrs.Converter, nested: Any) -> Any:
    def structure_me(value: Any, _: Any) -> Me:
        if isinstance(value, dict) and "user" not in value and "id" in value:
            user_fields = {k: v for k, v in value.items() if k not in _FLAT_ME_KEYS}
            return Me(
                user=conv.structure(user_fields, User),
                network_id=conv.structure(value["network_id"], int)
                if value.get("network_id") is not None
                else None,
                role=conv.structure(value["role"], str) if value.get("role") is not None else None,
            )
        me: Me = nested(value, Me)
        if me.network_id is None and isinstance(me.network, Network):
            return Me(user=me.user, network=me.network, network_id=me.network.id, role=me.role)
        return me

    return structure_me


def register_model_hooks(conv: cattrs.Converter) -> None:
    """Register every model-specific hook on ``conv``."""
    conv.register_structure_hook(tuple[Category, ...] | None, _categories_hook(conv))
    nested = conv.gen_structure_attrs_fromdict(Me)
    conv.register_structure_hook(Me, _me_hook(conv, nested))
