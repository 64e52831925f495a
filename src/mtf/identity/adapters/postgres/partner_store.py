"""Partner data in PostgreSQL, the webhook outbox fed from the services' feeds, and the
dispatcher that delivers it in order."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.dialects.postgresql import insert

from mtf.identity.adapters.postgres.audit import record
from mtf.identity.adapters.postgres.partners import api_keys, webhook_events, webhook_subscriptions
from mtf.identity.adapters.webhook_http import WebhookTargets, error_category, webhook_client
from mtf.identity.application.partners import (
    backoff,
    cloud_event,
    sign,
    webhook_body,
    webhook_type,
)
from mtf.kernel.logging import get_logger

log = get_logger("mtf.webhooks")


def _plain(row: Any) -> dict[str, Any]:
    found = dict(row._mapping)
    found.pop("_total", None)
    return found


class SqlPartnerStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add_key(self, row: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(api_keys).values(**row))
            record(
                conn,
                "api-key",
                row["id"],
                "ApiKeyCreated",
                row["created_by"],
                {"name": row["name"], "prefix": row["prefix"], "scopes": list(row["scopes"])},
            )

    def key_by_prefix(self, prefix: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.prefix == prefix)).first()
        return _plain(row) if row else None

    def keys(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [
                _plain(r)
                for r in conn.execute(select(api_keys).order_by(api_keys.c.created_at.desc()))
            ]

    def revoke_key(self, key_id: UUID, at: datetime, actor: str) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(
                api_keys.update()
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            if done.rowcount:
                record(conn, "api-key", key_id, "ApiKeyRevoked", actor, {"at": at.isoformat()})
        return bool(done.rowcount)

    def touch_key(self, key_id: UUID, at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(api_keys.update().where(api_keys.c.id == key_id).values(last_used_at=at))

    def add_subscription(self, row: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(webhook_subscriptions).values(**row))
            record(
                conn,
                "webhook-subscription",
                row["id"],
                "WebhookSubscriptionCreated",
                row["created_by"],
                {"name": row["name"], "event_types": list(row["event_types"])},
            )

    def subscriptions(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [
                _plain(r)
                for r in conn.execute(
                    select(webhook_subscriptions).order_by(
                        webhook_subscriptions.c.created_at.desc()
                    )
                )
            ]

    def subscription(self, subscription_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(webhook_subscriptions).where(webhook_subscriptions.c.id == subscription_id)
            ).first()
        return _plain(row) if row else None

    def rotate_secret(
        self, subscription_id: UUID, secret: str, overlap_seconds: int, actor: str
    ) -> dict[str, Any] | None:
        """The new secret signs from now on; the one before keeps signing beside it for
        `overlap_seconds` (by the database's clock, the one the dispatcher reads)."""
        with self.engine.begin() as conn:
            row = conn.execute(
                webhook_subscriptions.update()
                .where(webhook_subscriptions.c.id == subscription_id)
                .values(
                    previous_secret=webhook_subscriptions.c.secret,
                    previous_secret_expires_at=func.now() + timedelta(seconds=overlap_seconds),
                    secret=secret,
                )
                .returning(*webhook_subscriptions.c)
            ).first()
            if row is None:
                return None
            record(
                conn,
                "webhook-subscription",
                subscription_id,
                "WebhookSecretRotated",
                actor,
                {
                    "overlap_seconds": overlap_seconds,
                    "previous_secret_expires_at": row.previous_secret_expires_at.isoformat(),
                },
            )
        return _plain(row)

    def replay(self, subscription_id: UUID, from_sequence: int, at: datetime, actor: str) -> int:
        with self.engine.begin() as conn:
            done = conn.execute(
                webhook_events.update()
                .where(
                    webhook_events.c.subscription_id == subscription_id,
                    webhook_events.c.sequence >= from_sequence,
                )
                # due at once by the database's clock, which the dispatcher and the outbox
                # use too (`at`, the caller's clock, may differ from it)
                .values(status="pending", next_attempt_at=func.now(), attempts=0, delivered_at=None)
            )
            record(
                conn,
                "webhook-subscription",
                subscription_id,
                "WebhookReplayRequested",
                actor,
                {"from_sequence": from_sequence, "requeued": int(done.rowcount)},
            )
        return int(done.rowcount)

    def deliveries(
        self, subscription_id: UUID | None, status: str | None, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        conditions = []
        if subscription_id:
            conditions.append(webhook_events.c.subscription_id == subscription_id)
        if status:
            conditions.append(webhook_events.c.status == status)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(webhook_events, func.count().over().label("_total"))
                .where(*conditions)
                .order_by(webhook_events.c.created_at.desc(), webhook_events.c.sequence.desc())
                .limit(limit)
                .offset(offset)
            ).all()
        return [_plain(r) for r in rows], (int(rows[0]._total) if rows else 0)


def outbox_handler(source: str) -> Any:
    """A feed handler: each event that partners subscribed to becomes a numbered delivery
    per subscription, in the same transaction as the feed position (exactly once)."""

    def handle(conn: Connection, event: dict[str, Any]) -> None:
        kind = webhook_type(source, event)
        if kind is None:
            return
        subs = conn.execute(
            select(webhook_subscriptions.c.id, webhook_subscriptions.c.event_types)
            .where(webhook_subscriptions.c.active.is_(True))
            .with_for_update()
        ).all()
        occurred = datetime.fromisoformat(event["timestamp"])
        payload = cloud_event(source, event)
        for sub in subs:
            if "*" not in sub.event_types and kind not in sub.event_types:
                continue
            sequence = conn.execute(
                webhook_subscriptions.update()
                .where(webhook_subscriptions.c.id == sub.id)
                .values(last_sequence=webhook_subscriptions.c.last_sequence + 1)
                .returning(webhook_subscriptions.c.last_sequence)
            ).scalar_one()
            conn.execute(
                insert(webhook_events).values(
                    subscription_id=sub.id,
                    sequence=sequence,
                    id=uuid.uuid4(),
                    event_type=kind,
                    payload=payload,
                    occurred_at=occurred,
                    status="pending",
                    attempts=0,
                    next_attempt_at=func.now(),
                    created_at=func.now(),
                )
            )

    return handle


class WebhookDispatcher:
    """Delivers each subscription's events in sequence order; a failure stops that
    subscription until its backoff has passed (so nothing arrives out of order).

    Each connection goes to an address checked when it is opened (`webhook_http`); the
    signature's timestamp is the wall clock (`now`), since receivers compare it with theirs."""

    # at most this much of a receiver's answer is read (the rest is dropped with the
    # connection): only the status code matters
    MAX_ANSWER_BYTES = 64 * 1024

    def __init__(
        self,
        engine: Engine,
        targets: WebhookTargets | None = None,
        timeout: float = 5.0,
        client: httpx.Client | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.targets = targets or WebhookTargets()
        self.client = client or webhook_client(self.targets, timeout)
        self.now = now

    def deliver_due(self, max_seconds: float = 5.0) -> int:
        delivered = 0
        started = time.monotonic()
        with self.engine.connect() as conn:
            due = conn.execute(
                text(
                    "SELECT DISTINCT subscription_id FROM webhook_events "
                    "WHERE status = 'pending' AND next_attempt_at <= now()"
                )
            ).all()
        for (subscription_id,) in due:
            delivered += self._deliver_subscription(subscription_id, started, max_seconds)
        return delivered

    def _deliver_subscription(
        self, subscription_id: UUID, started: float, max_seconds: float
    ) -> int:
        delivered = 0
        while time.monotonic() - started < max_seconds:
            with self.engine.begin() as conn:
                # one dispatcher per subscription at a time, whatever the number of workers
                sub = conn.execute(
                    text(
                        "SELECT id, url, secret, CASE WHEN previous_secret_expires_at > now() "
                        "THEN previous_secret END AS previous_secret "
                        "FROM webhook_subscriptions WHERE id = :s FOR UPDATE SKIP LOCKED"
                    ),
                    {"s": subscription_id},
                ).first()
                if sub is None:
                    return delivered
                record = conn.execute(
                    select(webhook_events)
                    .where(
                        webhook_events.c.subscription_id == subscription_id,
                        webhook_events.c.status == "pending",
                    )
                    .order_by(webhook_events.c.sequence)
                    .limit(1)
                ).first()
                if record is None or record.next_attempt_at > datetime.now(UTC):
                    return delivered
                ok, status_code, error = self._post(
                    sub.url, sub.secret, record, sub.previous_secret
                )
                attempts = record.attempts + 1
                where = (
                    webhook_events.c.subscription_id == subscription_id,
                    webhook_events.c.sequence == record.sequence,
                )
                if ok:
                    conn.execute(
                        webhook_events.update()
                        .where(*where)
                        .values(
                            status="delivered",
                            attempts=attempts,
                            delivered_at=func.now(),
                            last_status_code=status_code,
                            last_error=None,
                        )
                    )
                    delivered += 1
                    continue
                conn.execute(
                    webhook_events.update()
                    .where(*where)
                    .values(
                        attempts=attempts,
                        next_attempt_at=datetime.now(UTC) + backoff(attempts),
                        last_status_code=status_code,
                        last_error=error,
                    )
                )
                log.info(
                    "webhook_retry_scheduled",
                    subscription=str(subscription_id),
                    sequence=record.sequence,
                    attempts=attempts,
                    error=error,
                )
                return delivered
        return delivered

    def _post(
        self, url: str, secret: str, record: Any, previous_secret: str | None = None
    ) -> tuple[bool, int | None, str | None]:
        if self.targets.url_refused(url):
            return False, None, "address_refused"
        body = webhook_body(dict(record._mapping))
        timestamp = int(self.now())
        headers = {
            # CloudEvents' structured mode (HTTP binding)
            "content-type": "application/cloudevents+json; charset=utf-8",
            "X-MTF-Event": record.event_type,
            "X-MTF-Sequence": str(record.sequence),
            "X-MTF-Delivery": str(record.id),
            "X-MTF-Timestamp": str(timestamp),
            "X-MTF-Signature": sign(secret, timestamp, body),
        }
        if previous_secret:
            # a rotation's overlap window: the old secret's signature too, so a receiver
            # still holding it verifies (docs/api-conventions.md, "Rotating a webhook secret")
            headers["X-MTF-Signature-Previous"] = sign(previous_secret, timestamp, body)
        try:
            with self.client.stream("POST", url, content=body, headers=headers) as response:
                status_code = response.status_code
                read = 0
                for chunk in response.iter_raw():
                    read += len(chunk)
                    if read > self.MAX_ANSWER_BYTES:
                        break
        except Exception as exc:  # any failure is a category, never its text
            return False, None, error_category(exc)
        ok = 200 <= status_code < 300
        return ok, status_code, None if ok else "http_error"
