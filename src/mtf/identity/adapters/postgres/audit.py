"""The audit history of identity commands: who created or revoked an API key, created a
webhook subscription, asked for a replay, created an operator. One row per command,
written in the command's own transaction; read per subject like the other services'
`/api/v1/audit/{type}/{id}/events`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, Column, Connection, DateTime, Engine, String, Table, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from mtf.identity.adapters.postgres.read_model import metadata

SUBJECT_TYPES = ("api-key", "webhook-subscription", "operator")

identity_audit = Table(
    "identity_audit",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("subject_type", String(40), nullable=False),
    Column("subject_id", PGUUID(as_uuid=True), nullable=False),
    Column("action", String(60), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("details", JSONB, nullable=False),
)


def record(
    conn: Connection,
    subject_type: str,
    subject_id: UUID,
    action: str,
    actor: str,
    details: dict[str, Any] | None = None,
) -> None:
    assert subject_type in SUBJECT_TYPES
    conn.execute(
        identity_audit.insert().values(
            subject_type=subject_type,
            subject_id=subject_id,
            action=action,
            actor=actor[:200],
            details=details or {},
        )
    )


def history(engine: Engine, subject_type: str, subject_id: UUID) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(identity_audit)
            .where(
                identity_audit.c.subject_type == subject_type,
                identity_audit.c.subject_id == subject_id,
            )
            .order_by(identity_audit.c.id)
        ).all()
    return [dict(r._mapping) for r in rows]
