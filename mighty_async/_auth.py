"""Bearer authentication as an `httpx.Auth` flow."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Generator

import anyio
import httpx

from ._config import check_token
from ._sansio import parse_json

__all__ = ["BearerAuth", "TokenProvider"]

TokenProvider = Callable[[], Awaitable[str]]
"""An async callable that returns a fresh API token each time it is awaited."""

_EXPIRED_CODE = "token_expired"


def _is_token_expired(response: httpx.Response) -> bool:
    if response.status_code != 401:  # noqa: PLR2004
        return False
    is_json, body = parse_json(response.content)
    return is_json and isinstance(body, dict) and body.get("error") == _EXPIRED_CODE


class BearerAuth(httpx.Auth):
    """Send ``Authorization: Bearer <token>`` on every request.

    The token is either a fixed string or an async provider. A provider is called lazily,
    under a lock so concurrent first requests ask it once, and its answer is cached. After a
    ``401 token_expired`` the provider is asked once more and the request is replayed with the
    new token; if that still fails, the 401 stands and the client raises `TokenExpired`.

    Every character of a token must be visible ASCII (0x21-0x7e; surrounding spaces and line
    breaks are stripped): a fixed token is checked here, a provider's answer when it arrives,
    before any request carries it. Anything else raises `ConfigurationError`, whose message
    never quotes the token.

    The token never appears in ``repr()``.
    """

    requires_response_body = True

    def __init__(self, token: str | TokenProvider) -> None:
        if callable(token):
            self._provider: TokenProvider | None = token
            self._token: str | None = None
        else:
            self._provider = None
            self._token = check_token(token)
        self._lock: anyio.Lock | None = None

    def __repr__(self) -> str:
        source = "provider" if self._provider is not None else "static"
        return f"<BearerAuth {source} token=***>"

    async def _current_token(self, *, stale: str | None = None) -> str:
        if self._provider is None:
            assert self._token is not None  # noqa: S101 - set in __init__ for static tokens
            return self._token
        if self._lock is None:
            self._lock = anyio.Lock()
        async with self._lock:
            if self._token is None or self._token == stale:
                self._token = check_token(
                    await self._provider(), source="the token the provider returned"
                )
            return self._token

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Authenticate ``request``, and replay it once with a fresh token after expiry."""
        token = await self._current_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if self._provider is None or response.status_code != 401:  # noqa: PLR2004
            return
        # httpx reads the body for an auth flow only in `Auth.async_auth_flow`, which this
        # method replaces: read it here, or a 401 off a real socket has no content yet.
        await response.aread()
        if not _is_token_expired(response):
            return
        fresh = await self._current_token(stale=token)
        request.headers["Authorization"] = f"Bearer {fresh}"
        yield request

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        """Refuse synchronous use: this SDK and its token providers are async only."""
        if request.method:
            raise RuntimeError("BearerAuth is for httpx.AsyncClient only")
        yield request  # pragma: no cover - never reached; makes this a generator
