"""Contracts read models: contracts and provisioning orders, kept by one projection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from sqlalchemy import ColumnElement, Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert

from mtf.contracts.adapters.postgres.tables import contracts, metadata, provisioning_orders
from mtf.contracts.application.ports import ContractFilter
from mtf.contracts.domain.checkout import CurrentLine
from mtf.contracts.domain.contract import Contract, add_months
from mtf.contracts.domain.order import ProvisioningOrder
from mtf.kernel.pagination import PageRequest
from mtf.kernel.sql import fetch_page, insert_many

__all__ = ["ContractsProjection", "SqlContractViews", "metadata"]

ContractEvent: Any = Contract
OrderEvent: Any = ProvisioningOrder


NO_SCHEDULED_CHANGE: dict[str, Any] = {
    "scheduled_action": None,
    "scheduled_date": None,
    "scheduled_reason": None,
    "scheduled_contract_id": None,
}


_CONTRACT_TYPES = {
    "id": "uuid",
    "order_id": "uuid",
    "client_id": "uuid",
    "subscriber_id": "uuid",
    "offer_id": "uuid",
    "offer_version": "int4",
    "offer_code": "text",
    "offer_name": "text",
    "service": "text",
    "status": "text",
    "monthly_fee": "numeric",
    "commitment_months": "int4",
    "start_date": "date",
    "commitment_end": "date",
    "created_at": "timestamptz",
    "updated_at": "timestamptz",
}


class ContractsProjection:
    name = "contracts.views"
    tables: tuple[str, ...] = ("contracts", "provisioning_orders")

    def apply(self, conn: Connection, event: DomainEventProtocol[UUID]) -> None:
        self._apply(conn, event)

    def apply_many(self, conn: Connection, events: list[Any]) -> None:
        """Contracts entered and started in the same batch (an import's, a bill of
        checkouts) as one insert, already active; any other event as `apply`, in order."""
        entered: dict[UUID, dict[str, Any]] = {}
        for e in events:
            if isinstance(e, ContractEvent.Created):
                entered[e.originator_id] = self._created_row(e)
                continue
            if isinstance(e, ContractEvent.Activated) and e.originator_id in entered:
                entered[e.originator_id].update(status="active", updated_at=e.timestamp)
                continue
            if isinstance(e, ContractEvent.Imported):
                continue  # billing's business: the view shows the contract as entered
            self._insert(conn, list(entered.values()))
            entered = {}
            self._apply(conn, e)
        self._insert(conn, list(entered.values()))

    @staticmethod
    def _created_row(e: Any) -> dict[str, Any]:
        return {
            "id": e.originator_id,
            "order_id": e.order_id,
            "client_id": e.client_id,
            "subscriber_id": e.subscriber_id,
            "offer_id": e.offer_id,
            "offer_version": e.offer_version,
            "offer_code": e.offer_code,
            "offer_name": e.offer_name,
            "service": e.service,
            "status": "pending",
            "monthly_fee": e.monthly_fee,
            "commitment_months": e.commitment_months,
            "start_date": e.start_date,
            "commitment_end": add_months(e.start_date, e.commitment_months)
            if e.commitment_months
            else None,
            "created_at": e.timestamp,
            "updated_at": e.timestamp,
        }

    @staticmethod
    def _insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            # one binary COPY (SQLAlchemy compiles a multi-row VALUES in Python)
            insert_many(conn, "contracts", _CONTRACT_TYPES, rows, conflict="(id)")

    def _apply(self, conn: Connection, e: Any) -> None:
        at, cid = e.timestamp, e.originator_id
        if isinstance(e, ContractEvent.Created):
            self._insert(conn, [self._created_row(e)])
        elif isinstance(e, ContractEvent.Activated):
            self._contract(conn, cid, status="active", updated_at=at)
        elif isinstance(e, ContractEvent.Suspended):
            self._contract(conn, cid, status="suspended", status_reason=e.reason, updated_at=at)
            conn.execute(  # a scheduled suspension is done; a scheduled termination stays
                contracts.update()
                .where(contracts.c.id == cid, contracts.c.scheduled_action == "suspend")
                .values(**NO_SCHEDULED_CHANGE)
            )
        elif isinstance(e, ContractEvent.ChangeScheduled):
            self._contract(
                conn,
                cid,
                scheduled_action=e.action,
                scheduled_date=e.effective_date,
                scheduled_reason=e.reason,
                updated_at=at,
            )
        elif isinstance(e, ContractEvent.PlanChangeScheduled):
            self._contract(
                conn,
                cid,
                scheduled_action="plan_change",
                scheduled_date=e.effective_date,
                scheduled_reason=e.reason,
                scheduled_contract_id=e.contract_id,
                updated_at=at,
            )
        elif isinstance(e, ContractEvent.Cancelled):
            self._contract(conn, cid, status="cancelled", status_reason=e.reason, updated_at=at)
        elif isinstance(e, ContractEvent.ScheduledChangeCancelled):
            self._contract(
                conn,
                cid,
                **NO_SCHEDULED_CHANGE,
                updated_at=at,
            )
        elif isinstance(e, ContractEvent.Resumed):
            self._contract(conn, cid, status="active", status_reason=e.reason, updated_at=at)
        elif isinstance(e, ContractEvent.Terminated):
            self._contract(
                conn,
                cid,
                status="terminated",
                status_reason=e.reason,
                end_date=e.effective_date,
                **NO_SCHEDULED_CHANGE,
                updated_at=at,
            )
        elif isinstance(e, ContractEvent.Superseded):
            self._contract(
                conn,
                cid,
                status="superseded",
                status_reason=e.reason,
                end_date=e.effective_date,
                superseded_by=e.by_contract_id,
                **NO_SCHEDULED_CHANGE,
                updated_at=at,
            )
        elif isinstance(e, OrderEvent.Placed):
            conn.execute(
                insert(provisioning_orders)
                .values(
                    id=cid,
                    status="running",
                    offer_id=e.offer_id,
                    effective_date=e.effective_date,
                    created_at=at,
                    updated_at=at,
                )
                .on_conflict_do_nothing(index_elements=[provisioning_orders.c.id])
            )
        elif isinstance(e, OrderEvent.Decided):
            self._order(
                conn,
                cid,
                outcome=e.outcome,
                client_id=e.client_id,
                subscriber_id=e.subscriber_id,
                contract_id=e.contract_id,
                previous_contract_id=e.previous_contract_id,
                updated_at=at,
            )
        elif isinstance(e, OrderEvent.StepCompleted):
            self._order(conn, cid, updated_at=at)
        elif isinstance(e, OrderEvent.Completed):
            self._order(conn, cid, status="completed", updated_at=at)
        elif isinstance(e, OrderEvent.Failed):
            self._order(conn, cid, status="failed", failure_detail=e.detail[:1000], updated_at=at)

    @staticmethod
    def _contract(conn: Connection, contract_id: UUID, **values: Any) -> None:
        conn.execute(contracts.update().where(contracts.c.id == contract_id).values(**values))

    @staticmethod
    def _order(conn: Connection, order_id: UUID, **values: Any) -> None:
        conn.execute(
            provisioning_orders.update()
            .where(provisioning_orders.c.id == order_id)
            .values(**values)
        )


def _plain(row: Any) -> dict[str, Any]:
    found = dict(row._mapping)
    found.pop("_total", None)
    return found


class SqlContractViews:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def page(self, filters: ContractFilter, page: PageRequest) -> tuple[list[dict[str, Any]], int]:
        conditions: list[ColumnElement[bool]] = []
        if filters.client_id:
            conditions.append(contracts.c.client_id == filters.client_id)
        if filters.subscriber_id:
            conditions.append(contracts.c.subscriber_id == filters.subscriber_id)
        if filters.status:
            conditions.append(contracts.c.status == filters.status)
        if filters.service:
            conditions.append(contracts.c.service == filters.service)
        with self.engine.connect() as conn:
            return fetch_page(conn, contracts, conditions, page, tiebreak="id")

    def get(self, contract_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(contracts).where(contracts.c.id == contract_id)).first()
        return _plain(row) if row else None

    def active_lines(self, client_id: UUID, service: str) -> list[CurrentLine]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(contracts)
                .where(
                    contracts.c.client_id == client_id,
                    contracts.c.service == service,
                    contracts.c.status == "active",
                )
                .order_by(contracts.c.start_date)
            ).all()
        return [
            CurrentLine(r.subscriber_id, r.id, r.offer_id, r.offer_code, r.start_date) for r in rows
        ]

    def order(self, order_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(provisioning_orders).where(provisioning_orders.c.id == order_id)
            ).first()
        return _plain(row) if row else None

    def due_scheduled_changes(self, today: date) -> list[UUID]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(contracts.c.id)
                .where(
                    contracts.c.scheduled_date <= today,
                    # a plan change happens when its new contract is activated
                    contracts.c.scheduled_action != "plan_change",
                )
                .order_by(contracts.c.scheduled_date)
                .limit(500)
            ).all()
        return [row.id for row in rows]

    def due_pending_contracts(self, today: date) -> list[UUID]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(contracts.c.id)
                .join(provisioning_orders, provisioning_orders.c.id == contracts.c.order_id)
                .where(
                    contracts.c.status == "pending",
                    contracts.c.start_date <= today,
                    # a running checkout starts its own contract; a failed one never does
                    provisioning_orders.c.status == "completed",
                )
                .order_by(contracts.c.start_date)
                .limit(500)
            ).all()
        return [row.id for row in rows]

    def stalled_orders(self, older_than_seconds: float) -> Iterator[UUID]:
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_seconds)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(provisioning_orders.c.id)
                .where(
                    provisioning_orders.c.status == "running",
                    provisioning_orders.c.updated_at < cutoff,
                )
                .order_by(provisioning_orders.c.updated_at)
                .limit(100)
            ).all()
        for row in rows:
            yield row.id
