"""The sandbox as a raw ASGI application: the API's gatekeeping, then the route table.

Every request goes through the same gates as on the real API, in this order: the CDN's
User-Agent check (an HTML 403), injected faults, the bearer token (401 ``unauthorized`` or
``token_expired``), the network in the path (401), the rate limit (429), then the route (404 for
an unknown path or id, 405 for a wrong method). Each request is appended to the requests log
with the status it got.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Final
from urllib.parse import parse_qsl

import attrs

from . import _routes_content, _routes_fields, _routes_people
from ._call import Call, Refusal, Reply, Upload
from ._faults import Fault, Faults, PageQuirks, Sleep
from ._ratelimit import Clock, RateLimiter, retry_after_header
from ._router import Handler, Route, Router
from ._store import Store

__all__ = ["PREFIX", "ASGIApp", "Gate", "RequestRecord", "SandboxApp", "sandbox_router"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PREFIX: Final = "/admin/v1/networks/"

_BLOCKED_PAGE: Final = b"""<!DOCTYPE html>
<html><head><title>Attention Required!</title></head>
<body><h1>Sorry, you have been blocked</h1>
<p>This request was stopped by the site's bot protection: it carried no User-Agent header.</p>
</body></html>
"""


@attrs.frozen(kw_only=True)
class RequestRecord:
    """One request the sandbox received, for tests to assert on.

    Attributes:
        method: the HTTP method.
        path: the full path, ``/admin/v1/networks/1234/members``.
        query: the query string, one value per name.
        status: the status answered, or None when the connection was dropped on purpose.
        route: the operation's path template after the network prefix (``/members/{id}/``),
            or None when no operation matched.
        body: the decoded request body (JSON value, or form fields), None when empty.
        at: when the request arrived, on the sandbox's clock (``sandbox.time`` unless a
            ``clock`` was given), in seconds.
        user_agent: the ``User-Agent`` header sent, or None without one: which client or
            worker process sent it, for tests where several share one sandbox.

    ``at`` and ``user_agent`` say when and from whom, not what was asked and answered, so
    ``==`` leaves them out: an expected record can be written without them.
    """

    method: str
    path: str
    query: dict[str, str]
    status: int | None
    route: str | None = None
    body: Any = None
    at: float | None = attrs.field(default=None, eq=False)
    user_agent: str | None = attrs.field(default=None, eq=False)


@attrs.define
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes = b""
    fault: Fault | None = None


@attrs.define
class Gate:
    """Everything the app consults besides the data: tokens, faults, limits, the log."""

    store: Store
    tokens: dict[str, int]
    revoked: set[str]
    faults: Faults
    limiter: RateLimiter | None
    send_retry_after: bool
    sleep: Sleep
    requests: list[RequestRecord]
    lock: threading.Lock = attrs.field(factory=threading.Lock)
    clock: Clock = time.monotonic
    in_flight: int = 0
    max_in_flight: int = 0

    def enter(self) -> None:
        """Count a request that started being answered."""
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        """Count a request answered, failed or cancelled."""
        with self.lock:
            self.in_flight -= 1


def _json_answer(status: int, body: Any, extra: list[tuple[bytes, bytes]] | None = None) -> _Answer:
    if status == 204:  # noqa: PLR2004
        return _Answer(status, list(extra or []))
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = [(b"content-type", b"application/json; charset=utf-8"), *(extra or [])]
    return _Answer(status, headers, payload)


def _refusal(refusal: Refusal, extra: list[tuple[bytes, bytes]] | None = None) -> _Answer:
    return _json_answer(refusal.status, refusal.body(), extra)


def _decode_body(content_type: str, raw: bytes) -> Any:
    if not raw.strip():
        return None
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "multipart/form-data":
        return _decode_multipart(content_type, raw)
    if kind == "application/x-www-form-urlencoded":
        return dict(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Refusal(400, "the request body is not valid JSON") from None


def _decode_multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw
    )
    if not message.is_multipart():
        raise Refusal(400, "the multipart body could not be read")
    form: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        data = part.get_payload(decode=True)
        data = data if isinstance(data, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            form[name] = Upload(filename, part.get_content_type(), data)
        else:
            form[name] = data.decode("utf-8", errors="replace")
    return form


@attrs.frozen
class _Incoming:
    """A request taken apart: what the gates and the route table need to know."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    network: str | None
    route: Route | None
    params: dict[str, str]
    path_exists: bool
    body: Any
    bad_body: Refusal | None
    origin: str

    @classmethod
    def parse(cls, scope: Scope, raw: bytes, router: Router) -> _Incoming:
        method = str(scope["method"]).upper()
        path = str(scope["path"])
        query_string = scope.get("query_string", b"").decode("latin-1")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        network, subpath = _split(path)
        found, params, path_exists = (
            router.match(method, subpath) if network is not None else (None, {}, False)
        )
        body, bad_body = None, None
        try:
            body = _decode_body(headers.get("content-type", ""), raw)
        except Refusal as refusal:
            bad_body = refusal
        return cls(
            method=method,
            path=path,
            query=dict(parse_qsl(query_string, keep_blank_values=True)),
            headers=headers,
            network=network,
            route=found,
            params=params,
            path_exists=path_exists,
            body=body,
            bad_body=bad_body,
            origin=_origin(scope, headers),
        )


def sandbox_router() -> Router:
    """A fresh route table holding every operation the sandbox answers, owned by the caller."""
    return Router(_routes_content.router, _routes_fields.router, _routes_people.router)


class SandboxApp:
    """The ASGI callable; ``sandbox.app`` is one, and the `Sandbox` itself delegates to it.

    Each app answers from its own `Router` (a fresh `sandbox_router` unless given one), so no
    two apps share a route table.
    """

    def __init__(self, gate: Gate, router: Router | None = None) -> None:
        self._gate = gate
        self._router = router if router is not None else sandbox_router()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        arrived = self._gate.clock()
        self._gate.enter()
        try:
            raw = await _read_body(receive)
            answer, record = await self._answer(scope, raw, arrived)
            self._gate.requests.append(record)
            await self._send(send, answer)
        finally:
            self._gate.leave()

    async def _answer(
        self, scope: Scope, raw: bytes, arrived: float
    ) -> tuple[_Answer, RequestRecord]:
        incoming = _Incoming.parse(scope, raw, self._router)
        answer = await self._respond(incoming)
        dropped = answer.fault is not None and answer.fault.kind == "drop"
        record = RequestRecord(
            method=incoming.method,
            path=incoming.path,
            query=incoming.query,
            status=None if dropped else answer.status,
            route=incoming.route.template if incoming.route else None,
            body=incoming.body,
            at=arrived,
            user_agent=incoming.headers.get("user-agent"),
        )
        return answer, record

    async def _respond(self, incoming: _Incoming) -> _Answer:
        gate = self._gate
        if not incoming.headers.get("user-agent", "").strip():
            return _Answer(403, [(b"content-type", b"text/html; charset=utf-8")], _BLOCKED_PAGE)
        delay = gate.faults.delay()
        if delay:
            await gate.sleep(delay)
        fault = gate.faults.take(
            incoming.method, incoming.route.template if incoming.route else None
        )
        if fault is not None and fault.kind == "fail":
            return _failure(fault)
        if fault is not None and fault.kind == "drop":
            return _Answer(200, [(b"content-type", b"application/json")], fault=fault)
        if fault is not None and fault.kind == "ignore_page":
            incoming = attrs.evolve(incoming, query={**incoming.query, "page": "1"})
        if fault is not None and fault.kind == "raw":
            return _Answer(fault.status, list(fault.headers), fault.body)
        quirks = _page_quirks(gate.faults, incoming)
        if quirks.page is not None:
            incoming = attrs.evolve(incoming, query={**incoming.query, "page": str(quirks.page)})
        try:
            handler, call = self._admit(incoming, quirks)
            with gate.lock:
                reply: Reply = handler(call)
            answer = _json_answer(reply.status, reply.body)
        except _RateLimited as limited:
            answer = _refusal(limited.refusal, limited.headers)
        except Refusal as refusal:
            answer = _refusal(refusal)
        answer.fault = fault
        return answer

    def _admit(self, incoming: _Incoming, quirks: PageQuirks) -> tuple[Handler, Call]:
        """Run the gates in the API's order; the handler and its call, or a refusal."""
        token = self._authenticate(incoming.headers.get("authorization", ""))
        if incoming.network is None:
            raise Refusal(
                404, f"no such path: {incoming.path} (paths start with {PREFIX}{{network_id}})"
            )
        self._check_network(incoming.network)
        self._check_rate(token)
        if incoming.route is None:
            if incoming.path_exists:
                raise Refusal(405, f"{incoming.method} is not allowed on {incoming.path}")
            raise Refusal(404, _no_route(self._router, incoming.method, incoming.path))
        if incoming.bad_body is not None:
            raise incoming.bad_body
        call = Call(
            store=self._gate.store,
            method=incoming.method,
            path=incoming.path,
            route=incoming.route.template,
            params=incoming.params,
            query=incoming.query,
            body=incoming.body,
            caller_id=self._gate.tokens[token],
            origin=incoming.origin,
            shift=quirks.shift,
            next_on_last=quirks.next_on_last,
        )
        return incoming.route.handler, call

    def _authenticate(self, authorization: str) -> str:
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Refusal(401, "Missing or malformed Authorization header", code="unauthorized")
        if token in self._gate.revoked:
            raise Refusal(401, "this API token was revoked", code="token_expired")
        if token not in self._gate.tokens:
            raise Refusal(401, "the API token is not valid", code="unauthorized")
        return token

    def _check_network(self, network: str) -> None:
        store = self._gate.store
        if network not in {str(store.network_id), store.subdomain}:
            raise Refusal(
                401,
                f"this API token does not belong to network {network!r}",
                code="unauthorized",
            )

    def _check_rate(self, token: str) -> None:
        limiter = self._gate.limiter
        if limiter is None:
            return
        wait = limiter.acquire(token)
        if wait is None:
            return
        headers = []
        if self._gate.send_retry_after:
            headers.append((b"retry-after", retry_after_header(wait).encode()))
        raise _RateLimited(
            Refusal(429, f"rate limit exceeded: {limiter.window}", code="rate_limit_exceeded"),
            headers,
        )

    async def _send(self, send: Send, answer: _Answer) -> None:
        fault = answer.fault
        body = answer.body
        status = answer.status
        if fault is not None and fault.kind == "malformed":
            body = _truncate(body)
            status = 200
            answer.headers = [(b"content-type", b"application/json; charset=utf-8")]
        if fault is not None and fault.kind == "drop":
            headers = [*answer.headers, (b"content-length", b"64")]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            return
        headers = [*answer.headers, (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if fault is not None and fault.kind == "slow" and body:
            size = -(-len(body) // fault.chunks)
            for start in range(0, len(body), size):
                await self._gate.sleep(fault.delay)
                await send(
                    {
                        "type": "http.response.body",
                        "body": body[start : start + size],
                        "more_body": True,
                    }
                )
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await send({"type": "http.response.body", "body": body, "more_body": False})


def _page_quirks(faults: Faults, incoming: _Incoming) -> PageQuirks:
    """What the page quirks say about this request, by the page number it asked for."""
    raw = incoming.query.get("page", "").strip()
    page = int(raw) if raw.isdigit() else 1
    route = incoming.route.template if incoming.route else None
    return faults.page_quirks(incoming.method, route, page)


class _RateLimited(Exception):
    def __init__(self, refusal: Refusal, headers: list[tuple[bytes, bytes]]) -> None:
        self.refusal = refusal
        self.headers = headers


def _failure(fault: Fault) -> _Answer:
    refusal = Refusal(
        fault.status,
        fault.message or "injected failure (sandbox fault injection)",
        code=fault.error,
    )
    extra = [(b"retry-after", fault.retry_after.encode())] if fault.retry_after else []
    return _refusal(refusal, extra)


def _truncate(body: bytes) -> bytes:
    if len(body) < 2:  # noqa: PLR2004
        return b'{"items": ['
    return body[: len(body) // 2]


def _split(path: str) -> tuple[str | None, str]:
    if not path.startswith(PREFIX):
        return None, path
    rest = path[len(PREFIX) :]
    network, slash, subpath = rest.partition("/")
    if not network:
        return None, path
    return network, slash + subpath


def _no_route(router: Router, method: str, path: str) -> str:
    hint = ""
    alternative = path[:-1] if path.endswith("/") else path + "/"
    network, subpath = _split(alternative)
    if network is not None and router.match(method, subpath)[0] is not None:
        hint = f"; the API routes this as {alternative} (trailing slashes are exact)"
    return f"no route for {method} {path}{hint}"


def _origin(scope: Scope, headers: dict[str, str]) -> str:
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("sandbox.test", None)
        host = server[0] if server[1] in (None, 80, 443) else f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
