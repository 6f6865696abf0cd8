"""One OpenTelemetry SDK tracer provider for the whole suite, exporting to memory.

OpenTelemetry lets a process set its global tracer provider once, so every test module that
looks at spans shares this one (through `installed_exporter`).
"""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

EXPORTER = InMemorySpanExporter()
PROVIDER = TracerProvider()
PROVIDER.add_span_processor(SimpleSpanProcessor(EXPORTER))


def installed_exporter() -> InMemorySpanExporter:
    """The in-memory exporter behind the global provider (installed on first use), emptied."""
    if trace.get_tracer_provider() is not PROVIDER:
        trace.set_tracer_provider(PROVIDER)
    EXPORTER.clear()
    return EXPORTER
