"""What every resource shares: a handle on the client, typed request helpers, "not given"."""

from __future__ import annotations

import enum
import functools
import inspect
import re
from datetime import date, datetime
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Final,
    Literal,
    ParamSpec,
    TypeAlias,
    TypedDict,
    TypeVar,
    cast,
)

from .._bulk import BULK_DEFAULTS, BulkOptions
from .._pagination import MAX_PER_PAGE

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine, Iterable, Mapping

    from .._client import AsyncMightyClient
    from .._pagination import AsyncPaginator

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R", bound="Resource")
F = TypeVar("F", bound="Callable[..., Any]")

__all__ = [
    "NOT_GIVEN",
    "PAGE_DEFAULTS",
    "NotGiven",
    "PageOptions",
    "Resource",
    "bulk",
    "comma_list",
    "given",
    "id_list",
    "paged",
    "put_twin",
    "spelled_out",
]


class _NotGivenType(enum.Enum):
    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> Literal[False]:
        return False


NOT_GIVEN: Final = _NotGivenType.NOT_GIVEN
"""The default of every optional API argument: the argument is not sent at all.

It differs from None, which is sent as JSON ``null`` where the API accepts one.
"""

NotGiven: TypeAlias = Literal[_NotGivenType.NOT_GIVEN]


def given(**arguments: Any) -> dict[str, Any]:
    """Keep the arguments the caller actually gave, dropping every `NOT_GIVEN`.

    Dates and datetimes become ISO-8601 strings, the form the API reads in a body and in a
    query string alike.
    """
    return {
        key: value.isoformat() if isinstance(value, date | datetime) else value
        for key, value in arguments.items()
        if value is not NOT_GIVEN
    }


def comma_list(value: str | Iterable[object] | NotGiven) -> str | NotGiven:
    """Join ``["MO", "WE"]`` into ``"MO,WE"``; a string (or `NOT_GIVEN`) passes unchanged."""
    if value is NOT_GIVEN or isinstance(value, str):
        return value
    return ",".join(str(item) for item in value)


def id_list(value: Iterable[int] | NotGiven) -> list[int] | NotGiven:
    """A JSON array of ids from any iterable of ids (tuples, sets, generators)."""
    return value if value is NOT_GIVEN else [int(item) for item in value]


class PageOptions(TypedDict, total=False):
    """How a ``list`` method walks its pages: the keywords every ``list`` takes after its own.

    Declared once here, and by each ``list`` as ``**options: Unpack[PageOptions]``, so mypy and
    editors check and complete them by name; `paged` gives the method the full signature at
    run time (for `inspect.signature` and ``help()``), and the docs render them too.
    """

    per_page: int
    """Items asked for per request, 1 to 100 (default 100, the API's maximum)."""
    max_items: int | None
    """Stop after this many items (default: no bound)."""
    max_pages: int | None
    """Stop after this many requests (default: no bound)."""
    concurrency: int
    """How many pages are fetched at once once the total is known (default 1)."""


PAGE_DEFAULTS: Final[PageOptions] = {
    "per_page": MAX_PER_PAGE,
    "max_items": None,
    "max_pages": None,
    "concurrency": 1,
}
"""What a ``list`` call uses for each `PageOptions` keyword it is not given."""


def spelled_out(options: type, defaults: Mapping[str, object]) -> Callable[[F], F]:
    """A decorator for methods declared with ``**options: Unpack[options]``.

    The method itself is returned, not wrapped (no cost per call): only its ``__signature__``
    changes, with ``**options`` spelled out as the keyword-only parameters of the
    ``TypedDict`` ``options``, each with its default from ``defaults``, so `inspect.signature`
    and ``help()`` show what mypy and editors read from the ``Unpack``.
    """

    def hint(name: str) -> object:
        written = options.__annotations__[name]  # TypedDict wraps it in a ForwardRef
        return getattr(written, "__forward_arg__", written)

    def spell_out(method: F) -> F:
        signature = inspect.signature(method)
        kept = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        spelled = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=value, annotation=hint(name)
            )
            for name, value in defaults.items()
        ]
        method.__signature__ = signature.replace(parameters=[*kept, *spelled])  # type: ignore[attr-defined]
        return method

    return spell_out


paged: Final = spelled_out(PageOptions, PAGE_DEFAULTS)
"""Spell out the `PageOptions` of a ``list`` method declared with ``**options``."""

bulk: Final = spelled_out(BulkOptions, BULK_DEFAULTS)
"""Spell out the `BulkOptions` of a ``*_many`` method declared with ``**options``."""


def _page_settings(options: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(options.keys() - PAGE_DEFAULTS.keys())
    if unknown:
        raise TypeError(f"list() got an unexpected keyword argument {unknown[0]!r}")
    return {**PAGE_DEFAULTS, **options}


class Resource:
    """The base of every resource: a thin layer that knows paths and models, not HTTP.

    A resource method names a path template, the model to read and the ids that fill the
    template (``await self._get("/members/{id}/", Member, id=member_id)``); the helpers build
    the path with `AsyncMightyClient.path`, the one place ids are checked, and send through
    the client. They are the only code here that touches the client's private request API.
    """

    def __init__(self, client: AsyncMightyClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    async def _get(
        self,
        template: str,
        model: type[T],
        /,
        *,
        params: Mapping[str, Any] | None = None,
        **ids: int | str,
    ) -> T:
        """``GET`` the path and read its body as ``model``."""
        return await self._exchange("GET", template, ids, model, params=params)

    async def _post(
        self,
        template: str,
        model: type[T],
        /,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Any = None,
        **ids: int | str,
    ) -> T:
        """``POST`` to the path (a JSON body, or multipart ``files``); read the answer."""
        return await self._exchange(
            "POST", template, ids, model, params=params, json=json, files=files
        )

    async def _patch(
        self,
        template: str,
        model: type[T],
        /,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        **ids: int | str,
    ) -> T:
        """``PATCH`` the path; read the answer as ``model``."""
        return await self._exchange("PATCH", template, ids, model, params=params, json=json)

    async def _put(
        self,
        template: str,
        model: type[T],
        /,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        **ids: int | str,
    ) -> T:
        """``PUT`` the path; read the answer as ``model``."""
        return await self._exchange("PUT", template, ids, model, params=params, json=json)

    async def _delete(
        self,
        template: str,
        /,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        **ids: int | str,
    ) -> None:
        """``DELETE`` the path; whatever the answer holds is not worth returning."""
        await self._exchange_empty("DELETE", template, ids, params=params, json=json)

    async def _call(
        self,
        method: str,
        template: str,
        model: type[T],
        /,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        **ids: int | str,
    ) -> T:
        """Any method, answered with a body read as ``model`` (a DELETE that returns one)."""
        return await self._exchange(method, template, ids, model, params=params, json=json)

    async def _send(
        self,
        method: str,
        template: str,
        /,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        **ids: int | str,
    ) -> None:
        """Any method whose success carries nothing worth returning (a POST that only acts)."""
        await self._exchange_empty(method, template, ids, params=params, json=json)

    async def _exchange(
        self,
        method: str,
        template: str,
        ids: Mapping[str, int | str],
        model: type[T],
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Any = None,
    ) -> T:
        return await self._client._request(  # noqa: SLF001 - the one way in
            method, self._client.path(template, **ids), model, params=params, json=json, files=files
        )

    async def _exchange_empty(
        self,
        method: str,
        template: str,
        ids: Mapping[str, int | str],
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> None:
        await self._client._request_no_content(  # noqa: SLF001 - the one way in
            method, self._client.path(template, **ids), params=params, json=json
        )

    def _paginate(
        self,
        template: str,
        model: type[T],
        /,
        *,
        options: PageOptions,
        params: Mapping[str, Any] | None = None,
        method: str = "GET",
        json: Any = None,
        **ids: int | str,
    ) -> AsyncPaginator[T]:
        """A paginator over the list at the path, each item read as ``model``.

        ``options`` are the `PageOptions` the ``list`` call was given; a keyword they do not
        name is a `TypeError`, as it was when each ``list`` spelled them out.
        """
        return self._client._paginate(  # noqa: SLF001 - the one way in
            self._client.path(template, **ids),
            model,
            params=params,
            method=method,
            json=json,
            **_page_settings(options),
        )


class _SentAsPut:
    """A resource seen by a PUT twin: everything is the resource's, except PATCH sends PUT."""

    __slots__ = ("_resource",)

    def __init__(self, resource: Resource) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Any:
        return getattr(self._resource, name)

    async def _patch(
        self,
        template: str,
        model: type[T],
        /,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        **ids: int | str,
    ) -> T:
        put = self._resource._put  # noqa: SLF001 - the view stands in for this very resource
        return await put(template, model, params=params, json=json, **ids)


_PATCH_IN_DOC = re.compile(r"``PATCH ([^`]+)``")


def put_twin_docstring(update_doc: str | None) -> str:
    """The docstring of a PUT twin, from its ``update``'s (the docs build reads it too)."""
    found = _PATCH_IN_DOC.search(update_doc or "")
    if found is None:  # pragma: no cover - a programming error, caught at import
        raise TypeError(f"no ``PATCH path`` in the docstring {update_doc!r}")
    return f"The same change as `update`, sent as PUT (``PUT {found.group(1)}``)."


def put_twin(
    update: Callable[Concatenate[R, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, T]]:
    """Make ``replace``, the PUT twin of the PATCH method ``update``, from ``update`` itself.

    Declared in a class body as ``replace = put_twin(update)``. The API answers most ``PATCH``
    paths under ``PUT`` too, with the same fields. The twin runs ``update``'s own body (so a
    field is added in one place) with its ``_patch`` sending ``PUT``; it keeps ``update``'s
    signature for mypy (``ParamSpec``) and for `inspect.signature` (``__wrapped__``), and bad
    arguments raise `TypeError` when it is called, as before. Its docstring names the PUT
    path, read from ``update``'s docstring.
    """
    doc = put_twin_docstring(update.__doc__)

    @functools.wraps(update)
    def replace(self: R, /, *args: P.args, **kwargs: P.kwargs) -> Coroutine[Any, Any, T]:
        return update(cast("R", _SentAsPut(self)), *args, **kwargs)

    replace.__name__ = "replace"
    replace.__qualname__ = f"{update.__qualname__.rpartition('.')[0]}.replace"
    replace.__doc__ = doc
    markcoroutinefunction = getattr(inspect, "markcoroutinefunction", None)
    if markcoroutinefunction is not None:  # Python 3.12+: inspect sees a coroutine function
        markcoroutinefunction(replace)
    return replace
