"""The optional msgspec fast path: response bytes straight into the same attrs models.

Installed with ``pip install 'mighty-async[speedups]'``. The cattrs converter stays the one
source of truth for what a body means; this module only ever returns what the converter
would return, and says `DEFER` for every body where it could not be sure:

- msgspec runs in *strict* mode, which accepts a subset of what our hooks accept (JSON ints
  for ints, strings for strings, RFC 3339 for timestamps) and reads that subset the same way.
  Its lax mode is not used: it reads ``"1e3"`` as the integer 1000, ``"null"`` as None and
  numbers as timestamps, where the converter refuses them. Anything strict mode refuses
  (``"1234"`` ids, ``Z``-less dates, a categories string, a body that is not JSON) goes to
  the converter, which reads it or raises the error it always raised;
- a timestamp without an offset is UTC for the converter and naive for msgspec, so a result
  holding a naive datetime is thrown away and the body deferred; so is a body with
  sub-microsecond digits (msgspec rounds them, Python truncates) or an escaped digit or dot
  (which could hide such digits);
- models that a converter hook reshapes (``Me``, billing rows) are never decoded here;
- only the default converter is served: the strict converter of the test suite, and any
  converter a caller passes in, always get the cattrs path.

``MIGHTY_ASYNC_NO_SPEEDUPS=1`` switches the fast path off (read once, at first use).
"""

from __future__ import annotations

import json
import os
import re
import typing
from collections.abc import Callable
from datetime import date, datetime
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "DEFER",
    "NO_SPEEDUPS_ENV",
    "DecodedItems",
    "FastDecoder",
    "decode_one",
    "decode_page",
    "fast_decoder",
    "use_fast_decoder",
]

NO_SPEEDUPS_ENV: Final = "MIGHTY_ASYNC_NO_SPEEDUPS"

DEFER: Final[Any] = object()
"""Returned instead of a model when the body must go through the cattrs converter."""

_SUB_MICROSECOND = re.compile(rb"\.[0-9]{7}")
_ESCAPED_DIGIT_OR_DOT = re.compile(rb"\\u00(?:2[eE]|3[0-9])")
_MAX_ENVELOPE_NESTING = 64
"""``links``/``meta`` with more brackets than this defer: real ones hold a few strings."""
_LEAVES = frozenset({int, float, str, bool, NoneType, Any})


class DecodedItems(list[Any]):
    """The items of a page that the fast path already structured (the paginator's marker)."""

    __slots__ = ()


@attrs.frozen
class _Plan:
    """How to decode one model: its msgspec decoders and its naive-timestamp check."""

    one: Any
    page: Any
    has_naive: Callable[[Any], bool] | None
    page_has_naive: Callable[[Any], bool] | None


class FastDecoder:
    """Decoders built once per model; counts how often a body was decoded or deferred.

    Args:
        excluded: models a converter hook reshapes; no type that reaches one is decoded here.
    """

    def __init__(self, excluded: frozenset[type]) -> None:
        import msgspec  # noqa: PLC0415 - optional, and only paid for on first use

        self._msgspec = msgspec
        self._excluded = excluded
        self._plans: dict[Any, _Plan | None] = {}
        self.decoded = 0
        self.deferred = 0

    def decode(self, content: bytes, model: Any) -> Any:
        """Decode one body into ``model``, or return `DEFER`."""
        plan = self._plan(model)
        if plan is None or _suspicious(content):
            return self._defer()
        try:
            value = plan.one.decode(content)
        except Exception:  # noqa: BLE001 - whatever msgspec refuses, the converter decides
            return self._defer()
        if plan.has_naive is not None and plan.has_naive(value):
            return self._defer()
        self.decoded += 1
        return value

    def decode_page(self, content: bytes, model: Any) -> dict[str, Any] | Any:
        """Decode a list answer whose items are ``model``s, or return `DEFER`.

        The result is the envelope the paginator reads (``items`` or ``data``, ``links``,
        ``meta``), with the items already structured, in a `DecodedItems` list.
        """
        plan = self._plan(model)
        if plan is None or _suspicious(content):
            return self._defer()
        try:
            envelope = plan.page.decode(content)
        except Exception:  # noqa: BLE001 - as in `decode`
            return self._defer()
        unset = self._msgspec.UNSET
        items = envelope.items if envelope.items is not unset else envelope.data
        if items is unset:
            return self._defer()
        if plan.page_has_naive is not None and plan.page_has_naive(items):
            return self._defer()
        body: dict[str, Any] = {"items": DecodedItems(items)}
        for key in ("links", "meta"):
            raw = getattr(envelope, key)
            if raw is not unset:
                text = bytes(raw)
                if text.count(b"[") + text.count(b"{") > _MAX_ENVELOPE_NESTING:
                    return self._defer()  # near the decoder's depth limit: let one path judge
                try:
                    body[key] = json.loads(text)
                except Exception:  # noqa: BLE001 - not JSON we can read: the usual path says so
                    return self._defer()
        self.decoded += 1
        return body

    def _defer(self) -> Any:
        self.deferred += 1
        return DEFER

    def _plan(self, model: Any) -> _Plan | None:
        try:
            return self._plans[model]
        except KeyError:
            pass
        plan = self._build(model)
        self._plans[model] = plan
        return plan

    def _build(self, model: Any) -> _Plan | None:
        msgspec = self._msgspec
        if not self._supported(model, set()):
            return None
        unset = msgspec.UnsetType
        envelope = msgspec.defstruct(
            "Envelope",
            [
                ("items", list[model] | unset, msgspec.UNSET),
                ("data", list[model] | unset, msgspec.UNSET),
                ("links", msgspec.Raw | unset, msgspec.UNSET),
                ("meta", msgspec.Raw | unset, msgspec.UNSET),
            ],
        )
        try:
            one = msgspec.json.Decoder(model, strict=True)
            page = msgspec.json.Decoder(envelope, strict=True)
        except (TypeError, ValueError):
            return None
        return _Plan(
            one=one,
            page=page,
            has_naive=_naive_check(model),
            page_has_naive=_naive_check(list[model]),
        )

    def _supported(self, tp: Any, seen: set[Any]) -> bool:
        """Whether every type reachable from ``tp`` is one the two paths read alike."""
        if tp in _LEAVES or tp in (datetime, date):
            return True
        if attrs.has(tp):
            if tp in self._excluded:
                return False
            if tp in seen:
                return True
            seen.add(tp)
            hints = typing.get_type_hints(tp)
            return all(self._supported(hints[f.name], seen) for f in attrs.fields(tp))
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is Literal:
            return all(type(arg) is str for arg in args)
        if origin in (UnionType, typing.Union):
            others = [arg for arg in args if arg is not NoneType]
            return len(others) == 1 and self._supported(others[0], seen)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004
            return self._supported(args[0], seen)
        if origin is list:
            return self._supported(args[0], seen)
        if origin is dict:
            return args[0] is str and self._supported(args[1], seen)
        return False


def _suspicious(content: bytes) -> bool:
    """Whether raw bytes might hold a timestamp msgspec would round differently."""
    if b"\\" in content and _ESCAPED_DIGIT_OR_DOT.search(content) is not None:
        return True  # one byte to look for first: ``in`` runs memchr, a longer needle does not
    return _SUB_MICROSECOND.search(content) is not None


def _naive_check(tp: Any) -> Callable[[Any], bool] | None:
    """A function telling whether a decoded value holds a naive datetime (None: it cannot).

    The function is generated as straight-line code (one ``getattr`` per timestamp field,
    nested models inlined), because it runs on every record the fast path decodes. Given
    ``list[Model]`` it loops over a page's items itself.
    """
    lines: list[str] = []
    if not _emit_check(tp, "value", lines, 1, set()):
        return None
    source = "def has_naive(value):\n" + "\n".join(lines) + "\n    return False\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, "<mighty_async naive check>", "exec"), namespace)  # noqa: S102
    check: Callable[[Any], bool] = namespace["has_naive"]
    return check


def _emit_check(tp: Any, expr: str, lines: list[str], depth: int, seen: set[Any]) -> bool:
    """Append to ``lines`` the code that returns True when ``expr`` holds a naive datetime."""
    pad = "    " * depth
    var = f"v{depth}"
    if tp is datetime:
        lines.append(f"{pad}if {expr}.tzinfo is None: return True")
        return True
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    body: list[str] = []
    if origin in (UnionType, typing.Union):
        inner = next(arg for arg in args if arg is not NoneType)
        if not _emit_check(inner, var, body, depth + 1, seen):
            return False
        lines.append(f"{pad}{var} = {expr}")
        lines.append(f"{pad}if {var} is not None:")
    elif origin in (tuple, list, dict):
        inner = args[1] if origin is dict else args[0]
        if not _emit_check(inner, var, body, depth + 1, seen):
            return False
        items = f"{expr}.values()" if origin is dict else expr
        lines.append(f"{pad}for {var} in {items}:")
    elif attrs.has(tp) and tp not in seen:
        hints = typing.get_type_hints(tp)
        found = False
        for field in attrs.fields(tp):
            found |= _emit_check(
                hints[field.name], f"{expr}.{field.name}", lines, depth, seen | {tp}
            )
        return found
    else:
        return False
    lines.extend(body)
    return True


_LOADED: list[FastDecoder | None] = []


def fast_decoder() -> FastDecoder | None:
    """The process's fast decoder, or None without msgspec or with speedups switched off."""
    if not _LOADED:
        _LOADED.append(_load())
    return _LOADED[0]


def use_fast_decoder(fast: FastDecoder | None) -> None:
    """Replace the process's fast decoder (None: no fast path); for tests and benchmarks."""
    _LOADED[:] = [fast]


def _load() -> FastDecoder | None:
    if os.environ.get(NO_SPEEDUPS_ENV, "").strip() not in {"", "0"}:
        return None
    try:
        from .models._hooks import HOOKED_MODELS  # noqa: PLC0415 - models import the converter

        return FastDecoder(HOOKED_MODELS)
    except ImportError:
        return None


def decode_one(content: bytes, model: Any, conv: cattrs.Converter) -> Any:
    """The fast path's reading of one body for ``conv``, or `DEFER`."""
    fast = _for(conv)
    return DEFER if fast is None else fast.decode(content, model)


def decode_page(content: bytes, model: Any, conv: cattrs.Converter) -> Any:
    """The fast path's reading of one list answer for ``conv``, or `DEFER`."""
    fast = _for(conv)
    return DEFER if fast is None else fast.decode_page(content, model)


def _for(conv: cattrs.Converter) -> FastDecoder | None:
    from ._converter import converter  # noqa: PLC0415 - the converter imports the models

    return fast_decoder() if conv is converter else None
