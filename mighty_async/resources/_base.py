"""What every resource shares: a handle on the client, and the "not given" marker."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._client import AsyncMightyClient

__all__ = ["NOT_GIVEN", "NotGiven", "Resource", "comma_list", "given", "id_list"]


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


class Resource:
    """The base of every resource: a thin layer that knows paths and models, not HTTP."""

    def __init__(self, client: AsyncMightyClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
