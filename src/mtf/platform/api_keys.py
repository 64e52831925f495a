"""`mtf api-keys`: the partner API keys for an operator at a shell (docs/operations/
leaked-api-key.md): list them, revoke one (through identity's application layer, audited
with the operator), and list what a key did: the events each service recorded with its
actor (every write through the API is an event naming who made it) and identity's audit
history of the key. Reads are not recorded per request: a key's last use is."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, text

from mtf.identity.adapters.postgres.audit import history
from mtf.identity.adapters.postgres.partner_store import SqlPartnerStore
from mtf.identity.application.partners import Partners
from mtf.kernel.db import make_engine
from mtf.kernel.errors import NotFound
from mtf.kernel.settings import Settings

EVENT_SERVICES = ("catalog", "customer", "contracts", "billing", "collections")


def _identity(settings: Settings) -> Engine:
    return make_engine(settings.database_url_for("identity"), "identity", pool_size=1)


def list_keys(settings: Settings) -> list[dict[str, Any]]:
    engine = _identity(settings)
    try:
        return SqlPartnerStore(engine).keys()
    finally:
        engine.dispose()


def revoke(settings: Settings, key_id: UUID, actor: str) -> dict[str, Any]:
    """Revoke the key (identity's use case: audited); the gateway stops taking it within 5 s
    (it caches a verified key that long). NotFound when no active key has that id."""
    from mtf.identity.app import webhook_targets

    engine = _identity(settings)
    try:
        store = SqlPartnerStore(engine)
        Partners(store, settings.clock(), webhook_targets(settings)).revoke_key(key_id, actor)
        found: list[dict[str, Any]] = store.keys()
        return next(k for k in found if k["id"] == key_id)
    finally:
        engine.dispose()


def actor_of_key(name: str) -> str:
    """How a request made with the key appears in the events (`Principal.actor`)."""
    return f"api_key:{name}"


def activity(
    settings: Settings, key_id: UUID, since: datetime | None = None, limit: int = 50
) -> dict[str, Any]:
    """What the key did: its writes (events with its actor, per service and type, the latest
    `limit` listed: time, service, type, aggregate id; never the events' content), and its
    audit history (created, revoked). Keys sharing its name share its actor: named too."""
    keys = list_keys(settings)
    key = next((k for k in keys if k["id"] == key_id), None)
    if key is None:
        raise NotFound(f"no API key with id {key_id}")
    actor = actor_of_key(key["name"])
    namesakes = [str(k["id"]) for k in keys if k["name"] == key["name"] and k["id"] != key_id]
    counts: dict[str, dict[str, int]] = {}
    latest: list[dict[str, Any]] = []
    for service in EVENT_SERVICES:
        engine = make_engine(settings.database_url_for(service), service, pool_size=1)
        try:
            with engine.connect() as conn:
                table = f'"{service}"."{service}_events"'
                if not conn.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar():
                    continue
                rows = conn.execute(
                    text(
                        "SELECT notification_id, originator_id, topic, "
                        "coalesce(s->'timestamp'->>'_data_', s->>'timestamp') AS at "
                        f"FROM (SELECT *, convert_from(state, 'UTF8')::jsonb AS s FROM {table}) e "
                        "WHERE s->>'actor' = :actor ORDER BY notification_id DESC"
                    ),
                    {"actor": actor},
                ).all()
        finally:
            engine.dispose()
        for row in rows:
            at = datetime.fromisoformat(row.at) if row.at else None
            if since is not None and at is not None and at < since:
                continue
            kind = str(row.topic).rpartition(":")[2]
            counts.setdefault(service, {})
            counts[service][kind] = counts[service].get(kind, 0) + 1
            latest.append(
                {
                    "at": at.isoformat() if at else None,
                    "service": service,
                    "event_type": kind,
                    "aggregate_id": str(row.originator_id),
                }
            )
    latest.sort(key=lambda e: e["at"] or "", reverse=True)
    identity = _identity(settings)
    try:
        audit = [
            {"at": h["at"].isoformat(), "action": h["action"], "actor": h["actor"]}
            for h in history(identity, "api-key", key_id)
        ]
    finally:
        identity.dispose()
    return {
        "key": {
            "id": str(key["id"]),
            "name": key["name"],
            "prefix": key["prefix"],
            "scopes": list(key["scopes"]),
            "created_at": key["created_at"].isoformat(),
            "revoked_at": key["revoked_at"].isoformat() if key["revoked_at"] else None,
            "last_used_at": key["last_used_at"].isoformat() if key["last_used_at"] else None,
        },
        "actor": actor,
        "same_name_keys": namesakes,
        "writes": counts,
        "latest": latest[:limit],
        "audit": audit,
    }
