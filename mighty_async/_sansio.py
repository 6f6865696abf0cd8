"""Pure functions: HTTP facts in, decisions and values out, no I/O.

Everything here is a plain function of its arguments so it can be tested with tables:
turning an error answer into an exception, and deciding where a page walk ends.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import attrs

from .errors import (
    APIError,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    RequestBlocked,
    ServerError,
    TokenExpired,
    Unauthorized,
    UnprocessableEntity,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    import httpx

__all__ = [
    "PageBody",
    "decode_error",
    "is_last_page",
    "parse_json",
    "split_page_body",
]

_ERROR_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: UnprocessableEntity,
    429: RateLimited,
}

_BLOCKED_MESSAGE = (
    "the request was blocked before it reached the API (the answer is not JSON); "
    "the usual causes are a missing or unusual User-Agent header or a proxy in between"
)
_MAX_SNIPPET = 200


def parse_json(content: bytes) -> tuple[bool, Any]:
    """Decode a JSON body, saying whether it was JSON at all instead of raising."""
    if not content.strip():
        return False, None
    try:
        return True, json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return False, None


def _reason(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase.lower()
    except ValueError:
        return "unknown status"


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def decode_error(
    status_code: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    response: httpx.Response | None = None,
    retry_after: float | None = None,
) -> APIError:
    """Turn an error answer (status, headers, body) into the matching `APIError`.

    This is the only place an error answer becomes an exception. It accepts every body shape
    the API is known to send: ``{"error", "message", "status"}``, ``{"error"}`` alone, an empty
    body, and non-JSON pages from a CDN, and never raises while doing so.
    """
    is_json, body = parse_json(content)
    code: str | None = None
    message: str | None = None
    if is_json and isinstance(body, dict):
        code = _text(body.get("error"))
        message = _text(body.get("message"))
        if message is None and code is not None and " " in code:
            code, message = None, code
    elif is_json and isinstance(body, str):
        message = _text(body)

    if status_code == 401 and code == "token_expired":  # noqa: PLR2004
        cls: type[APIError] = TokenExpired
    elif status_code == 403 and not is_json and content.strip():  # noqa: PLR2004
        cls = RequestBlocked
        message = _BLOCKED_MESSAGE
    elif status_code >= 500:  # noqa: PLR2004
        cls = ServerError
    else:
        cls = _ERROR_BY_STATUS.get(status_code, APIError)

    if message is None:
        message = _fallback_message(status_code, headers, content, is_json=is_json)
    if cls is RateLimited:
        return RateLimited(
            status_code=status_code,
            code=code,
            message=message,
            response=response,
            retry_after=retry_after,
        )
    return cls(status_code=status_code, code=code, message=message, response=response)


def _fallback_message(
    status_code: int, headers: Mapping[str, str], content: bytes, *, is_json: bool
) -> str:
    reason = _reason(status_code)
    if not content.strip() or is_json:
        return reason
    content_type = headers.get("content-type", "")
    if "html" in content_type.lower() or content.lstrip()[:1] == b"<":
        return f"{reason} (the body is an HTML page, not the API's JSON)"
    snippet = content[:_MAX_SNIPPET].decode("utf-8", errors="replace").strip()
    return f"{reason}: {snippet}"


@attrs.frozen
class PageBody:
    """The parts of one list answer that matter for walking pages.

    Attributes:
        items: the raw (unstructured) records of this page.
        next_link: ``links.next``, or None when absent or null.
        current_page: ``meta.current_page`` of the ``{data, meta}`` variant.
        total_pages: ``meta.total_pages`` of the ``{data, meta}`` variant.
    """

    items: list[Any]
    next_link: str | None = None
    current_page: int | None = None
    total_pages: int | None = None


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def split_page_body(body: Any) -> PageBody | None:
    """Read a list answer in either envelope, or return None when it is neither.

    The documented envelope is ``{"items": [...], "links": {"self", "next"}}``; some endpoints
    answer ``{"data": [...], "meta": {"current_page", "total_pages"}}``.
    """
    if not isinstance(body, dict):
        return None
    items = body.get("items", body.get("data"))
    if not isinstance(items, list):
        return None
    links = body.get("links")
    next_link = links.get("next") if isinstance(links, dict) else None
    meta = body.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    return PageBody(
        items=items,
        next_link=next_link if isinstance(next_link, str) and next_link else None,
        current_page=_int_or_none(meta.get("current_page")),
        total_pages=_int_or_none(meta.get("total_pages")),
    )


def is_last_page(page: PageBody, *, per_page: int) -> bool:
    """Decide whether a page ends the walk, by every rule the API is known to need.

    A page is the last when it is empty, shorter than ``per_page``, says it is the last page
    in ``meta``, or (in the ``links`` envelope) has no ``next`` link.
    """
    if not page.items or len(page.items) < per_page:
        return True
    if page.current_page is not None and page.total_pages is not None:
        return page.current_page >= page.total_pages
    return page.next_link is None
