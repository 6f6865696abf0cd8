"""`AsyncMightyClient`: the one way in and out of the Admin API."""

from __future__ import annotations

import logging
import platform
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Self, TypeVar, overload
from urllib.parse import quote, unquote

import attrs
import httpx

from ._auth import BearerAuth, TokenProvider
from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    LOG_ENV,
    check_number,
    check_timeout,
    environment_proxy,
    from_env,
    resolve_base_url,
    resolve_network_id,
    resolve_token,
)
from ._limiter import SharedLimiter
from ._path import TEMPLATE_EXTENSION, RequestPath, build_path
from ._sansio import UnreadableJSON, decode_error, load_json
from ._transport import (
    ATTEMPTS_EXTENSION,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RETRY_POLICY,
    RETRY_AFTER_EXTENSION,
    RETRY_POLICY_EXTENSION,
    Attempt,
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
    Unauthorized,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from types import TracebackType

    import cattrs

    from ._audit import AuditRecord
    from ._limiter import Clock, Limiter, RateLimit, Sleep
    from ._pagination import AsyncPaginator
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

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "AsyncMightyClient", "default_user_agent"]

T = TypeVar("T")

NO_CONTENT: Final = 204
_METHODS: Final = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_UNSET: Any = object()
CHECK_TOKEN_FIRST_DELAY: Final = 0.5
CHECK_TOKEN_MAX_DELAY: Final = 5.0

# The audit trail's logger (`mighty_async._audit.logger`), looked up here so that a client
# whose audit lines nobody listens to never loads the audit module.
_AUDIT_LOGGER: Final = logging.getLogger("mighty_async")


def default_user_agent() -> str:
    """The User-Agent every request carries unless the caller sets another one."""
    return (
        f"mighty-async/{__version__} "
        f"(python/{platform.python_version()}; httpx/{httpx.__version__})"
    )


@attrs.frozen
class _Options:
    """What `AsyncMightyClient.with_options` changed: applied to every request of a client."""

    timeout: Any = httpx.USE_CLIENT_DEFAULT
    headers: tuple[tuple[str, str], ...] = ()
    retry: RetryPolicy | None = None


def checked_request_path(path: object) -> str:
    """Refuse a path for `AsyncMightyClient.request` that could leave the network's routes.

    The path is relative to ``/admin/v1/networks/{network_id}``: it starts with ``/`` and has
    no scheme, host, query, fragment, backslash, whitespace, empty or dot segment (also when
    percent-encoded), and no unfilled ``{placeholder}``.
    """
    if not isinstance(path, str):
        raise ConfigurationError(f"path must be a string, got {type(path).__name__}")
    problem = None
    decoded = unquote(path)
    if not path.startswith("/"):
        problem = "it must start with '/' (it is relative to the network)"
    elif any(ch in "?#\\{}" or ch.isspace() or not ch.isprintable() for ch in decoded):
        problem = "it must not contain '?', '#', '\\', braces, whitespace or control characters"
    elif "//" in decoded or "://" in path:
        problem = "it must not contain an empty segment, a scheme or a host"
    elif any(segment in {".", ".."} for segment in decoded.split("/")):
        problem = "it must not contain '.' or '..' segments"
    if problem is not None:
        raise ConfigurationError(f"invalid request path {path!r}: {problem}")
    return path


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
        on_request: called with an `AuditRecord` for every attempt sent (ship them to a
            SIEM); what it raises is logged and dropped. The same records are logged to
            the ``mighty_async`` logger (see the "Audit trail" guide).

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
        on_request: Callable[[AuditRecord], None] | None = None,
    ) -> None:
        if from_env(LOG_ENV) is not None:
            from ._audit import configure_logging_from_env  # noqa: PLC0415 - only when asked

            configure_logging_from_env()
        if on_request is not None and not callable(on_request):
            raise ConfigurationError(
                f"on_request must be a callable taking an AuditRecord, got {on_request!r}"
            )
        self._auth = BearerAuth(resolve_token(token))
        self.network_id: int | str = resolve_network_id(network_id)
        self.base_url = resolve_base_url(base_url)
        timeout = check_timeout(timeout)
        self._prefix = f"/admin/v1/networks/{quote(str(self.network_id), safe='')}"
        self._closed = False
        self._root = self
        self._options = _Options()
        self._on_request = on_request
        self._transport = RateLimitTransport(
            transport if transport is not None else _default_transport(self.base_url),
            rate_limit=rate_limit,
            retry=retry,
            clock=clock,
            sleep=sleep,
            random=random,
            on_attempt=self._on_attempt,
        )
        self._transport._audited = True  # noqa: SLF001 - its attempts are our audit records
        if isinstance(self._transport.limiter, SharedLimiter):
            self._transport.limiter.bind_network(self.network_id)
        self._converter = converter
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
        state = " closed" if self.is_closed else ""
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

        On a client made by `with_options`, only that client is closed: the pool stays
        open for the client it came from.
        """
        self._closed = True
        if self._root is self:
            await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        """Whether `aclose` has been called (on this client, or the one it came from)."""
        return self._closed or (self._root is not self and self._root.is_closed)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = _UNSET,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = _UNSET,
        max_wait: float | None = None,
    ) -> AsyncMightyClient:
        """A client like this one with some settings changed, for one call or many.

        ```python
        member = await client.with_options(timeout=5).members.get(1)
        ```

        It shares this client's connection pool, rate limiter, 429 cooldown and statistics,
        so it costs no new connection and is cheap enough to make per call.

        Args:
            timeout: replaces the timeout (seconds, an `httpx.Timeout`, or None for none).
            headers: added to every request (on top of any this client already adds).
            retry: replaces the `RetryPolicy`; None turns retries off.
            max_wait: replaces the policy's ``max_wait`` (seconds a call waits out 429s).

        Closing the new client does not close the pool; closing this one closes both.
        """
        self._ensure_open()
        options = self._options
        if timeout is not _UNSET:
            options = attrs.evolve(options, timeout=check_timeout(timeout))
        if headers:
            options = attrs.evolve(options, headers=(*options.headers, *_headers(headers)))
        if retry is not _UNSET:
            if retry is not None and not isinstance(retry, RetryPolicy):
                raise ConfigurationError(
                    f"retry must be a RetryPolicy or None, got {type(retry).__name__}"
                )
            options = attrs.evolve(options, retry=retry or RetryPolicy.disabled())
        if max_wait is not None:
            base = options.retry or self._transport.retry
            options = attrs.evolve(options, retry=attrs.evolve(base, max_wait=max_wait))
        derived = object.__new__(type(self))
        shared = ("_auth", "network_id", "base_url", "_prefix", "_root", "_on_request")
        for name in (*shared, "_transport", "_converter", "_http"):
            setattr(derived, name, getattr(self, name))
        derived._closed = False
        derived._options = options
        return derived

    def _on_attempt(self, attempt: Attempt) -> None:
        from ._otel import record_attempt  # noqa: PLC0415 - loaded by the first request

        record_attempt(attempt)
        status = attempt.status_code
        level = logging.WARNING if status in {401, 403} else logging.INFO
        if self._on_request is None and not _AUDIT_LOGGER.isEnabledFor(level):
            return
        from ._audit import audit_record, log_record  # noqa: PLC0415 - the first record loads it

        wall_time = self._transport._wall_clock()  # noqa: SLF001
        record = audit_record(attempt, wall_time=wall_time)
        log_record(record)
        if self._on_request is not None:
            self._on_request(record)

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
        if self.is_closed:
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
        options = self._options
        extensions: dict[str, Any] = {**retry_writes_extensions()}
        if isinstance(path, RequestPath):
            extensions[TEMPLATE_EXTENSION] = path.template
        if options.retry is not None:
            extensions[RETRY_POLICY_EXTENSION] = options.retry
        request = self._http.build_request(
            method,
            path,
            params=_query(params),
            json=json,
            files=files,
            data=data,
            headers=list(options.headers) or None,
            timeout=options.timeout,
            extensions=extensions,
        )
        from ._otel import call_span  # noqa: PLC0415 - loaded by the first request
        from ._raw import ELAPSED_EXTENSION, capture_response  # noqa: PLC0415 - as above

        clock = self._transport._clock  # noqa: SLF001
        started = clock()
        with call_span(request) as span:
            try:
                response = await self._http.send(request)
            except httpx.TimeoutException as exc:
                span.finish(None, exc)
                raise MightyTimeout(f"{method} {path}: timed out ({type(exc).__name__})") from exc
            except httpx.DecodingError as exc:
                # The bytes arrived but are not what their Content-Encoding says: a broken
                # answer, like a cut connection, whatever its status (httpx no longer tells).
                span.finish(None, exc)
                raise MightyConnectionError(
                    f"{method} {path}: the answer could not be read, its body does not match "
                    f"its Content-Encoding ({exc})"
                ) from exc
            except httpx.RequestError as exc:  # TransportError, and any other failure
                span.finish(None, exc)
                raise MightyConnectionError(
                    f"{method} {path}: {type(exc).__name__}: {exc}"
                ) from exc
            span.finish(response, None)
        response.extensions = {**response.extensions, ELAPSED_EXTENSION: clock() - started}
        if response.is_success:
            capture_response(response)
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
        from ._fastpath import DEFER, decode_one  # noqa: PLC0415 - loaded by the first request

        fast = decode_one(response.content, model, self._body_converter())
        if fast is not DEFER:
            return fast  # type: ignore[no-any-return]
        return self._structure(_json_body(response, model), model, response)

    def _body_converter(self) -> cattrs.Converter:
        """The converter given to the client, or the SDK's own, built by the first call."""
        if self._converter is not None:
            return self._converter
        from ._converter import converter  # noqa: PLC0415 - it loads cattrs and the hooks

        return converter

    def _structure(self, data: Any, model: type[T], response: httpx.Response) -> T:
        """`mighty_async._converter.structure` with this client's converter."""
        from ._converter import structure  # noqa: PLC0415 - as in _body_converter

        return structure(data, model, conv=self._body_converter(), response=response)

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
        per_page: int | None = None,
        max_items: int | None = None,
        max_pages: int | None = None,
        method: str = "GET",
        json: Any = None,
        concurrency: int = 1,
    ) -> AsyncPaginator[T]:
        """Return a paginator over a list endpoint whose items structure into ``model``.

        ``method`` and ``json`` serve the one write that answers a page
        (``PUT /collections/{id}/order``); every list endpoint is a plain GET. ``per_page``
        defaults to the API's maximum.
        """
        from ._fastpath import DEFER, DecodedItems, decode_page  # noqa: PLC0415 - first use
        from ._pagination import MAX_PER_PAGE, AsyncPaginator  # noqa: PLC0415 - as above

        async def fetch(page_params: Mapping[str, Any]) -> tuple[Any, httpx.Response]:
            response = await self._send(method, path, params=page_params, json=json)
            fast = decode_page(response.content, model, self._body_converter())
            if fast is not DEFER:
                return fast, response
            return _json_body(response, model), response

        def structure_items(items: list[Any], response: httpx.Response) -> tuple[T, ...]:
            if type(items) is DecodedItems:
                return tuple(items)
            return self._structure(
                items,
                tuple[model, ...],  # type: ignore[valid-type]
                response,
            )

        return AsyncPaginator(
            fetch,
            structure_items,
            params=params,
            per_page=MAX_PER_PAGE if per_page is None else per_page,
            max_items=max_items,
            max_pages=max_pages,
            concurrency=concurrency,
        )

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        model: type[T],
    ) -> T: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        model: None = None,
    ) -> Any: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        model: type[T] | None = None,
    ) -> T | Any:
        """Call an endpoint the SDK does not wrap (yet), the way every resource call goes.

        ```python
        members = await client.request("GET", "/members", params={"per_page": 5})
        me = await client.request("GET", "/me", model=Me)
        ```

        Authentication, the rate limiter, retries (reads only, unless in
        `retrying_writes`), the audit trail and the error tree are the same as for
        ``client.members.get``. ``path`` is relative to the network (``/admin/v1/networks/
        {network_id}``) and checked: `ConfigurationError` for a scheme, host, query (use
        ``params``), dot segment or unfilled ``{placeholder}``.

        Returns:
            the body structured into ``model``; without one, the decoded JSON, or None
            for an empty answer (a 204).
        """
        verb = method.upper() if isinstance(method, str) else method
        if verb not in _METHODS:
            raise ConfigurationError(f"method must be one of {sorted(_METHODS)}, got {method!r}")
        full = self._prefix + checked_request_path(path)
        response = await self._send(verb, full, params=params, json=json)
        if model is None:
            if not response.content.strip():
                return None
            return _json_body(response, "JSON")
        return self._structure(_json_body(response, model), model, response)

    async def check_token(self, *, wait: float = 10.0) -> Me:
        """Check the token with ``GET /me``, waiting up to ``wait`` seconds for a new one.

        A newly created API key "may take a moment to propagate": until it has, the API
        answers 401. This asks ``/me`` again after each 401, backing off from 0.5 s to 5 s,
        until it answers (the `Me` is returned) or ``wait`` seconds have passed (the last
        `Unauthorized` is raised). A 403 is raised at once: waiting does not fix a missing
        permission. ``wait=0`` asks once.
        """
        wait = check_number("wait", wait)
        clock, sleep = self._transport._clock, self._transport._sleep  # noqa: SLF001
        deadline = clock() + wait
        delay = CHECK_TOKEN_FIRST_DELAY
        while True:
            try:
                return await self.me()
            except Unauthorized:
                remaining = deadline - clock()
                if remaining <= 0:
                    raise
            await sleep(min(delay, remaining))
            delay = min(delay * 2, CHECK_TOKEN_MAX_DELAY)

    async def network(self) -> Network:
        """The network the token belongs to (``GET /``)."""
        from .models.network import Network  # noqa: PLC0415 - models load on first use

        return await self._request("GET", self.path("/"), Network)

    async def me(self) -> Me:
        """The user behind the token, and their network (``GET /me``)."""
        from .models.network import Me  # noqa: PLC0415 - models load on first use

        return await self._request("GET", self.path("/me"), Me)

    # Each resource, and its module with the models it returns, is built on first use and
    # kept: a client that only lists members never loads the other areas.

    @cached_property
    def members(self) -> Members:
        """Network members: list, get, get_by_email, create, update, replace, delete, ..."""
        from .resources.members import Members  # noqa: PLC0415 - see above

        return Members(self)

    @cached_property
    def spaces(self) -> Spaces:
        """Spaces, with ``.members`` (membership) and ``.courseworks`` (course content)."""
        from .resources.spaces import Spaces  # noqa: PLC0415 - see above

        return Spaces(self)

    @cached_property
    def collections(self) -> Collections:
        """Collections of spaces, including ``reorder``."""
        from .resources.collections import Collections  # noqa: PLC0415 - see above

        return Collections(self)

    @cached_property
    def posts(self) -> Posts:
        """Posts and articles, with ``.comments``, ``.reactions``, ``mute``/``unmute``."""
        from .resources.posts import Posts  # noqa: PLC0415 - see above

        return Posts(self)

    @cached_property
    def comments(self) -> Comments:
        """Comment reactions (``.reactions``); comments themselves are under ``posts``."""
        from .resources.comments import Comments  # noqa: PLC0415 - see above

        return Comments(self)

    @cached_property
    def polls(self) -> Polls:
        """Polls and questions."""
        from .resources.polls import Polls  # noqa: PLC0415 - see above

        return Polls(self)

    @cached_property
    def events(self) -> Events:
        """Events, with ``.rsvps``."""
        from .resources.events import Events  # noqa: PLC0415 - see above

        return Events(self)

    @cached_property
    def plans(self) -> Plans:
        """Plans, with ``.members`` (access) and ``.invites``; ``archive``."""
        from .resources.plans import Plans  # noqa: PLC0415 - see above

        return Plans(self)

    @cached_property
    def invites(self) -> Invites:
        """Invitations to the network."""
        from .resources.invites import Invites  # noqa: PLC0415 - see above

        return Invites(self)

    @cached_property
    def subscriptions(self) -> Subscriptions:
        """Recurring subscriptions: list, get, cancel."""
        from .resources.subscriptions import Subscriptions  # noqa: PLC0415 - see above

        return Subscriptions(self)

    @cached_property
    def purchases(self) -> Purchases:
        """One-time purchases: list, get, revoke."""
        from .resources.purchases import Purchases  # noqa: PLC0415 - see above

        return Purchases(self)

    @cached_property
    def tags(self) -> Tags:
        """The network's tags (a member's tags are ``members.tags``)."""
        from .resources.tags import Tags  # noqa: PLC0415 - see above

        return Tags(self)

    @cached_property
    def badges(self) -> Badges:
        """The network's badges (a member's badges are ``members.badges``)."""
        from .resources.badges import Badges  # noqa: PLC0415 - see above

        return Badges(self)

    @cached_property
    def custom_fields(self) -> CustomFields:
        """Custom profile fields, with ``.options`` and ``.answers``."""
        from .resources.custom_fields import CustomFields  # noqa: PLC0415 - see above

        return CustomFields(self)

    @cached_property
    def assets(self) -> Assets:
        """File uploads (``upload``)."""
        from .resources.assets import Assets  # noqa: PLC0415 - see above

        return Assets(self)

    @cached_property
    def abuse_reports(self) -> AbuseReports:
        """Abuse reports (read-only)."""
        from .resources.abuse_reports import AbuseReports  # noqa: PLC0415 - see above

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


def _headers(headers: Mapping[str, str]) -> list[tuple[str, str]]:
    items = headers.items() if hasattr(headers, "items") else None
    if items is None:
        raise ConfigurationError(f"headers must be a mapping, got {type(headers).__name__}")
    checked = []
    for name, value in items:
        if not isinstance(name, str) or not isinstance(value, str):
            raise ConfigurationError(f"header names and values must be strings: {name!r}")
        if any(ch in name + value for ch in "\r\n\0") or not name.strip():
            raise ConfigurationError(f"header {name!r} has an empty name or a line break")
        checked.append((name, value))
    return checked


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
