"""A planted token never leaks into reprs, error texts, logs, audit records, spans or tracebacks."""

from __future__ import annotations

import logging
import traceback

import httpx
import pytest

from mighty_async import AsyncMightyClient, MightyError, token_fingerprint

from .otel_support import installed_exporter

pytestmark = pytest.mark.anyio

CANARY = "mn_CANARY-7f3a9c1e5b"


def answers():
    """One handler per failure mode a call can meet."""

    def status(code: int, **kwargs: object):
        return lambda request: httpx.Response(code, **kwargs)

    def echo_auth(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"error": "bad", "message": "see headers"}, headers={"x-echo": "nope"}
        )

    def connect(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    return {
        "401": status(401, json={"error": "unauthorized", "message": "Invalid token"}),
        "expired": status(401, json={"error": "token_expired", "message": "revoked"}),
        "403-html": status(
            403, content=b"<html>blocked</html>", headers={"content-type": "text/html"}
        ),
        "429": status(429, headers={"Retry-After": "1000"}),
        "500": status(500, content=b"oops"),
        "400": echo_auth,
        "bad-json": status(200, content=b"{"),
        "bad-shape": status(200, json={"id": "not-a-number"}),
        "connect": connect,
        "timeout": timeout,
    }


@pytest.mark.parametrize("mode", sorted(answers()))
async def test_token_never_leaks(mode, caplog):
    """Whatever fails, the token is absent from reprs, messages, logs and the traceback."""
    caplog.set_level(logging.DEBUG)
    spans = installed_exporter()
    records = []
    transport = httpx.MockTransport(answers()[mode])
    client = AsyncMightyClient(CANARY, network_id=1, transport=transport, on_request=records.append)
    async with client:
        with pytest.raises(MightyError) as info:
            await client.network()
    err = info.value
    finished = spans.get_finished_spans()
    assert records
    assert finished
    assert {r.token_fingerprint for r in records} == {token_fingerprint(CANARY)}
    texts = [
        repr(client),
        repr(client._auth),
        str(err),
        repr(err),
        "".join(traceback.format_exception(err)),
        caplog.text,
        *(str(record.args) for record in caplog.records),
        *(repr(record.__dict__) for record in caplog.records),
        *(repr(record) for record in records),
        *(span.to_json() for span in finished),
    ]
    if err.__cause__ is not None:
        texts += [str(err.__cause__), repr(err.__cause__)]
    response = getattr(err, "response", None)
    if response is not None:
        texts += [repr(response), repr(response.request), repr(response.request.headers)]
    leaks = [text for text in texts if CANARY in text]
    assert leaks == []
    assert caplog.records
