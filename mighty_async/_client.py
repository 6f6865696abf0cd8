"""`AsyncMightyClient`: the one way in and out of the Admin API."""

from __future__ import annotations

import platform
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Self, TypeVar
from urllib.parse import quote

import httpx

from ._auth import BearerAuth, TokenProvider
from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    check_timeout,
    environment_proxy,
    resolve_base_url,
    resolve_network_id,
    resolve_token,
)
from ._converter import converter as default_converter
from ._converter import structure
from ._limiter import SharedLimiter
from ._pagination import MAX_PER_PAGE, AsyncPaginator
from ._path import TEMPLATE_EXTENSION, RequestPath, build_path
from ._sansio import UnreadableJSON, decode_error, load_json
from ._transport import (
    ATTEMPTS_EXTENSION,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RETRY_POLICY,
    RETRY_AFTER_EXTENSION,
    ClientStats,
    RateLimitTransport,
    RetryingWrites,
    RetryPolicy,
    retry_writes_extensions,
)
from ._version import __version__
from .errors import (
    ClientClosedError,
    ConfigurationError,
    MightyConnectionError,
    MightyTimeout,
    ResponseValidationError,
)
from .models import Me, Network
from .resources import (
    AbuseReports,
    Assets,
    Badges,
    Collections,
    Comments,
    CustomFields,
    Events,
    Invites,
    Members,
    Plans,
    Polls,
    Posts,
    Purchases,
    Spaces,
    Subscriptions,
    Tags,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from types import TracebackType

    import cattrs

    from ._limiter import Clock, Limiter, RateLimit, Sleep

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "AsyncMightyClient", "default_user_agent"]

T = TypeVar("T")

NO_CONTENT: Final = 204


def default_user_agent() -> str:
    """The User-Agent every request carries unless the caller sets another one."""
    return (
        f"mighty-async/{__version__} "
        f"(python/{platform.python_version()}; httpx/{httpx.__version__})"
    )


class AsyncMightyClient:
    """An async client for one Mighty network.

    ```python
    async with AsyncMightyClient(token, network_id=123) as client:
        me = await client.me()
        async for member in client.members.list():
            ...
    ```

    Args:
        token: an API key, or an async callable returning one (see `BearerAuth`). Falls back
            to ``MIGHTY_API_TOKEN``.
        network_id: the numeric network id or its subdomain. Falls back to
            ``MIGHTY_NETWORK_ID``.
        base_url: the API host. Falls back to ``MIGHTY_BASE_URL``, then
            ``https://api.mn.co``. ``http://`` is allowed for loopback hosts only; a
            ``user:password@`` part or a port outside 1-65535 is refused.
        timeout: seconds, or an `httpx.Timeout` (None: no timeout).
        transport: the *inner* transport (a proxy, a mock, the sandbox). Authentication,
            rate limiting, retries and error decoding still run over it. Without one, the
            client connects directly, or through the proxy the environment names for an
            ``https://`` host (see "Proxies" in the rate limits guide).
        user_agent: replaces the default ``mighty-async/<version> (...)`` User-Agent.
        rate_limit: proactive pacing: a `RateLimit` (default: 100 requests per 60 s, burst
            5, adaptive), any `Limiter`, or None to send as fast as asked.
        retry: what happens after a 429, a 5xx or a network failure (`RetryPolicy`); None
            turns every retry off.
        clock: a monotonic clock for the limiter and the cooldown (tests pass a fake one).
        sleep: the async sleep they use (tests pass a fake one).
        random: uniform draws in ``[0, 1)`` for the jitter (tests pass a seeded one).
        converter: the cattrs converter that reads bodies into models. Tests pass
            ``make_converter(strict=True)`` so a field the models lack fails loudly; the
            default ignores unknown fields.

    See the "Rate limits and retries" guide; `stats` shows what the limiter did.

    One client is meant to be shared by every task of a process: it holds the connection
    pool. It is safe to use from many tasks at once.
    """

    def __init__(
        self,
        token: str | TokenProvider | None = None,
        *,
        network_id: int | str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        user_agent: str | None = None,
        rate_limit: RateLimit | Limiter | None = DEFAULT_RATE_LIMIT,
        retry: RetryPolicy | None = DEFAULT_RETRY_POLICY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        random: Callable[[], float] | None = None,
        converter: cattrs.Converter | None = None,
    ) -> None:
        self._auth = BearerAuth(resolve_token(token))
        self.network_id: int | str = resolve_network_id(network_id)
        self.base_url = resolve_base_url(base_url)
        timeout = check_timeout(timeout)
        self._prefix = f"/admin/v1/networks/{quote(str(self.network_id), safe='')}"
        self._closed = False
        self._transport = RateLimitTransport(
            transport if transport is not None else _default_transport(self.base_url),
            rate_limit=rate_limit,
            retry=retry,
            clock=clock,
            sleep=sleep,
            random=random,
        )
        if isinstance(self._transport.limiter, SharedLimiter):
            self._transport.limiter.bind_network(self.network_id)
        self._converter = converter or default_converter
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=self._auth,
            timeout=timeout,
            transport=self._transport,
            follow_redirects=False,
            headers={
                "User-Agent": user_agent or default_user_agent(),
                "Accept": "application/json",
            },
        )

    def __repr__(self) -> str:
        state = " closed" if self._closed else ""
        return (
            f"<AsyncMightyClient network_id={self.network_id!r} base_url='{self.base_url}'{state}>"
        )

    async def __aenter__(self) -> Self:
        self._ensure_open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop sending and close the connection pool; every later call raises `ClientClosedError`.

        From the moment it starts no request leaves: calls still queued (for the limiter, at
        the cooldown gate, between retries) raise `ClientClosedError` unsent, and calls in
        flight are cancelled and raise it too (their request may have reached the server).
        When it returns, no connection of the pool is left open.
        """
        self._closed = True
        await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        """Whether `aclose` has been called."""
        return self._closed

    @property
    def stats(self) -> ClientStats:
        """What the rate limiter and retries have done so far: counts, waits, current rate."""
        return self._transport.stats

    def retrying_writes(self) -> RetryingWrites:
        """Let POST and PATCH calls in the block be retried like reads (opt-in, per call).

        ```python
        with client.retrying_writes():
            await client.members.update(42, role="moderator")
        ```

        By default a POST or PATCH that may have reached the server (a read timeout, a 502,
        503 or 504) is not retried, so a write is never applied twice. Inside this block it
        is; use it for writes that are safe to repeat. Works as ``async with`` too.
        """
        return RetryingWrites()

    def _ensure_open(self) -> None:
        if self._closed:
            raise ClientClosedError("this AsyncMightyClient is closed; create a new one")

    def path(self, template: str, /, **ids: int | str) -> RequestPath:
        """Build a request path under the network, exactly as the spec writes it.

        ``template`` is the part after ``/admin/v1/networks/{network_id}``, trailing slash
        included (``"/members/{id}/"``); every ``{name}`` is filled from ``ids``. Each id
        must be an ``int`` from 0 to 2**64-1 or a string of ASCII digits: anything else
        (``".."``, ``"1/2"``, ``"7?x=1"``, ``-1``, ``True``, ``1.5``) raises
        `InvalidPathParameter` before anything is sent. The result is a ``str`` that
        remembers ``template``.
        """
        return build_path(self._prefix, template, ids)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Any = None,
        data: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        """Send one request and return a successful response, or raise the matching error."""
        self._ensure_open()
        extensions = retry_writes_extensions()
        if isinstance(path, RequestPath):
            extensions = {**extensions, TEMPLATE_EXTENSION: path.template}
        request = self._http.build_request(
            method,
            path,
            params=_query(params),
            json=json,
            files=files,
            data=data,
            extensions=extensions,
        )
        try:
            response = await self._http.send(request)
        except httpx.TimeoutException as exc:
            raise MightyTimeout(f"{method} {path}: timed out ({type(exc).__name__})") from exc
        except httpx.DecodingError as exc:
            # The bytes arrived but are not what their Content-Encoding says: a broken answer,
            # like a cut connection, whatever its status (which httpx no longer tells us).
            raise MightyConnectionError(
                f"{method} {path}: the answer could not be read, its body does not match its "
                f"Content-Encoding ({exc})"
            ) from exc
        except httpx.RequestError as exc:  # TransportError, and any other failure to complete
            raise MightyConnectionError(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        if response.is_success:
            return response
        raise decode_error(
            response.status_code,
            response.headers,
            response.content,
            response=response,
            retry_after=_number(response.extensions.get(RETRY_AFTER_EXTENSION)),
            attempts=int(_number(response.extensions.get(ATTEMPTS_EXTENSION)) or 1),
        )

    async def _request(
        self,
        method: str,
        path: str,
        model: type[T],
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Any = None,
        data: Mapping[str, Any] | None = None,
    ) -> T:
        """Send a request and structure its JSON body into ``model``."""
        response = await self._send(method, path, params=params, json=json, files=files, data=data)
        return structure(
            _json_body(response, model), model, conv=self._converter, response=response
        )

    async def _request_no_content(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> None:
        """Send a request whose success carries nothing worth returning (most deletes)."""
        await self._send(method, path, params=params, json=json)

    def _paginate(
        self,
        path: str,
        model: type[T],
        *,
        params: Mapping[str, Any] | None = None,
        per_page: int = MAX_PER_PAGE,
        max_items: int | None = None,
        method: str = "GET",
        json: Any = None,
        concurrency: int = 1,
    ) -> AsyncPaginator[T]:
        """Return a paginator over a list endpoint whose items structure into ``model``.

        ``method`` and ``json`` serve the one write that answers a page
        (``PUT /collections/{id}/order``); every list endpoint is a plain GET.
        """

        async def fetch(page_params: Mapping[str, Any]) -> tuple[Any, httpx.Response]:
            response = await self._send(method, path, params=page_params, json=json)
            return _json_body(response, model), response

        def structure_items(items: list[Any], response: httpx.Response) -> tuple[T, ...]:
            return structure(
                items,
                tuple[model, ...],  # type: ignore[valid-type]
                conv=self._converter,
                response=response,
            )

        return AsyncPaginator(
            fetch,
            structure_items,
            params=params,
            per_page=per_page,
            max_items=max_items,
            concurrency=concurrency,
        )

    async def network(self) -> Network:
        """The network the token belongs to (``GET /``)."""
        return await self._request("GET", self.path("/"), Network)

    async def me(self) -> Me:
        """The user behind the token, and their network (``GET /me``)."""
        return await self._request("GET", self.path("/me"), Me)

    @cached_property
    def members(self) -> Members:
        """Network members: list, get, get_by_email, create, update, replace, delete, ..."""
        return Members(self)

    @cached_property
    def spaces(self) -> Spaces:
        """Spaces, with ``.members`` (membership) and ``.courseworks`` (course content)."""
        return Spaces(self)

    @cached_property
    def collections(self) -> Collections:
        """Collections of spaces, including ``reorder``."""
        return Collections(self)

    @cached_property
    def posts(self) -> Posts:
        """Posts and articles, with ``.comments``, ``.reactions``, ``mute``/``unmute``."""
        return Posts(self)

    @cached_property
    def comments(self) -> Comments:
        """Comment reactions (``.reactions``); comments themselves are under ``posts``."""
        return Comments(self)

    @cached_property
    def polls(self) -> Polls:
        """Polls and questions."""
        return Polls(self)

    @cached_property
    def events(self) -> Events:
        """Events, with ``.rsvps``."""
        return Events(self)

    @cached_property
    def plans(self) -> Plans:
        """Plans, with ``.members`` (access) and ``.invites``; ``archive``."""
        return Plans(self)

    @cached_property
    def invites(self) -> Invites:
        """Invitations to the network."""
        return Invites(self)

    @cached_property
    def subscriptions(self) -> Subscriptions:
        """Recurring subscriptions: list, get, cancel."""
        return Subscriptions(self)

    @cached_property
    def purchases(self) -> Purchases:
        """One-time purchases: list, get, revoke."""
        return Purchases(self)

    @cached_property
    def tags(self) -> Tags:
        """The network's tags (a member's tags are ``members.tags``)."""
        return Tags(self)

    @cached_property
    def badges(self) -> Badges:
        """The network's badges (a member's badges are ``members.badges``)."""
        return Badges(self)

    @cached_property
    def custom_fields(self) -> CustomFields:
        """Custom profile fields, with ``.options`` and ``.answers``."""
        return CustomFields(self)

    @cached_property
    def assets(self) -> Assets:
        """File uploads (``upload``)."""
        return Assets(self)

    @cached_property
    def abuse_reports(self) -> AbuseReports:
        """Abuse reports (read-only)."""
        return AbuseReports(self)


def _default_transport(base_url: httpx.URL) -> httpx.AsyncHTTPTransport:
    """The inner transport, through the proxy the environment names, if the rules allow one.

    httpx reads proxy variables only when it builds the transport itself; since the client
    hands it a `RateLimitTransport`, `environment_proxy` decides (loopback: never proxied).
    """
    proxy = environment_proxy(base_url)
    try:
        return httpx.AsyncHTTPTransport(proxy=proxy)
    except ImportError as exc:
        raise ConfigurationError(
            f"the proxy needs an extra httpx dependency: {exc}; pip install 'httpx[socks]'"
        ) from None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _query(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not params:
        return None
    encoded: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, bool):
            encoded[key] = "true" if value else "false"
        elif isinstance(value, list | tuple):
            encoded[key] = [str(v) for v in value]
        else:
            encoded[key] = value
    return encoded


def _json_body(response: httpx.Response, model: object) -> Any:
    try:
        return load_json(response.content)
    except UnreadableJSON as exc:
        name = getattr(model, "__name__", None) or str(model)
        ctype = response.headers.get("content-type", "no content type")
        raise ResponseValidationError(
            model=name,
            errors=[f"$: {exc} ({ctype[:100]}, {len(response.content)} bytes)"],
            response=response,
        ) from None
