"""Structure hooks for the places where the wire disagrees with the spec.

Each hook is registered on every converter `make_converter` builds, strict or lenient, so the
quirks are handled the same way in production and in tests:

- ``categories`` (members, subscriptions) and ``member_categories`` (purchases) are typed
  ``string`` in the spec but carry a list of ``{id, title}`` objects; both shapes, a list of
  titles, a JSON string holding any of these and any other string (comma-separated titles)
  are read into ``tuple[Category, ...]``; an item that is neither object nor title is an
  error, never a blank `Category`;
- subscription and purchase rows have no top-level id: the row's id is lifted from
  ``subscription.id`` / ``purchase.id``;
- ``/me`` answers ``{user, network}`` per the spec, or a flat user per the guides.

(The third spec error, ``by_days``/``by_month_days`` typed integer on event creation, concerns
requests: the event resource sends them as comma strings.)
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeVar

import cattrs

from .members import Category
from .network import Me, Network, User
from .purchases import Purchase
from .subscriptions import Subscription

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["HOOKED_MODELS", "register_model_hooks"]

T = TypeVar("T")

_FLAT_ME_KEYS = frozenset({"network_id", "role"})

HOOKED_MODELS: frozenset[type] = frozenset({Me, Purchase, Subscription})
"""Models whose hook reshapes the body before structuring: the fast path leaves them alone."""


class _CategoryReader:
    """The ``categories`` hook: one Category hook looked up once, no dispatch per item."""

    def __init__(self, conv: cattrs.Converter) -> None:
        self._structure_category = conv.get_structure_hook(Category)

    def __call__(self, value: Any, _: Any) -> tuple[Category, ...] | None:
        if value is None:
            return None
        if isinstance(value, str):
            text = value.strip()
            return self._from_text(text) if text else ()
        return self._categories(value)

    def _category(self, item: Any) -> Category:
        if isinstance(item, dict):
            category: Category = self._structure_category(item, Category)
            return category
        if isinstance(item, str):
            return Category(title=item)
        raise TypeError(f"expected a category object or title, got {type(item).__name__}")

    def _categories(self, value: Any) -> tuple[Category, ...]:
        if isinstance(value, dict):
            return (self._category(value),)
        if not isinstance(value, list):
            raise TypeError(f"expected a list of categories, got {type(value).__name__}")
        return tuple([self._category(item) for item in value])

    def _from_text(self, text: str) -> tuple[Category, ...]:
        """Read a string: JSON holding categories, or else comma-separated titles.

        The spec types the field ``string``, so every string must read: one that only looks
        like JSON (``"[VIP] members"``, ``'{"a": 1}'``) is titles like any other, and so is
        one nested deeper than this interpreter's JSON decoder reads, on every Python version.
        """
        if text[:1] in "[{":
            try:
                parsed = json.loads(text)
                if _holds_categories(parsed):
                    return self._categories(parsed)
            except (ValueError, TypeError, RecursionError, cattrs.BaseValidationError):
                pass
        return tuple(Category(title=part.strip()) for part in text.split(",") if part.strip())


def _holds_categories(parsed: Any) -> bool:
    """Whether decoded JSON is a category object or a list of category objects and titles."""

    def is_category(item: Any) -> bool:
        return isinstance(item, str) or (
            isinstance(item, dict) and ("id" in item or "title" in item)
        )

    if isinstance(parsed, list):
        return all(is_category(item) for item in parsed)
    return isinstance(parsed, dict) and is_category(parsed)


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


def _lift_id_hook(nested: Callable[[Any, Any], T], detail_key: str) -> Callable[[Any, Any], T]:
    """Give a billing row the id of its nested detail object, unless it already has one."""

    def structure_row(value: Any, cls: Any) -> T:
        if isinstance(value, dict) and value.get("id") is None:
            detail = value.get(detail_key)
            if isinstance(detail, dict) and detail.get("id") is not None:
                value = {**value, "id": detail["id"]}
        return nested(value, cls)

    return structure_row


def _is_categories(tp: Any) -> bool:
    return bool(tp == tuple[Category, ...] | None)


def _subclass_of(cls: type) -> Callable[[Any], bool]:
    """A hook predicate matching what registering a hook for the class ``cls`` matches."""
    return lambda tp: isinstance(tp, type) and issubclass(tp, cls)


def register_model_hooks(conv: cattrs.Converter) -> None:
    """Register every model-specific hook on ``conv``.

    Each one is registered as a factory, so its code is generated the first time its type is
    structured, not when the converter is built: a process that never reads a purchase never
    pays for the purchase hook.
    """
    # A predicate, not a type: it must win over the converter's ``X | None`` factory.
    conv.register_structure_hook_factory(_is_categories, lambda _: _CategoryReader(conv))
    conv.register_structure_hook_factory(
        _subclass_of(Me), lambda _: _me_hook(conv, conv.gen_structure_attrs_fromdict(Me))
    )
    conv.register_structure_hook_factory(
        _subclass_of(Subscription),
        lambda _: _lift_id_hook(conv.gen_structure_attrs_fromdict(Subscription), "subscription"),
    )
    conv.register_structure_hook_factory(
        _subclass_of(Purchase),
        lambda _: _lift_id_hook(conv.gen_structure_attrs_fromdict(Purchase), "purchase"),
    )
