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


# --- what else an on-call engineer needs to see (for /health/ready, /metrics, `mtf status`) --
#
# Each service reports the facts of its own schema only: identity its webhook outbox, billing
# its PDF archive and bill runs, collections its daily runs; every service the database
# connections in use. A fact past its threshold is a warning (named in /health/ready and by
# `mtf status`; the alert rules in docs/operations/alerts.yml use the same thresholds).

WEBHOOK_PENDING_WARN_SECONDS = 15 * 60
PDF_PENDING_WARN_SECONDS = 15 * 60
LAG_WARN_EVENTS = 1000
CONNECTIONS_WARN_SHARE = 0.8


OPERATIONS_TTL_SECONDS = 5.0  # /health/ready and /metrics share one reading for this long
_operations_cache: dict[tuple[str, str, Any], tuple[float, dict[str, Any]]] = {}


def operations(
    engine: Engine, service: str, today: Any = None, *, fresh: bool = False
) -> dict[str, Any]:
    """The service's operational facts, read from its own tables (at most every few seconds:
    the PDF backlog is an anti-join over the invoices, polled by every banner and scrape);
    `fresh`: read now, and leave the shared reading alone (`mtf status`)."""
    import time

    if fresh:
        return _read_operations(engine, service, today)
    key = (database_key(engine), service, today)
    with _lock:
        cached = _operations_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < OPERATIONS_TTL_SECONDS:
        return cached[1]
    facts = _read_operations(engine, service, today)
    with _lock:
        _operations_cache[key] = (time.monotonic(), facts)
    return facts


def _read_operations(engine: Engine, service: str, today: Any) -> dict[str, Any]:
    from datetime import date

    facts: dict[str, Any] = {}
    with engine.connect() as conn:
        if service == "identity" and _table_exists(conn, "webhook_events"):
            row = conn.execute(
                text(
                    "SELECT count(*) FILTER (WHERE status = 'pending'), "
                    "count(*) FILTER (WHERE status = 'failed'), "
                    "extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending'))"
                    " FROM webhook_events"
                )
            ).one()
            facts["webhooks"] = {
                "pending": int(row[0]),
                "failed": int(row[1]),
                "oldest_pending_seconds": None if row[2] is None else round(float(row[2]), 1),
            }
        if service == "billing" and _table_exists(conn, "invoice_documents"):
            row = conn.execute(
                text(
                    "SELECT count(*), extract(epoch FROM now() - min(i.created_at)) "
                    "FROM invoices i LEFT JOIN invoice_documents d ON d.invoice_id = i.id "
                    "WHERE d.invoice_id IS NULL"
                )
            ).one()
            facts["pdf_archive"] = {
                "backlog": int(row[0]),
                "oldest_pending_seconds": None if row[1] is None else round(float(row[1]), 1),
            }
        if service == "billing" and _table_exists(conn, "bill_runs"):
            last = conn.execute(
                text(
                    "SELECT r.id, r.period, r.status, r.created_at, r.completed_at, "
                    "(SELECT count(*) FROM bill_run_items b WHERE b.run_id = r.id), "
                    "(SELECT count(*) FROM bill_run_items b WHERE b.run_id = r.id "
                    " AND b.status <> 'pending'), "
                    "(SELECT count(*) FROM bill_run_items b WHERE b.run_id = r.id "
                    " AND b.status = 'error') "
                    "FROM bill_runs r ORDER BY r.created_at DESC LIMIT 1"
                )
            ).first()
            open_runs = conn.execute(
                text("SELECT count(*) FROM bill_runs WHERE status IN ('planning', 'running')")
            ).scalar_one()
            facts["bill_runs"] = {
                "open": int(open_runs),
                "last": None
                if last is None
                else {
                    "id": str(last[0]),
                    "period": last[1],
                    "status": last[2],
                    "started_at": last[3].isoformat(),
                    "completed_at": last[4].isoformat() if last[4] else None,
                    "clients_total": int(last[5]),
                    "clients_done": int(last[6]),
                    "clients_failed": int(last[7]),
                },
            }
        if service == "collections" and _table_exists(conn, "collections_runs"):
            last = conn.execute(
                text(
                    "SELECT as_of, updated_at, passes FROM collections_runs "
                    "ORDER BY as_of DESC LIMIT 1"
                )
            ).first()
            facts["collections_run"] = {
                "last": None
                if last is None
                else {
                    "as_of": last[0].isoformat(),
                    "updated_at": last[1].isoformat() if last[1] else None,
                    "passes": last[2],
                    "days_ago": (today - last[0]).days if isinstance(today, date) else None,
                }
            }
        row = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()),"
                " current_setting('max_connections')::int"
            )
        ).one()
        facts["database"] = {"connections": int(row[0]), "max_connections": int(row[1])}
    return facts


def warnings_for(facts: dict[str, Any], lag: dict[str, int]) -> list[str]:
    """What is past its threshold, in words an on-call engineer acts on."""
    found: list[str] = []
    hooks = facts.get("webhooks")
    if hooks and (hooks["oldest_pending_seconds"] or 0) > WEBHOOK_PENDING_WARN_SECONDS:
        found.append(
            f"webhook deliveries waiting: {hooks['pending']}, the oldest for "
            f"{hooks['oldest_pending_seconds']:.0f} s"
        )
    if hooks and hooks["failed"]:
        found.append(f"webhook deliveries given up: {hooks['failed']}")
    pdfs = facts.get("pdf_archive")
    if pdfs and (pdfs["oldest_pending_seconds"] or 0) > PDF_PENDING_WARN_SECONDS:
        found.append(
            f"invoice PDFs not archived: {pdfs['backlog']}, the oldest for "
            f"{pdfs['oldest_pending_seconds']:.0f} s (is the worker running?)"
        )
    runs = (facts.get("bill_runs") or {}).get("last")
    if runs and runs["status"] == "failed":
        found.append(f"the last bill run ({runs['period']}) failed")
    if runs and runs["clients_failed"]:
        found.append(
            f"the last bill run ({runs['period']}): {runs['clients_failed']} client(s) in error"
        )
    daily = (facts.get("collections_run") or {}).get("last")
    if daily and daily["days_ago"] is not None and daily["days_ago"] > 1:
        found.append(f"the daily collections run last ran for {daily['as_of']}")
    db = facts.get("database")
    if db and db["connections"] > CONNECTIONS_WARN_SHARE * db["max_connections"]:
        found.append(f"database connections: {db['connections']} of {db['max_connections']}")
    for name, behind in sorted(lag.items()):
        if behind > LAG_WARN_EVENTS:
            found.append(f"{name} is {behind} events behind")
    return found


def operations_metrics(service: str, facts: dict[str, Any]) -> bytes:
    """Prometheus text of `operations` (only the facts this service owns)."""
    from datetime import datetime as _dt

    lines: list[str] = []

    def gauge(name: str, help_: str, value: float | None, **labels: str) -> None:
        lines.append(f"# HELP {name} {help_}")
        lines.append(f"# TYPE {name} gauge")
        if value is not None:
            all_labels = {"service": service, **labels}
            rendered = ",".join(f'{k}="{v}"' for k, v in all_labels.items())
            lines.append(f"{name}{{{rendered}}} {float(value)}")

    def stamp(iso: str | None) -> float | None:
        if iso is None:
            return None
        moment = _dt.fromisoformat(iso)
        if moment.tzinfo is None:  # a date: its midnight UTC
            from datetime import UTC

            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()

    if hooks := facts.get("webhooks"):
        gauge("mtf_webhook_deliveries_pending", "Webhook deliveries waiting", hooks["pending"])
        gauge("mtf_webhook_deliveries_failed", "Webhook deliveries given up", hooks["failed"])
        gauge(
            "mtf_webhook_oldest_pending_seconds",
            "Age of the oldest webhook delivery waiting (0 when none)",
            hooks["oldest_pending_seconds"] or 0,
        )
    if pdfs := facts.get("pdf_archive"):
        gauge("mtf_pdf_archive_backlog", "Invoices whose PDF is not archived yet", pdfs["backlog"])
        gauge(
            "mtf_pdf_archive_oldest_pending_seconds",
            "Age of the oldest invoice whose PDF is not archived (0 when none)",
            pdfs["oldest_pending_seconds"] or 0,
        )
    if runs := facts.get("bill_runs"):
        last = runs["last"] or {}
        gauge("mtf_bill_runs_open", "Bill runs planning or running", runs["open"])
        gauge(
            "mtf_bill_run_last_started_timestamp_seconds",
            "When the last bill run started (Unix time)",
            stamp(last.get("started_at")),
        )
        gauge(
            "mtf_bill_run_last_completed_timestamp_seconds",
            "When the last bill run completed (Unix time; absent while it runs)",
            stamp(last.get("completed_at")),
        )
        gauge(
            "mtf_bill_run_last_failed_clients",
            "Clients in error in the last bill run",
            last.get("clients_failed"),
        )
    if daily := facts.get("collections_run"):
        last = daily["last"] or {}
        gauge(
            "mtf_collections_run_last_as_of_timestamp_seconds",
            "The business date the last daily collections run was for (Unix time, midnight)",
            stamp(last.get("as_of")),
        )
    if db := facts.get("database"):
        gauge(
            "mtf_db_connections",
            "Connections to the service's database (every process, every service)",
            db["connections"],
        )
        gauge("mtf_db_max_connections", "The server's max_connections", db["max_connections"])
    return ("\n".join(lines) + "\n").encode() if lines else b""
