"""OpenTelemetry spans, when ``opentelemetry-api`` is installed (extra: ``otel``).

One CLIENT span per request the SDK makes (``mighty members.get``), a child of whatever span
is current in the caller, carrying the HTTP client semantic-convention attributes plus
``mighty.attempts`` and ``mighty.rate_limit.wait``; each attempt is an event on it, so
retries are visible. Without the package every function here is a cheap no-op; with the API
but no SDK configured, OpenTelemetry's own non-recording spans cost next to nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import attrs

from ._audit import operation_for, template_for
from ._path import TEMPLATE_EXTENSION
from ._version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator

    import httpx

    from ._transport import Attempt

try:
    from opentelemetry import trace
except ImportError:  # pragma: no cover - the suite runs with the extra installed
    AVAILABLE = False
else:
    AVAILABLE = True

__all__ = ["CallSpan", "call_span", "record_attempt"]

_ERROR_STATUS = 400


@attrs.define(eq=False)
class CallSpan:
    """The span of one request, and what its attempts added up to."""

    span: Any = None
    attempts: int = 0
    waited: float = 0.0

    def add(self, attempt: Attempt) -> None:
        """Count an attempt and record it as a span event."""
        self.attempts += 1
        self.waited += attempt.waited
        if self.span is None:
            return
        facts: dict[str, Any] = {
            "mighty.attempt": attempt.number,
            "mighty.elapsed": attempt.elapsed,
            "mighty.rate_limit.wait": attempt.waited,
            "mighty.will_retry": attempt.will_retry,
        }
        if attempt.status_code is not None:
            facts["http.response.status_code"] = attempt.status_code
        if attempt.failure is not None:
            facts["error.type"] = attempt.failure
        self.span.add_event("mighty.attempt", facts)

    def finish(self, response: httpx.Response | None, error: BaseException | None) -> None:
        """Set the attributes known once the request is over."""
        span = self.span
        if span is None:
            return
        span.set_attribute("mighty.attempts", self.attempts)
        span.set_attribute("mighty.rate_limit.wait", self.waited)
        if self.attempts > 1:
            span.set_attribute("http.request.resend_count", self.attempts - 1)
        if response is not None:
            span.set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= _ERROR_STATUS:
                span.set_attribute("error.type", str(response.status_code))
                span.set_status(trace.Status(trace.StatusCode.ERROR))
        elif error is not None:
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(trace.Status(trace.StatusCode.ERROR))


_CURRENT: ContextVar[CallSpan | None] = ContextVar("mighty_async_call_span", default=None)


@contextmanager
def call_span(request: httpx.Request) -> Iterator[CallSpan]:
    """Run one request inside its span (made current, so the attempts find it).

    Nothing is done while no tracer provider is configured (OpenTelemetry's proxy is the
    global one): the span would not be recorded anyway.
    """
    if not AVAILABLE or isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        yield CallSpan()
        return
    url = request.url
    template = request.extensions.get(TEMPLATE_EXTENSION)
    if not isinstance(template, str):
        template = template_for(url.path, request.method)
    operation = operation_for(request.method, template)
    attributes: dict[str, Any] = {
        "http.request.method": request.method,
        "server.address": url.host,
        "server.port": url.port or (443 if url.scheme == "https" else 80),
        "url.full": str(url.copy_with(query=None, fragment=None)),
        "url.scheme": url.scheme,
    }
    if template is not None:
        attributes["url.template"] = template
    if operation is not None:
        attributes["mighty.operation"] = operation
    tracer = trace.get_tracer("mighty_async", __version__)
    name = f"mighty {operation or request.method}"
    with tracer.start_as_current_span(
        name,
        kind=trace.SpanKind.CLIENT,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        call = CallSpan(span=span)
        token = _CURRENT.set(call)
        try:
            yield call
        finally:
            _CURRENT.reset(token)


def record_attempt(attempt: Attempt) -> None:
    """Add an attempt to the span of the request it belongs to, if one is running."""
    call = _CURRENT.get()
    if call is not None:
        call.add(attempt)
