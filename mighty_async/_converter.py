"""The one cattrs converter that turns JSON bodies into models.

It is built once, at import, by `make_converter`. The production converter is lenient
(unknown keys are ignored, so a new field on the server never breaks a call); the test suite
builds a strict twin with ``forbid_extra_keys=True`` from the same function, so drift between
the spec and our models fails our CI instead of our users.

The hooks here absorb the API's documented type quirks in one place: ids arrive as ``1234``
or ``"1234"``, timestamps end in ``+00:00`` or ``Z``. The unstructure hooks write models back
out (`mighty_async.to_dict`) in a shape the structure hooks read into an equal model.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints
from uuid import UUID

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_unstructure_fn

from .errors import ResponseValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["converter", "make_converter", "structure"]

T = TypeVar("T")


def _structure_int(value: Any, _: type) -> int:
    if value.__class__ is int:
        return value
    if isinstance(value, bool):
        raise TypeError(f"expected an integer, got a boolean {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    raise ValueError(f"expected an integer, got {value!r}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got a boolean {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return float(value.strip())
    raise ValueError(f"expected a number, got {value!r}")


def _structure_str(value: Any, _: type) -> str:
    if value.__class__ is str or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected a string, got {type(value).__name__}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    raise ValueError(f"expected a boolean, got {value!r}")


def parse_datetime(value: Any) -> datetime:
    """Parse an ISO-8601 timestamp into an aware datetime (UTC when no offset is given)."""
    if value.__class__ is str:
        try:
            parsed = datetime.fromisoformat(value)  # 3.11 reads "Z": the usual case, first
        except ValueError:
            parsed = _parse_datetime_text(value)
    elif isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = _parse_datetime_text(value)
    else:
        raise TypeError(f"expected an ISO-8601 timestamp, got {value!r}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _parse_datetime_text(value: str) -> datetime:
    text = value.strip()
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text)


def _structure_datetime(value: Any, _: type) -> datetime:
    return parse_datetime(value)


def _structure_optional_datetime(value: Any, _: Any) -> datetime | None:
    if value is None:
        return None
    if value.__class__ is str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return parse_datetime(value)
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    return parse_datetime(value)


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10])
    raise ValueError(f"expected an ISO-8601 date, got {value!r}")


_EXACT: dict[Any, Any] = {int: int, str: str, bool: bool}
"""Types whose values usually arrive already of that exact type: no hook call needed."""


def _is_optional(tp: Any) -> bool:
    args = get_args(tp)
    return (
        get_origin(tp) in (UnionType, Union) and len(args) == 2 and NoneType in args  # noqa: PLR2004
    )


def _optional_hook_factory(conv: cattrs.Converter) -> Callable[[Any], Any]:
    """Resolve the hook of ``X`` in ``X | None`` once, instead of on every value.

    cattrs' own optional handling dispatches on ``X`` for every non-null value; with ~20
    optional fields per record that dispatch was a quarter of the structuring time. Each
    hook made here carries the inner hook as ``inner_hook``, so the generated model code
    can call it directly.
    """

    def factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner = next(arg for arg in get_args(tp) if arg is not NoneType)
        hook = conv.get_structure_hook(inner)
        if inner is datetime:
            return _structure_optional_datetime
        exact = _EXACT.get(inner)
        if exact is not None:

            def structure_exact_or_none(value: Any, _: Any) -> Any:
                if value is None or value.__class__ is exact:
                    return value
                return hook(value, inner)

            return structure_exact_or_none

        def structure_or_none(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        structure_or_none.inner_hook = hook  # type: ignore[attr-defined]
        return structure_or_none

    return factory


def _plain_attrs_class(cl: Any) -> bool:
    return (
        isinstance(cl, type)
        and attrs.has(cl)
        and all(f.init and not isinstance(f.default, attrs.Factory) for f in attrs.fields(cl))  # type: ignore[arg-type]
    )


_MISSING: Any = object()
"""Stands for an absent key in generated code (a field's default may be any value)."""


def _field_lines(index: int, tp: Any, hook: Any, namespace: dict[str, Any]) -> list[str]:
    """The lines that turn ``a<index>`` (a present JSON value) into field ``index``'s value.

    Each branch does what ``hook`` does for that value, without the call: an exact ``int``,
    ``str`` or ``bool`` is returned by our scalar hooks unchanged, None by every ``X | None``
    hook (ours and the ``categories`` one alike), and a string timestamp goes through
    ``fromisoformat`` as in `parse_datetime` (a string it cannot read raises, and the caller
    falls back to cattrs' own function, which calls the hook). Everything else calls the hook.
    """
    optional = _is_optional(tp)
    inner = _optional_inner(tp) if optional else tp
    v = f"a{index}"
    namespace[f"h{index}"] = hook
    namespace[f"t{index}"] = tp
    exact = _EXACT.get(inner)
    if exact is not None:
        namespace[f"x{index}"] = exact
        none = f" and {v} is not None" if optional else ""
        return [f"if {v}.__class__ is not x{index}{none}: {v} = h{index}({v}, t{index})"]
    if inner is datetime and hook in (_structure_optional_datetime, _structure_datetime):
        lines = [
            f"if {v}.__class__ is str:",
            f"  {v} = __fromiso({v})",
            f"  if {v}.tzinfo is None: {v} = {v}.replace(tzinfo=__utc)",
            f"else: {v} = h{index}({v}, t{index})",
        ]
        return [f"if {v} is not None:", *[f"  {line}" for line in lines]] if optional else lines
    inner_hook = getattr(hook, "inner_hook", None)
    if optional and inner_hook is not None:
        namespace[f"i{index}"] = inner_hook
        namespace[f"n{index}"] = inner
        return [f"if {v} is not None: {v} = i{index}({v}, n{index})"]
    if optional:
        return [f"if {v} is not None: {v} = h{index}({v}, t{index})"]
    return [f"{v} = h{index}({v}, t{index})"]


def _init_only_stores_fields(cl: Any) -> bool:
    """Whether an instance of ``cl`` may be made by handing it a filled ``__dict__``.

    That holds for a dict class (``slots=False``) whose attrs-generated ``__init__`` does
    nothing but store each argument under its field's name: no validator, converter, hook
    or cached hash. A class whose ``__init__`` someone wrote (``init=False``, or a subclass
    not decorated itself) keeps its ``__init__``. Beyond that, rather than trusting a list of
    attrs options, the rule is checked by running ``__init__`` once with a marker per field
    and looking at what it stored.
    """
    own = cl.__dict__
    if (
        "__slots__" in own
        or "__attrs_attrs__" not in own
        or "__attrs_init__" in own
        or any(hasattr(cl, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__"))
    ):
        return False
    fields = attrs.fields(cl)
    if any(f.validator is not None or f.converter is not None for f in fields):
        return False
    markers = {f.name: object() for f in fields}
    try:
        made = cl(**{f.alias: markers[f.name] for f in fields})
    except Exception:  # noqa: BLE001 - an __init__ that refuses markers is not a plain one
        return False
    stored = vars(made)
    return list(stored) == list(markers) and all(stored[k] is v for k, v in markers.items())


def _lean_attrs_hook_factory(conv: cattrs.Converter) -> Callable[[Any], Any]:
    """Structure attrs classes with generated code that skips hook calls for plain values.

    The generated function reads what cattrs' own reads (a required field's key, an
    optional field's key if present, else its default) and builds the same instance from the
    same values, but in one step: one keyword call of the constructor, or, where
    `_init_only_stores_fields` holds, the filled ``__dict__`` handed over without the call
    (``__init__`` was a third of the structuring time of a member). A value that is
    None, already of its exact type (``str | None`` given a str) or a timestamp string costs
    no hook call (see `_field_lines`). On any failure it runs cattrs' generated function
    instead, which raises the detailed error it always raised, so messages do not change.
    Used by the lenient converter only: the strict one also checks for unknown keys.
    """

    def factory(cl: Any) -> Callable[[Any, Any], Any]:
        detailed = conv.gen_structure_attrs_fromdict(cl)
        hints = get_type_hints(cl)
        namespace: dict[str, Any] = {
            "__cl": cl,
            "__detailed": detailed,
            "__missing": _MISSING,
            "__fromiso": datetime.fromisoformat,
            "__utc": UTC,
        }
        lines = ["def structure(o, _=None):", "  try:", "    get = o.get"]
        args = []
        for index, field in enumerate(attrs.fields(cl)):
            tp = hints[field.name]
            convert = _field_lines(index, tp, conv.get_structure_hook(tp), namespace)
            key = repr(field.name)
            if field.default is attrs.NOTHING:
                lines += [f"    a{index} = o[{key}]", *[f"    {line}" for line in convert]]
            elif field.default is None and _is_optional(tp):
                lines += [f"    a{index} = get({key})", *[f"    {line}" for line in convert]]
            else:
                namespace[f"d{index}"] = field.default
                lines += [
                    f"    a{index} = get({key}, __missing)",
                    f"    if a{index} is __missing: a{index} = d{index}",
                    "    else:",
                    *[f"      {line}" for line in convert],
                ]
            args.append(f"{field.alias}=a{index}")
        if _init_only_stores_fields(cl):
            namespace["__new"] = object.__new__
            namespace["__set"] = object.__setattr__
            stored = ", ".join(f"{f.name!r}: a{i}" for i, f in enumerate(attrs.fields(cl)))
            made = [
                f"    made = __new(__cl); __set(made, '__dict__', {{{stored}}})",
                "    return made",
            ]
        else:
            made = [f"    return __cl({', '.join(args)})"]
        lines += [*made, "  except Exception:", "    return __detailed(o, _)"]
        source = compile("\n".join(lines), f"<mighty_async structure {cl.__name__}>", "exec")
        exec(source, namespace)  # noqa: S102 - code generated from the model's own fields
        structure: Callable[[Any, Any], Any] = namespace["structure"]
        return structure

    return factory


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] is not Any  # noqa: PLR2004


def _tuple_hook_factory(conv: cattrs.Converter) -> Callable[[Any], Any]:
    """Structure ``tuple[X, ...]`` from a list with one comprehension over X's hook.

    cattrs' own loop keeps an index and a ``try`` per item to report every failing item;
    this one does the same calls and, on any failure, runs cattrs' loop instead, which
    raises the error it always raised.
    """

    def factory(tp: Any) -> Callable[[Any, Any], Any]:
        inner = get_args(tp)[0]
        hook = conv.get_structure_hook(inner)
        detailed = conv._structure_tuple  # noqa: SLF001 - cattrs' own tuple hook, for errors

        def structure_tuple(value: Any, _: Any) -> Any:
            if value.__class__ is list:
                try:
                    return tuple([hook(item, inner) for item in value])
                except Exception:  # noqa: BLE001, S110 - cattrs' loop below reports it
                    pass
            return detailed(value, tp)

        return structure_tuple

    return factory


def _optional_inner(tp: Any) -> Any:
    return next(arg for arg in get_args(tp) if arg is not NoneType) if _is_optional(tp) else None


def unstructure_datetime(value: datetime) -> str:
    """Write a timestamp as ISO 8601 in UTC ending in ``Z`` (a naive one is taken as UTC).

    A time too close to the ends of the calendar to move to UTC keeps its own offset.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        return value.isoformat()
    return value.replace(tzinfo=None).isoformat() + "Z"


def _has_fixed_fields(cl: Any) -> bool:
    """Whether ``cl`` is an attrs class with ``init=False`` fields (a webhook event's tag).

    cattrs leaves such fields out when unstructuring; JSON out keeps them, since the tag is
    what tells one event from another.
    """
    return attrs.has(cl) and any(not field.init for field in attrs.fields(cl))


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """Build a converter with every hook the models need.

    Args:
        strict: refuse keys the models do not declare. Tests use it to catch spec drift;
            production leaves it off so a new server field never fails a call.
    """
    conv = cattrs.Converter(forbid_extra_keys=strict, prefer_attrib_converters=False)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(datetime, unstructure_datetime)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook_factory(_is_optional, _optional_hook_factory(conv))
    if not strict:
        conv.register_structure_hook_factory(_plain_attrs_class, _lean_attrs_hook_factory(conv))
        conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook_factory(conv))
    conv.register_unstructure_hook(UUID, str)
    conv.register_unstructure_hook_factory(
        _has_fixed_fields,
        lambda cl: make_dict_unstructure_fn(cl, conv, _cattrs_include_init_false=True),
    )
    from .models._hooks import register_model_hooks  # noqa: PLC0415 - models import us

    register_model_hooks(conv)
    return conv


converter = make_converter()


def describe_structure_error(exc: Exception) -> list[str]:
    """Turn a cattrs failure into one readable line per failing field."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return list(cattrs.transform_error(exc, path="$"))
    if isinstance(exc, ForbiddenExtraKeysError):
        return [f"$: unexpected keys {sorted(exc.extra_fields)}"]
    return [f"$: {exc}"]


def structure(
    data: Any,
    model: type[T],
    *,
    conv: cattrs.Converter | None = None,
    response: Any = None,
) -> T:
    """Structure decoded JSON into ``model``, or raise `ResponseValidationError`.

    Every failure the converter can produce is caught here and reported with the failing
    fields, so no bare ``KeyError``/``TypeError`` reaches the caller. That includes whatever
    a hook raises (a ``RecursionError`` on data nested deeper than the stack, a bug in a
    hook): the body is what made it fail, so it is reported as a body that does not fit.
    Only what is not an `Exception` (a cancellation, KeyboardInterrupt) passes through.
    """
    try:
        return (conv or converter).structure(data, model)
    except Exception as exc:  # any failure to structure is about the body
        name = getattr(model, "__name__", None) or str(model)
        raise ResponseValidationError(model=name, errors=_describe(exc), response=response) from exc


def _describe(exc: Exception) -> list[str]:
    """`describe_structure_error`, which must not fail in turn (on deep data it can)."""
    try:
        return describe_structure_error(exc)
    except Exception:  # noqa: BLE001 - the description is best effort, the error is not
        return [f"$: {type(exc).__name__}"]
