"""Customer read models: clients (names for search, sealed contact data), subscribers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    String,
    cast,
    false,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert

from mtf.contracts.published import CONTRACTS, ContractActivatedV1, ContractCancelledV1
from mtf.customer.adapters.postgres.name_index import NameIndex
from mtf.customer.adapters.postgres.tables import (
    cin_registry,
    client_keys,
    clients,
    ice_registry,
    metadata,
    subscribers,
)
from mtf.customer.adapters.postgres.vault import SqlPersonalDataVault
from mtf.customer.application.ports import ClientFilter
from mtf.customer.domain.client import COMPANY_FIELDS, PERSONAL_FIELDS, Client
from mtf.customer.domain.subscriber import (
    STATUS_AFTER_CONTRACT_EVENT,
    internet_line_id,
    landline_number,
    mobile_number,
)
from mtf.kernel.db import any_of, reads
from mtf.kernel.pagination import PageRequest
from mtf.kernel.sql import fetch_page, insert_many

__all__ = ["ClientProjection", "SqlClientViews", "SqlSubscriberRegistry", "metadata"]

ClientEvent: Any = Client  # nested event classes are made at run time


# a registration batch at least this long is written by binary COPY (kernel.sql.insert_many)
COPY_FROM = 20
_CLIENT_TYPES = {
    "id": "uuid",
    "cin_hash": "text",
    "sealed_personal": "text",
    "status": "text",
    "created_at": "timestamptz",
    "updated_at": "timestamptz",
    "kind": "text",
    **{key: "text" for key in COMPANY_FIELDS},
    "name_index": "text[]",
    "phone_index": "text",
}


class ClientProjection:
    name = "customer.clients"
    tables: tuple[str, ...] = ("clients",)

    def __init__(self, vault: SqlPersonalDataVault, names: NameIndex) -> None:
        self.vault = vault
        self.names = names

    def apply(self, conn: Connection, event: DomainEventProtocol[UUID]) -> None:
        self._apply(conn, event)

    def apply_many(self, conn: Connection, events: list[Any]) -> None:
        """Registrations in a row (an import's batch) as one statement per table; any other
        event as `apply`, in order."""
        registered: list[Any] = []
        for event in events:
            if isinstance(event, ClientEvent.Registered):
                registered.append(event)
                continue
            self._registered(conn, registered)
            registered = []
            self._apply(conn, event)
        self._registered(conn, registered)

    def _registered(self, conn: Connection, events: list[Any]) -> None:
        if not events:
            return
        rows = []
        ices = []
        for event in events:
            cid, at = event.originator_id, event.timestamp
            company = getattr(event, "company", None) or {}
            rows.append(
                {
                    "id": cid,
                    "cin_hash": event.cin_hash or None,
                    "sealed_personal": event.sealed_personal,
                    "status": "active",
                    "created_at": at,
                    "updated_at": at,
                    "kind": getattr(event, "kind", None) or "individual",
                    **{key: company.get(key) for key in COMPANY_FIELDS},
                    **self._names(cid, event.sealed_personal, company.get("company_name")),
                }
            )
            if company.get("ice"):
                ices.append({"ice": company["ice"], "client_id": cid})
        if len(rows) >= COPY_FROM:
            # an import's batch: a binary COPY (a multi-row VALUES of 500 clients is 10,000
            # parameters compiled by SQLAlchemy: most of a batch's projection time)
            insert_many(conn, "clients", _CLIENT_TYPES, rows, conflict="(id)")
        else:
            conn.execute(
                insert(clients).values(rows).on_conflict_do_nothing(index_elements=[clients.c.id])
            )
        if ices:
            # the registry again after a replay (a schema rolled back and forward)
            conn.execute(
                insert(ice_registry)
                .values(ices)
                .on_conflict_do_nothing(index_elements=[ice_registry.c.ice])
            )

    def _names(self, client_id: UUID, sealed: str, company_name: str | None) -> dict[str, Any]:
        """The blind index of the names and the company name (only the company's once the
        data key is destroyed)."""
        personal = self.vault.open(client_id, sealed) or {}
        return {
            "name_index": self.names.of_name(
                personal.get("first_name"), personal.get("last_name"), company_name
            ),
            "phone_index": self.names.of_phone(personal.get("phone")),
        }

    def _company_name(self, conn: Connection, client_id: UUID) -> str | None:
        name: str | None = conn.execute(
            select(clients.c.company_name).where(clients.c.id == client_id)
        ).scalar_one_or_none()
        return name

    def _apply(self, conn: Connection, event: Any) -> None:
        cid, at = event.originator_id, event.timestamp
        if isinstance(event, ClientEvent.Registered):
            self._registered(conn, [event])
        elif isinstance(event, ClientEvent.PersonalDataChanged):
            conn.execute(
                clients.update()
                .where(clients.c.id == cid)
                .values(
                    sealed_personal=event.sealed_personal,
                    updated_at=at,
                    **self._names(cid, event.sealed_personal, self._company_name(conn, cid)),
                )
            )
        elif isinstance(event, ClientEvent.CompanyChanged):
            sealed = conn.execute(
                select(clients.c.sealed_personal).where(clients.c.id == cid)
            ).scalar_one_or_none()
            conn.execute(
                clients.update()
                .where(clients.c.id == cid)
                .values(
                    updated_at=at,
                    **{key: event.company.get(key) for key in COMPANY_FIELDS},
                    **self._names(cid, sealed or "", event.company.get("company_name")),
                )
            )
        elif isinstance(event, ClientEvent.StatusChanged):
            conn.execute(
                clients.update()
                .where(clients.c.id == cid)
                .values(status=event.status, status_reason=event.reason, updated_at=at)
            )
        elif isinstance(event, ClientEvent.PersonalDataErased):
            # crypto-shredding: without its key, every sealed copy (events included) is noise
            conn.execute(client_keys.delete().where(client_keys.c.client_id == cid))
            conn.execute(cin_registry.delete().where(cin_registry.c.client_id == cid))
            # the company may be registered again; its identity stays on the anonymous record
            conn.execute(ice_registry.delete().where(ice_registry.c.client_id == cid))
            self.vault.forget(cid)
            if event.removed:
                conn.execute(clients.delete().where(clients.c.id == cid))
            else:
                conn.execute(
                    clients.update()
                    .where(clients.c.id == cid)
                    .values(
                        name_index=self.names.of_name(self._company_name(conn, cid)),
                        phone_index=None,
                        cin_hash=None,
                        sealed_personal=None,
                        status="closed",
                        status_reason="personal data erased",
                        erased=True,
                        updated_at=at,
                    )
                )


class SqlClientViews:
    def __init__(self, engine: Engine, vault: SqlPersonalDataVault, names: NameIndex) -> None:
        self.engine = engine
        self.vault = vault
        self.names = names

    def _with_personal(self, row: Any) -> dict[str, Any]:
        found = dict(row._mapping)
        found.pop("_total", None)
        found.pop("name_index", None)
        found.pop("phone_index", None)
        sealed = found.pop("sealed_personal", None)
        personal = self.vault.open(found["id"], sealed) if sealed else None
        for key in PERSONAL_FIELDS:
            found[key] = (personal or {}).get(key)
        return found

    def list(self, filters: ClientFilter, page: PageRequest) -> tuple[list[dict[str, Any]], int]:
        conditions: list[ColumnElement[bool]] = []
        if filters.status:
            conditions.append(clients.c.status == filters.status)
        if filters.cin_hash:
            conditions.append(clients.c.cin_hash == filters.cin_hash)
        if filters.ice:
            conditions.append(clients.c.ice == filters.ice)
        if filters.kind:
            conditions.append(clients.c.kind == filters.kind)
        if filters.q:
            # every whole word of the query must be a word of the names (blind index)
            words = self.names.of_query(filters.q)
            matches: list[ColumnElement[bool]] = [
                clients.c.name_index.contains(cast(words, ARRAY(String(32)))) if words else false()
            ]
            if filters.q_cin_hash:
                matches.append(clients.c.cin_hash == filters.q_cin_hash)
            if filters.q_ice:
                matches.append(clients.c.ice == filters.q_ice)
            if filters.q_phone:
                # the client's phone (blind index), or one of their lines' numbers
                matches.append(clients.c.phone_index == self.names.of_phone(filters.q_phone))
            line = filters.q_phone or filters.q_line
            if line:
                matches.append(
                    clients.c.id.in_(
                        select(subscribers.c.client_id).where(
                            or_(subscribers.c.number == line, subscribers.c.landline_number == line)
                        )
                    )
                )
            conditions.append(or_(*matches))
        if filters.ids:
            conditions.append(clients.c.id.in_(filters.ids))
        column = clients.c[page.sort_field]
        order = [
            column.desc().nulls_last() if page.descending else column.asc().nulls_last(),
            clients.c.id,
        ]
        query = (
            select(clients, func.count().over().label("_total"))
            .where(*conditions)
            .order_by(*order)
            .limit(page.limit)
            .offset(page.offset)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            total = (
                int(rows[0]._total)
                if rows
                else int(
                    conn.execute(
                        select(func.count()).select_from(clients).where(*conditions)
                    ).scalar_one()
                )
            )
        self.vault.preload([r.id for r in rows if r.sealed_personal])
        return [self._with_personal(r) for r in rows], total

    def get(self, client_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(clients).where(clients.c.id == client_id)).first()
        return self._with_personal(row) if row else None


_SEQUENCES = {
    "mobile": "line_seq_mobile",
    "landline": "line_seq_landline",
    "internet": "line_seq_internet",
}


_NUMBERS = {
    "mobile": mobile_number,
    "landline": landline_number,
    "internet": internet_line_id,
}


_SUBSCRIBER_TYPES = {
    "id": "uuid",
    "client_id": "uuid",
    "service": "text",
    "number": "text",
    "landline_number": "text",
    "status": "text",
    "created_at": "timestamptz",
    "updated_at": "timestamptz",
}


class SqlSubscriberRegistry:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # lookups are one statement each: autocommit, no BEGIN and ROLLBACK around them
        self._reads = reads(engine)

    def ensure(self, subscriber_id: UUID, client_id: UUID, service: str) -> dict[str, Any]:
        with self.engine.begin() as conn:
            existing = conn.execute(
                select(subscribers).where(subscribers.c.id == subscriber_id)
            ).first()
            if existing is not None:
                return dict(existing._mapping)
            # numbers come from sequences: unique under any concurrency, never reused
            sequence = conn.execute(text(f"SELECT nextval('{_SEQUENCES[service]}')")).scalar_one()
            landline = None
            if service == "mobile":
                number = mobile_number(sequence)
            elif service == "landline":
                number = landline_number(sequence)
            else:
                number = internet_line_id(sequence)
                landline = landline_number(
                    conn.execute(text("SELECT nextval('line_seq_landline')")).scalar_one()
                )
            now = func.now()
            conn.execute(
                insert(subscribers)
                .values(
                    id=subscriber_id,
                    client_id=client_id,
                    service=service,
                    number=number,
                    landline_number=landline,
                    status="pending",
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=[subscribers.c.id])
            )
            row = conn.execute(select(subscribers).where(subscribers.c.id == subscriber_id)).one()
        return dict(row._mapping)

    def ensure_many(self, wanted: list[tuple[UUID, UUID, str]]) -> dict[UUID, dict[str, Any]]:
        """`ensure` for a batch of (subscriber id, client id, service) in one transaction:
        numbers for the new lines from the same sequences, a few statements in all."""
        if not wanted:
            return {}
        ids = [w[0] for w in wanted]
        with self.engine.begin() as conn:
            known = set(
                conn.execute(
                    select(subscribers.c.id).where(any_of(subscribers.c.id, ids))
                ).scalars()
            )
            new = [w for w in wanted if w[0] not in known]
            by_service: dict[str, list[tuple[UUID, UUID]]] = {}
            for subscriber_id, client_id, service in new:
                by_service.setdefault(service, []).append((subscriber_id, client_id))
            rows: list[dict[str, Any]] = []
            now = datetime.now(UTC)
            for service, lines in by_service.items():
                numbers = self._next(conn, _SEQUENCES[service], len(lines))
                fixed = (
                    self._next(conn, "line_seq_landline", len(lines))
                    if service == "internet"
                    else [None] * len(lines)
                )
                for (subscriber_id, client_id), seq, land in zip(
                    lines, numbers, fixed, strict=True
                ):
                    rows.append(
                        {
                            "id": subscriber_id,
                            "client_id": client_id,
                            "service": service,
                            "number": _NUMBERS[service](seq),
                            "landline_number": landline_number(land) if land else None,
                            "status": "pending",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            if rows:  # binary COPY: an import's 500 lines without compiling 500 rows
                insert_many(conn, "subscribers", _SUBSCRIBER_TYPES, rows, conflict="(id)")
            found = conn.execute(select(subscribers).where(any_of(subscribers.c.id, ids))).all()
        return {row.id: dict(row._mapping) for row in found}

    @staticmethod
    def _next(conn: Connection, sequence: str, count: int) -> list[int]:
        return list(
            conn.execute(
                text(f"SELECT nextval('{sequence}') FROM generate_series(1, :n)"), {"n": count}
            ).scalars()
        )

    def get(self, subscriber_id: UUID) -> dict[str, Any] | None:
        with self._reads.connect() as conn:
            row = conn.execute(select(subscribers).where(subscribers.c.id == subscriber_id)).first()
        return dict(row._mapping) if row else None

    def list(
        self, client_id: UUID | None, status: str | None, service: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        conditions = []
        if client_id:
            conditions.append(subscribers.c.client_id == client_id)
        if status:
            conditions.append(subscribers.c.status == status)
        if service:
            conditions.append(subscribers.c.service == service)
        with self._reads.connect() as conn:  # a count query follows only an empty page
            return fetch_page(conn, subscribers, conditions, page, tiebreak="id")


def apply_contract_event(conn: Connection, event: dict[str, Any]) -> None:
    """A line's status follows its contract (the contracts' published events)."""
    e = CONTRACTS.decode(event)
    status = STATUS_AFTER_CONTRACT_EVENT.get(type(e))
    if e is None or status is None:
        return
    contract_id = e.contract_id
    conditions = [subscribers.c.id == e.subscriber_id]
    if isinstance(e, ContractCancelledV1):
        # a line that never had a contract started ends with its cancelled first contract;
        # a cancelled plan change leaves the line on its current contract
        conditions.append(
            or_(subscribers.c.contract_id.is_(None), subscribers.c.contract_id == contract_id)
        )
    elif not isinstance(e, ContractActivatedV1):
        # only the line's current contract moves it (an old, superseded one never does)
        conditions.append(subscribers.c.contract_id == contract_id)
    conn.execute(
        subscribers.update()
        .where(*conditions)
        .values(status=status, contract_id=contract_id, updated_at=func.now())
    )
