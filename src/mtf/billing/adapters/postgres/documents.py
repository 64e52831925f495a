"""The PDF archive in PostgreSQL (billing.invoice_documents)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from sqlalchemy import Engine, func, select, text
from sqlalchemy.dialects.postgresql import insert

from mtf.billing.adapters.postgres.tables import invoice_documents, invoices
from mtf.kernel.ids import stable_id
from mtf.kernel.locks import lock_key


class SqlDocumentArchive:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def stored(self, invoice_id: UUID) -> bytes | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(invoice_documents.c.pdf).where(invoice_documents.c.invoice_id == invoice_id)
            ).scalar_one_or_none()
        return bytes(found) if found is not None else None

    def store(self, invoice_id: UUID, pdf: bytes) -> bytes:
        with self.engine.begin() as conn:
            conn.execute(
                insert(invoice_documents)
                .values(
                    invoice_id=invoice_id,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    pdf=pdf,
                    rendered_at=func.now(),
                )
                .on_conflict_do_nothing(index_elements=[invoice_documents.c.invoice_id])
            )
            archived = conn.execute(
                select(invoice_documents.c.pdf).where(invoice_documents.c.invoice_id == invoice_id)
            ).scalar_one()
        return bytes(archived)

    @contextmanager
    def claim_unrendered(self, limit: int) -> Iterator[list[UUID]]:
        """Session advisory locks per invoice (no row lock held while rendering, so the
        projections updating these invoices never wait on a PDF)."""
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            candidates = self.unrendered(limit * 4)
            claimed: list[UUID] = []
            for invoice_id in candidates:
                if len(claimed) == limit:
                    break
                if conn.execute(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": _pdf_lock(invoice_id)}
                ).scalar_one():
                    claimed.append(invoice_id)
            try:
                if claimed:  # another worker may have archived some just before we locked
                    done = set(
                        conn.execute(
                            select(invoice_documents.c.invoice_id).where(
                                invoice_documents.c.invoice_id.in_(claimed)
                            )
                        ).scalars()
                    )
                    yield [i for i in claimed if i not in done]
                else:
                    yield []
            finally:
                if claimed:
                    conn.execute(
                        text("SELECT pg_advisory_unlock(k) FROM unnest(CAST(:ks AS bigint[])) k"),
                        {"ks": [_pdf_lock(i) for i in claimed]},
                    )

    def unrendered(self, limit: int) -> list[UUID]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(invoices.c.id)
                .outerjoin(invoice_documents, invoice_documents.c.invoice_id == invoices.c.id)
                .where(invoice_documents.c.invoice_id.is_(None))
                .order_by(invoices.c.created_at)
                .limit(limit)
            ).all()
        return [r[0] for r in rows]


def _pdf_lock(invoice_id: UUID) -> int:
    return lock_key(stable_id("invoice-pdf", invoice_id))
