"""Tracing (OpenTelemetry spans exported over OTLP only when an endpoint is configured;
without one the API's no-op tracer is used, which costs nothing), and the health of the
read models: projector and follower lag, stuck ones (for /health/ready and /metrics)."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

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


# --- read models and feeds: lag, stuck projectors and followers -------------------------------
#
# A projector (the service's own events -> its tables) or a feed follower (another service's
# events -> its tables) that meets an event it cannot apply keeps its last good position and
# remembers the failure here (per process: every process that tries the event learns it).
# `/health/ready` names what is stuck and `/metrics` exports every projector's and follower's
# lag (events behind the head of its log) and a stuck flag, computed from the tracking tables
# at scrape time, so any process of the service answers for all of them.

PROJECTION, FEED = "projection", "feed"


@dataclass(frozen=True)
class StreamFailure:
    kind: str  # PROJECTION or FEED
    name: str
    position: int  # the last event applied (the read model's state is as of it)
    event_id: int  # the event that failed (notification id or feed position)
    event_type: str  # e.g. "Payment.Posted" or "invoice.Issued" (never a payload)
    error_type: str  # the exception's class (its message may carry data)
    since: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "position": self.position,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "error_type": self.error_type,
            "since": self.since.isoformat(),
        }


_lock = threading.Lock()
_failures: dict[tuple[str, str, str], StreamFailure] = {}
_heads: dict[tuple[str, str], int] = {}
_followers: weakref.WeakValueDictionary[tuple[str, str], Any] = weakref.WeakValueDictionary()


def database_key(engine: Engine) -> str:
    """Which database and schema a projector or follower writes to (several services, and
    in tests several databases, share a process)."""
    from mtf.kernel.db import schema_of

    return f"{engine.url.render_as_string(hide_password=True)}#{schema_of(engine)}"


def record_failure(db: str, failure: StreamFailure) -> bool:
    """Remember a failure; True when it is new (so it is logged once, not on every read)."""
    key = (db, failure.kind, failure.name)
    with _lock:
        known = _failures.get(key)
        if known is not None and known.event_id == failure.event_id:
            return False
        _failures[key] = failure
        return True


def clear_failure(db: str, kind: str, name: str) -> None:
    with _lock:
        if _failures.pop((db, kind, name), None) is not None:
            log.info("stream_unstuck", kind=kind, name=name)


def failure_of(db: str, kind: str, name: str) -> StreamFailure | None:
    with _lock:
        return _failures.get((db, kind, name))


def register_follower(db: str, follower: Any) -> None:
    """Followers built in this process: their source's head is learnt from what they poll."""
    _followers[(db, follower.name)] = follower


def record_head(db: str, name: str, head: int) -> None:
    with _lock:
        _heads[(db, name)] = head


@dataclass(frozen=True)
class StreamStatus:
    kind: str
    name: str
    position: int
    head: int | None  # None: the source's head is not known in this process yet
    failure: StreamFailure | None

    @property
    def lag(self) -> int | None:
        return None if self.head is None else max(0, self.head - self.position)


def _table_exists(conn: Connection, table: str) -> bool:
    return bool(conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar())


def stream_statuses(engine: Engine, events_table: str | None) -> list[StreamStatus]:
    """Every projection and feed follower tracked in this service's schema, with its lag."""
    db = database_key(engine)
    found: list[StreamStatus] = []
    with engine.connect() as conn:
        if events_table is not None and _table_exists(conn, "projection_tracking"):
            log_head = int(
                conn.execute(
                    text(f"SELECT coalesce(max(notification_id), 0) FROM {events_table}")
                ).scalar_one()
            )
            for name, position in conn.execute(
                text("SELECT projection, position FROM projection_tracking ORDER BY projection")
            ).all():
                failure = failure_of(db, PROJECTION, name)
                if failure is not None and position > failure.position:
                    clear_failure(db, PROJECTION, name)  # another process got past it
                    failure = None
                found.append(StreamStatus(PROJECTION, name, int(position), log_head, failure))
        if _table_exists(conn, "feed_tracking"):
            rows = conn.execute(
                text("SELECT follower, position FROM feed_tracking ORDER BY follower")
            ).all()
        else:
            rows = []
    pairs: list[tuple[str, int]] = [(str(name), int(position)) for name, position in rows]
    tracked = {name for name, _ in pairs}
    with _lock:
        known = sorted(name for (where, name) in list(_followers) if where == db)
    # a follower built here that never applied anything has no tracking row yet: position 0
    pairs += [(name, 0) for name in known if name not in tracked]
    for name, position in pairs:
        failure = failure_of(db, FEED, name)
        if failure is not None and position > failure.position:
            clear_failure(db, FEED, name)
            failure = None
        with _lock:
            head: int | None = _heads.get((db, name))
        follower = _followers.get((db, name))
        if head is None and follower is not None:
            try:
                head = follower.source_head()
            except Exception as exc:  # the source does not answer: lag unknown for now
                log.debug("feed_head_unknown", follower=name, error_type=type(exc).__name__)
        found.append(StreamStatus(FEED, name, int(position), head, failure))
    return found


def stream_metrics(service: str, statuses: list[StreamStatus]) -> bytes:
    """Prometheus text: lag and stuck flag of every projector and follower."""
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.core import GaugeMetricFamily
    from prometheus_client.registry import Collector

    class Streams(Collector):
        def collect(self) -> Any:
            for kind, label in ((PROJECTION, "projector"), (FEED, "follower")):
                lag = GaugeMetricFamily(
                    f"mtf_{label}_lag_events",
                    f"Events the {label} is behind the head of its log",
                    labels=["service", label],
                )
                stuck = GaugeMetricFamily(
                    f"mtf_{label}_stuck",
                    f"1 while the {label} is stuck on an event it cannot apply",
                    labels=["service", label],
                )
                position = GaugeMetricFamily(
                    f"mtf_{label}_position",
                    f"Last event applied by the {label}",
                    labels=["service", label],
                )
                for s in statuses:
                    if s.kind != kind:
                        continue
                    if s.lag is not None:
                        lag.add_metric([service, s.name], s.lag)
                    stuck.add_metric([service, s.name], 1 if s.failure else 0)
                    position.add_metric([service, s.name], s.position)
                yield lag
                yield stuck
                yield position

    registry = CollectorRegistry(auto_describe=False)
    registry.register(Streams())
    return bytes(generate_latest(registry))
