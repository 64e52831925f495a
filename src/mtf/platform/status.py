"""`mtf status`: what an on-call engineer needs at a glance, from the database (so it answers
when the services do not) and from each service's `/health/ready` (which only the process
that met a stuck event can name): every projector's and follower's lag, the webhook outbox,
the PDF archive backlog, the last bill run and daily collections run, the database
connections in use, and what is past its threshold (docs/operations/health.md)."""

from __future__ import annotations

from typing import Any

import httpx
import psycopg

from mtf.kernel.db import make_engine
from mtf.kernel.observability import LAG_WARN_EVENTS, operations, warnings_for
from mtf.kernel.settings import SERVICES, Settings

EVENT_SERVICES = ("catalog", "customer", "contracts", "billing", "collections")


def _exists(conn: psycopg.Connection[Any], table: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
    return bool(row and row[0])


def stream_lags(
    conn: psycopg.Connection[Any], known: dict[str, tuple[list[str], list[str]]] | None = None
) -> dict[str, dict[str, int]]:
    """Every projection's and feed follower's position and lag (events behind the head of
    its log), straight from the tracking tables: feed positions are the source's
    notification ids; a follower is named `<service>.<what><-<source>` (lag -1: the source
    has no events table in this database). `known`: each service's projections and followers
    (from the code), listed at position 0 while they have never applied anything."""
    heads: dict[str, int] = {}
    for service in EVENT_SERVICES:
        if _exists(conn, f'"{service}"."{service}_events"'):
            row = conn.execute(
                f'SELECT coalesce(max(notification_id), 0) FROM "{service}"."{service}_events"'
            ).fetchone()
            heads[service] = int(row[0]) if row else 0
    found: dict[str, dict[str, int]] = {}
    for service, (projections, followers) in (known or {}).items():
        for name in projections:
            found[f"{service}/projection:{name}"] = {"position": 0, "lag": heads.get(service, 0)}
        for name in followers:
            head = heads.get(name.rsplit("<-", 1)[-1])
            found[f"{service}/feed:{name}"] = {"position": 0, "lag": -1 if head is None else head}
    for service in SERVICES:
        if service in heads and _exists(conn, f"{service}.projection_tracking"):
            for name, position in conn.execute(
                f'SELECT projection, position FROM "{service}".projection_tracking ORDER BY 1'
            ):
                found[f"{service}/projection:{name}"] = {
                    "position": int(position),
                    "lag": max(0, heads[service] - int(position)),
                }
        if _exists(conn, f"{service}.feed_tracking"):
            for name, position in conn.execute(
                f'SELECT follower, position FROM "{service}".feed_tracking ORDER BY 1'
            ):
                head = heads.get(str(name).rsplit("<-", 1)[-1])
                found[f"{service}/feed:{name}"] = {
                    "position": int(position),
                    "lag": -1 if head is None else max(0, head - int(position)),
                }
    return found


def known_streams(settings: Settings) -> dict[str, tuple[list[str], list[str]]]:
    """The projections and feed followers each service's code declares."""
    import contextlib
    import importlib

    found: dict[str, tuple[list[str], list[str]]] = {}
    for service in SERVICES:
        module: Any = importlib.import_module(f"mtf.{service}.app")
        projections: list[str] = []
        try:  # some need a secret (customer: MTF_PII_KEY): without it, the tracked ones show
            projectors: list[Any] = getattr(module, "build_projectors", lambda _s: [])(settings)
        except Exception:
            projectors = []
        for projector in projectors:
            projections.append(projector.projection.name)
            with contextlib.suppress(Exception):
                projector.store.close()
            with contextlib.suppress(Exception):
                projector.engine.dispose()
        followers: list[str] = []
        try:  # a follower needs the service's key: without it, only the tracked ones show
            built: list[Any] = getattr(module, "build_followers", lambda _s: [])(settings)
        except Exception:
            built = []
        for follower in built:
            followers.append(follower.name)
            with contextlib.suppress(Exception):
                follower.engine.dispose()
        found[service] = (projections, followers)
    return found


def _ready(settings: Settings, service: str) -> dict[str, Any]:
    try:
        r = httpx.get(settings.service_urls[service] + "/health/ready", timeout=2.0)
    except httpx.HTTPError as exc:
        return {"ready": f"unreachable ({type(exc).__name__})", "stuck": []}
    try:
        body = r.json()
    except ValueError:
        body = {}
    state = body.get("status") or f"status {r.status_code}"
    return {"ready": state, "stuck": body.get("stuck") or []}


def status_report(settings: Settings, *, ask_services: bool = True) -> dict[str, Any]:
    today = settings.clock().today()
    with psycopg.connect(settings.database_url, autocommit=True, connect_timeout=5) as conn:
        streams = stream_lags(conn, known_streams(settings))
    services: dict[str, Any] = {}
    warnings: list[str] = []
    for service in SERVICES:
        engine = make_engine(settings.database_url_for(service), service, pool_size=1)
        try:
            facts = operations(engine, service, today, fresh=True)
        finally:
            engine.dispose()
        entry: dict[str, Any] = (
            _ready(settings, service) if ask_services else {"ready": "not asked", "stuck": []}
        )
        entry["operations"] = facts
        services[service] = entry
        # connections are the same database for all: warned once, by the first service
        own = {k: v for k, v in facts.items() if k != "database" or service == SERVICES[0]}
        warnings += [f"{service}: {w}" for w in warnings_for(own, {})]
        if entry["ready"] not in ("ok", "degraded", "not asked"):
            warnings.append(f"{service}: {entry['ready']}")
        for s in entry["stuck"]:
            warnings.append(
                f"{service}: {s['kind']} {s['name']} stuck at event {s['event_id']} "
                f"({s['event_type']}: {s['error_type']}) since {s['since']}"
            )
    for name, s in streams.items():
        if s["lag"] > LAG_WARN_EVENTS:
            warnings.append(f"{name} is {s['lag']} events behind")
    return {
        "status": "ok" if not warnings else "attention",
        "today": today.isoformat(),
        "services": services,
        "streams": streams,
        "warnings": warnings,
    }


def render(report: dict[str, Any]) -> str:
    """The report as an on-call engineer reads it."""
    out: list[str] = [f"status: {report['status']} (business date {report['today']})", ""]
    for service, entry in report["services"].items():
        out.append(f"{service:<12} {entry['ready']}")
        facts = entry["operations"]
        if hooks := facts.get("webhooks"):
            oldest = hooks["oldest_pending_seconds"]
            out.append(
                f"  webhooks: {hooks['pending']} waiting"
                + (f" (oldest {oldest:.0f} s)" if oldest is not None else "")
                + f", {hooks['failed']} given up"
            )
        if pdfs := facts.get("pdf_archive"):
            oldest = pdfs["oldest_pending_seconds"]
            out.append(
                f"  PDF archive: {pdfs['backlog']} to render"
                + (f" (oldest {oldest:.0f} s)" if oldest is not None else "")
            )
        if runs := facts.get("bill_runs"):
            last = runs["last"]
            out.append(
                "  last bill run: none"
                if last is None
                else f"  last bill run: {last['period']} {last['status']}, "
                f"{last['clients_done']}/{last['clients_total']} clients "
                f"({last['clients_failed']} in error), started {last['started_at']}"
                + (f", completed {last['completed_at']}" if last["completed_at"] else "")
                + f"; open runs: {runs['open']}"
            )
        if daily := facts.get("collections_run"):
            last = daily["last"]
            out.append(
                "  last daily collections run: none"
                if last is None
                else f"  last daily collections run: for {last['as_of']} "
                f"({last['days_ago']} day(s) ago), {last['passes']} pass(es)"
            )
    db = next(iter(report["services"].values()))["operations"].get("database")
    if db:
        out.append(f"database connections: {db['connections']} of {db['max_connections']}")
    out.append("")
    out.append("projectors and followers (position, events behind):")
    for name, s in report["streams"].items():
        lag = "unknown" if s["lag"] < 0 else str(s["lag"])
        out.append(f"  {name:<52} {s['position']:>10}  {lag}")
    if report["warnings"]:
        out.append("")
        out.append("needs attention:")
        out += [f"  - {w}" for w in report["warnings"]]
    return "\n".join(out)
