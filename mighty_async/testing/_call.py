"""One request as the sandbox's route handlers see it, and the error answers they raise.

A handler receives a `Call` (path ids, query, decoded body, the caller) and returns a
`Reply`; anything it refuses it raises as a `Refusal`, which the app turns into the API's
error body ``{"error": code, "message": text, "status": n}``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlencode

import attrs

from ._seed import isoformat

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ._store import Record, Store  # noqa: TC004 - import cycle: _store imports this module

__all__ = [
    "DEFAULT_PER_PAGE",
    "MAX_PER_PAGE",
    "Call",
    "Field",
    "Refusal",
    "Reply",
    "Upload",
    "check_choice",
    "check_email",
    "check_timestamp",
]

DEFAULT_PER_PAGE: Final = 25
MAX_PER_PAGE: Final = 100

_CODES: Final = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "unprocessable_entity",
    429: "rate_limit_exceeded",
}


def _phrase_code(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


class Refusal(Exception):
    """An error answer a handler gives instead of a success."""

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        self.status = status
        self.code = code or _CODES.get(status) or _phrase_code(status)
        self.message = message
        super().__init__(f"{status} {self.code}: {message}")

    def body(self) -> dict[str, Any]:
        """The JSON error body, in the shape the API's docs show."""
        return {"error": self.code, "message": self.message, "status": self.status}


@attrs.frozen
class Reply:
    """A success: a status and a JSON body (None for 204)."""

    status: int
    body: Any = None


@attrs.frozen
class Upload:
    """A file part of a multipart body."""

    filename: str
    content_type: str
    data: bytes = attrs.field(repr=False)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(name: str, value: str) -> str:
    """An email address, or a 422 naming the field."""
    if not _EMAIL.match(value.strip()):
        raise Refusal(422, f"{name} is not a valid email address: {value!r}")
    return value.strip()


def check_choice(name: str, value: str, options: Iterable[str]) -> str:
    """One of ``options``, or a 422 listing them."""
    allowed = tuple(options)
    if value not in allowed:
        raise Refusal(422, f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def check_timestamp(name: str, value: str) -> str:
    """An ISO-8601 date-time, normalised to the API's format, or a 422."""
    text = value.strip()
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Refusal(422, f"{name} is not an ISO-8601 date-time: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return isoformat(moment)


@attrs.frozen
class Field:
    """One accepted body field: its JSON type, and whether it must be present."""

    kind: type | tuple[type, ...]
    required: bool = False


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        int: "an integer",
        str: "a string",
        bool: "a boolean",
        list: "a list",
        dict: "an object",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _coerce(name: str, value: Any, field: Field) -> Any:
    kinds = field.kind if isinstance(field.kind, tuple) else (field.kind,)
    if int in kinds and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, bool) and bool not in kinds:
        raise Refusal(422, f"{name} must be {_type_name(field.kind)}")
    if not isinstance(value, kinds):
        raise Refusal(422, f"{name} must be {_type_name(field.kind)}")
    return value


@attrs.define
class Call:
    """The parts of one request a handler needs.

    Attributes:
        store: the sandbox's data.
        method: the HTTP method.
        path: the full request path.
        route: the matched route template, after the network prefix (``/members/{id}/``).
        params: the path parameters of the route, as sent.
        query: the query string, one value per name (the last one wins).
        body: the decoded body: a JSON value, a form as a dict, or None.
        caller_id: the user id behind the token.
        origin: ``scheme://host[:port]`` of the request, for absolute links.
        shift: how many records each page starts earlier (the ``shift_pages`` fault).
        next_on_last: whether the last page keeps ``links.next`` (``next_on_last_page``).
    """

    store: Store
    method: str
    path: str
    route: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    body: Any
    caller_id: int
    origin: str
    shift: int = 0
    next_on_last: bool = False

    def ident(self, name: str) -> int:
        """A path id as an integer; a non-numeric id finds nothing (404)."""
        raw = self.params[name]
        if not raw.isdigit():
            raise Refusal(404, f"{name} {raw!r} not found")
        return int(raw)

    def query_int(self, name: str, *, required: bool = False) -> int | None:
        """An integer query parameter; 400 when malformed or required and missing."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            if required:
                raise Refusal(400, f"the {name} query parameter is required")
            return None
        if not raw.strip().isdigit():
            raise Refusal(400, f"{name} must be a non-negative integer, got {raw!r}")
        return int(raw)

    def query_bool(self, name: str) -> bool | None:
        """A boolean query parameter (``true``/``false``/``1``/``0``); 400 when malformed."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            return None
        lowered = raw.strip().lower()
        if lowered in {"true", "1"}:
            return True
        if lowered in {"false", "0"}:
            return False
        raise Refusal(400, f"{name} must be true or false, got {raw!r}")

    def fields(self, accepted: Mapping[str, Field]) -> dict[str, Any]:
        """The body's known fields, type-checked; 422 for a missing or mistyped one."""
        body = self.body if self.body is not None else {}
        if not isinstance(body, dict):
            raise Refusal(400, "the request body must be a JSON object")
        out: dict[str, Any] = {}
        for name, field in accepted.items():
            if name not in body or body[name] is None:
                if field.required:
                    raise Refusal(422, f"{name} is required")
                continue
            value = _coerce(name, body[name], field)
            if field.required and isinstance(value, str) and not value.strip():
                raise Refusal(422, f"{name} must not be blank")
            out[name] = value
        return out

    def page(self, records: Iterable[Record], render: Callable[[Record], Any]) -> Reply:
        """One page of ``records`` in the ``{items, links: {self, next}}`` envelope.

        ``page`` starts at 1 and ``per_page`` defaults to 25, at most 100; a page past the end
        is empty. ``links.next`` is null on the last page.
        """
        number = self.query_int("page") or 1
        per_page = self.query_int("per_page")
        per_page = DEFAULT_PER_PAGE if per_page is None else per_page
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise Refusal(400, f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")
        everything = list(records)
        start = max(0, (number - 1) * per_page - self.shift)
        items = [render(record) for record in everything[start : start + per_page]]
        last = max(1, math.ceil((len(everything) + self.shift) / per_page))
        more = number < last or self.next_on_last
        links = {
            "self": self._link(number, per_page),
            "next": self._link(number + 1, per_page) if more else None,
        }
        return Reply(200, {"items": items, "links": links})

    def _link(self, number: int, per_page: int) -> str:
        query = {k: v for k, v in self.query.items() if k not in {"page", "per_page"}}
        query.update(page=str(number), per_page=str(per_page))
        return f"{self.origin}{self.path}?{urlencode(query)}"
