"""OpenTelemetry (extra: otel): one CLIENT span per SDK request, under the caller's span."""

from __future__ import annotations

import anyio
import httpx
import pytest
from opentelemetry import trace
from opentelemetry.trace import SpanKind, StatusCode

from mighty_async import AsyncMightyClient, MightyConnectionError, NotFound

from .support.fakeserver import answering_in_turn as scripted
from .support.otel import installed_exporter

pytestmark = pytest.mark.anyio


@pytest.fixture
def spans():
    """The in-memory exporter behind the global tracer provider, emptied for each test."""
    exporter = installed_exporter()
    yield exporter
    exporter.clear()


def make_client(transport) -> AsyncMightyClient:
    return AsyncMightyClient("tok", network_id=5, transport=transport, rate_limit=None)


def mighty_spans(exporter):
    return [s for s in exporter.get_finished_spans() if s.name.startswith("mighty ")]


async def test_one_client_span_per_call_with_http_attributes(spans):
    """members.get makes one CLIENT span "mighty members.get" with semantic-convention keys."""
    async with make_client(scripted()) as client:
        await client.members.get(42)
    (span,) = mighty_spans(spans)
    assert span.name == "mighty members.get"
    assert span.kind is SpanKind.CLIENT
    assert dict(span.attributes) == {
        "http.request.method": "GET",
        "server.address": "api.mn.co",
        "server.port": 443,
        "url.full": "https://api.mn.co/admin/v1/networks/5/members/42/",
        "url.scheme": "https",
        "url.template": "/members/{id}/",
        "mighty.operation": "members.get",
        "http.response.status_code": 200,
        "mighty.attempts": 1,
        "mighty.rate_limit.wait": 0.0,
    }
    assert span.status.status_code is StatusCode.UNSET


async def test_the_span_is_a_child_of_the_callers_span(spans):
    """A call made inside the caller's span is recorded as that span's child, same trace."""
    tracer = trace.get_tracer("test")
    async with make_client(scripted()) as client:
        with tracer.start_as_current_span("handler") as parent:
            await client.me()
    (span,) = mighty_spans(spans)
    assert span.parent is not None
    assert span.parent.span_id == parent.get_span_context().span_id
    assert span.context.trace_id == parent.get_span_context().trace_id


async def test_concurrent_calls_nest_under_their_own_callers(spans):
    """Calls from tasks with different current spans each land under their own caller."""
    tracer = trace.get_tracer("test")
    parents: dict[int, int] = {}
    async with make_client(scripted()) as client:

        async def task(n: int) -> None:
            with tracer.start_as_current_span(f"job {n}") as parent:
                parents[n] = parent.get_span_context().span_id
                await client.members.get(n)

        async with anyio.create_task_group() as group:
            for n in range(1, 6):
                group.start_soon(task, n)
    children = {
        int(str(s.attributes["url.full"]).rstrip("/").rsplit("/", 1)[1]): s.parent.span_id
        for s in mighty_spans(spans)
    }
    assert children == parents


async def test_retries_are_events_on_the_span(spans):
    """A 503 then a 200: two attempt events, mighty.attempts 2, one resend."""
    async with make_client(scripted(httpx.Response(503))) as client:
        await client.members.get(1)
    (span,) = mighty_spans(spans)
    assert span.attributes["mighty.attempts"] == 2
    assert span.attributes["http.request.resend_count"] == 1
    events = [e for e in span.events if e.name == "mighty.attempt"]
    assert [
        (e.attributes["mighty.attempt"], e.attributes["mighty.will_retry"]) for e in events
    ] == [
        (1, True),
        (2, False),
    ]
    assert events[0].attributes["http.response.status_code"] == 503


async def test_error_answers_and_failures_mark_the_span(spans):
    """A 404 sets error.type "404"; a refused connection sets its class name; both ERROR."""
    refused = httpx.ConnectError("refused")
    transport = scripted(httpx.Response(404, json={"error": "x"}), refused, refused, refused)
    async with make_client(transport) as client:
        with pytest.raises(NotFound):
            await client.members.get(1)
        with pytest.raises(MightyConnectionError):
            await client.members.get(2)
    first, second = mighty_spans(spans)
    assert first.attributes["error.type"] == "404"
    assert second.attributes["error.type"] == "ConnectError"
    assert "http.response.status_code" not in second.attributes
    assert [e.attributes["error.type"] for e in second.events] == ["connect"] * 3
    assert first.status.status_code is second.status.status_code is StatusCode.ERROR


async def test_query_values_stay_out_of_the_span(spans):
    """get_by_email's email is a query value: url.full carries the path only."""
    async with make_client(scripted()) as client:
        await client.members.get_by_email("private@example.com")
    (span,) = mighty_spans(spans)
    assert span.attributes["url.full"] == "https://api.mn.co/admin/v1/networks/5/members/by_email"
    assert "private@example.com" not in str(span.to_json())


async def test_an_unwrapped_route_is_named_by_its_method(spans):
    """client.request to a path no operation has gives a span named "mighty GET"."""
    async with make_client(scripted()) as client:
        await client.request("GET", "/not/wrapped")
    (span,) = mighty_spans(spans)
    assert span.name == "mighty GET"
    assert "url.template" not in span.attributes
