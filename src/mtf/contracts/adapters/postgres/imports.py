"""Migration imports in PostgreSQL: each import with its counts, each row's outcome, and the
source rows imported so far (unique by row id: what makes a second import of the same row
see it)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.postgresql import insert

from mtf.contracts.adapters.postgres.tables import import_rows, imported_rows, imports
from mtf.contracts.application.imports import (
    CHANGED,
    COMPLETED,
    CREATED,
    REJECTED,
    RUNNING,
    UNCHANGED,
    ImportHeader,
    KnownRow,
    RowOutcome,
)
from mtf.kernel.pagination import PageRequest
from mtf.kernel.sql import insert_many

_ROW_TYPES = {
    "import_id": "uuid",
    "line": "int4",
    "row_id": "text",
    "outcome": "text",
    "errors": "jsonb",
    "client_id": "uuid",
    "contract_id": "uuid",
    "number": "text",
}
_IMPORTED_TYPES = {
    "row_id": "text",
    "row_hash": "text",
    "import_id": "uuid",
    "client_id": "uuid",
    "contract_id": "uuid",
    "imported_at": "timestamptz",
}


def _header(row: Any) -> ImportHeader:
    return ImportHeader(
        id=row.id,
        status=row.status,
        cutover=row.cutover,
        rows=row.rows,
        request_hash=row.request_hash,
    )


class SqlImportLedger:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def start(
        self, import_id: UUID, *, actor: str, cutover: date, rows: int, request_hash: str
    ) -> ImportHeader:
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            conn.execute(
                insert(imports)
                .values(
                    id=import_id,
                    status=RUNNING,
                    actor=actor,
                    cutover=cutover,
                    request_hash=request_hash,
                    rows=rows,
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=[imports.c.id])
            )
            # an import sent again after it failed (a service was away) carries on
            conn.execute(
                imports.update()
                .where(imports.c.id == import_id, imports.c.status == "failed")
                .where(imports.c.request_hash == request_hash)
                .values(status=RUNNING, failure_detail=None, updated_at=now)
            )
            row = conn.execute(select(imports).where(imports.c.id == import_id)).one()
        return _header(row)

    def header(self, import_id: UUID) -> ImportHeader | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(imports).where(imports.c.id == import_id)).first()
        return _header(row) if row else None

    def done_lines(self, import_id: UUID) -> set[int]:
        with self.engine.connect() as conn:
            return set(
                conn.execute(
                    select(import_rows.c.line).where(import_rows.c.import_id == import_id)
                ).scalars()
            )

    def known_rows(self, row_ids: list[str]) -> dict[str, KnownRow]:
        if not row_ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    imported_rows.c.row_id,
                    imported_rows.c.row_hash,
                    imported_rows.c.import_id,
                    imported_rows.c.contract_id,
                ).where(imported_rows.c.row_id.in_(row_ids))
            ).all()
        return {r.row_id: KnownRow(r.row_hash, r.import_id, r.contract_id) for r in rows}

    def record(self, import_id: UUID, outcomes: list[RowOutcome]) -> None:
        if not outcomes:
            return
        now = datetime.now(UTC)
        counts = {k: 0 for k in (CREATED, UNCHANGED, CHANGED, REJECTED)}
        with self.engine.begin() as conn:
            # one binary COPY per table (a batch is hundreds of rows)
            written = insert_many(
                conn,
                "import_rows",
                _ROW_TYPES,
                [
                    {
                        "import_id": import_id,
                        "line": o.line,
                        "row_id": o.row_id,
                        "outcome": o.outcome,
                        "errors": [{"field": e.field, "message": e.message} for e in o.errors],
                        "client_id": o.client_id if o.outcome == CREATED else None,
                        "contract_id": o.contract_id,
                        "number": o.number,
                    }
                    for o in outcomes
                ],
                conflict="(import_id, line)",
                returning="line",
            )
            lines = set(written)
            for o in outcomes:
                if o.line in lines:
                    counts[o.outcome] += 1
            created = [o for o in outcomes if o.outcome == CREATED and o.line in lines]
            if created:
                insert_many(
                    conn,
                    "imported_rows",
                    _IMPORTED_TYPES,
                    [
                        {
                            "row_id": o.row_id,
                            "row_hash": o.row_hash,
                            "import_id": import_id,
                            "client_id": o.client_id,
                            "contract_id": o.contract_id,
                            "imported_at": now,
                        }
                        for o in created
                    ],
                    conflict="(row_id)",
                )
            conn.execute(
                imports.update()
                .where(imports.c.id == import_id)
                .values(
                    updated_at=now,
                    **{k: imports.c[k] + v for k, v in counts.items()},
                )
            )

    def finish(self, import_id: UUID, status: str, detail: str | None = None) -> None:
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            conn.execute(
                imports.update()
                .where(imports.c.id == import_id, imports.c.status == RUNNING)
                .values(
                    status=status,
                    failure_detail=detail,
                    updated_at=now,
                    completed_at=now if status == COMPLETED else None,
                )
            )


class SqlImportViews:
    """The imports as the API shows them (progress and report)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, import_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(imports).where(imports.c.id == import_id)).first()
        return dict(row._mapping) if row else None

    def rows(
        self, import_id: UUID, outcome: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        conditions = [import_rows.c.import_id == import_id]
        if outcome:
            conditions.append(import_rows.c.outcome == outcome)
        with self.engine.connect() as conn:
            total = int(
                conn.execute(
                    select(func.count()).select_from(import_rows).where(*conditions)
                ).scalar_one()
            )
            column = import_rows.c[page.sort_field]
            found = conn.execute(
                select(import_rows)
                .where(*conditions)
                .order_by(column.desc() if page.descending else column.asc(), import_rows.c.line)
                .limit(page.limit)
                .offset(page.offset)
            ).all()
        return [dict(r._mapping) for r in found], total
