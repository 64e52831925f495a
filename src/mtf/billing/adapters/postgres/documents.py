"""The PDF archive in PostgreSQL (billing.invoice_documents)."""

from __future__ import annotations

import hashlib
from uuid import UUID

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.postgresql import insert

from mtf.billing.adapters.postgres.tables import invoice_documents, invoices


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
