"""Tracing: OpenTelemetry spans exported over OTLP only when an endpoint is configured.
Without one the API's no-op tracer is used, which costs nothing."""

from __future__ import annotations

from mtf.kernel.logging import get_logger

log = get_logger("mtf.observability")


def configure_tracing(service: str, otlp_endpoint: str) -> bool:
    if not otlp_endpoint:
        return False
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        log.warning("otlp_exporter_missing", hint="pip install 'mt-facturation[otlp]'")
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": f"mtf-{service}"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
    trace.set_tracer_provider(provider)
    return True
