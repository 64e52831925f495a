"""The catalog's read model: `offers` and `offer_versions`, kept by a projection."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from mtf.catalog.application.ports import OfferFilter
from mtf.catalog.domain.offer import Offer
from mtf.kernel.pagination import PageRequest
from mtf.kernel.projection import tracking_table
from mtf.kernel.sql import fetch_page

metadata = MetaData()
tracking = tracking_table(metadata)

offers = Table(
    "offers",
    metadata,
    Column("id", PGUUID(as_uuid=True), primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("service", String(16), nullable=False, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("monthly_fee", Numeric(14, 2), nullable=False),
    Column("commitment_months", Integer, nullable=False),
    Column("components", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

offer_versions = Table(
    "offer_versions",
    metadata,
    Column("offer_id", PGUUID(as_uuid=True), ForeignKey("offers.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("monthly_fee", Numeric(14, 2), nullable=False),
    Column("commitment_months", Integer, nullable=False),
    Column("components", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
)


# the aggregate's nested event classes are made at run time: mypy cannot see them
OfferEvent: Any = Offer


class OfferProjection:
    name = "catalog.offers"
    tables: tuple[str, ...] = ("offer_versions", "offers")

    def apply(self, conn: Connection, event: DomainEventProtocol[UUID]) -> None:
        self._apply(conn, event)

    def _apply(self, conn: Connection, event: Any) -> None:
        at = event.timestamp
        if isinstance(event, OfferEvent.Created):
            conn.execute(
                insert(offers).values(
                    id=event.originator_id,
                    code=event.code,
                    name=event.name,
                    service=event.service,
                    status="draft",
                    version=1,
                    monthly_fee=event.monthly_fee,
                    commitment_months=event.commitment_months,
                    components=event.components,
                    created_at=at,
                    updated_at=at,
                )
            )
            self._version(conn, event, 1)
        elif isinstance(event, OfferEvent.VersionAdded):
            conn.execute(
                offers.update()
                .where(offers.c.id == event.originator_id)
                .values(
                    name=event.name,
                    version=event.version,
                    monthly_fee=event.monthly_fee,
                    commitment_months=event.commitment_months,
                    components=event.components,
                    updated_at=at,
                )
            )
            self._version(conn, event, event.version)
        elif isinstance(event, OfferEvent.Published | OfferEvent.Retired):
            status = "published" if isinstance(event, OfferEvent.Published) else "retired"
            conn.execute(
                offers.update()
                .where(offers.c.id == event.originator_id)
                .values(status=status, updated_at=at)
            )

    @staticmethod
    def _version(conn: Connection, event: Any, version: int) -> None:
        conn.execute(
            insert(offer_versions).values(
                offer_id=event.originator_id,
                version=version,
                name=event.name,
                monthly_fee=event.monthly_fee,
                commitment_months=event.commitment_months,
                components=event.components,
                created_at=event.timestamp,
                actor=event.actor,
            )
        )


def _row(row: Any) -> dict[str, Any]:
    found = dict(row._mapping)
    found.pop("_total", None)
    return found


class SqlOfferViews:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def list(self, filters: OfferFilter, page: PageRequest) -> tuple[list[dict[str, Any]], int]:
        conditions = []
        if filters.service:
            conditions.append(offers.c.service == filters.service)
        if filters.status:
            conditions.append(offers.c.status == filters.status)
        if filters.code:
            conditions.append(offers.c.code == filters.code.strip().upper())
        if filters.q:
            pattern = "%" + filters.q.replace("%", r"\%").replace("_", r"\_") + "%"
            conditions.append(or_(offers.c.code.ilike(pattern), offers.c.name.ilike(pattern)))
        with self.engine.connect() as conn:
            return fetch_page(conn, offers, conditions, page, tiebreak="id")

    def get(self, offer_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(offers).where(offers.c.id == offer_id)).first()
            if row is None:
                return None
            versions = conn.execute(
                select(offer_versions)
                .where(offer_versions.c.offer_id == offer_id)
                .order_by(offer_versions.c.version)
            ).all()
        found = _row(row)
        found["versions"] = [_row(v) for v in versions]
        return found
