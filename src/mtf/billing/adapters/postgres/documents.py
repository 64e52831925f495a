"""The PDF archive in PostgreSQL (billing.invoice_documents)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.dialects.postgresql import insert

from mtf.billing.adapters.postgres.tables import erased_clients, invoice_documents, invoices
from mtf.customer.published import CUSTOMER, ClientErasedV1
from mtf.kernel.ids import stable_id
from mtf.kernel.locks import lock_key
from mtf.kernel.logging import get_logger

log = get_logger("mtf.billing.documents")

ERASURES_FOLLOWER = "billing.erasures<-customer"


class SqlDocumentArchive:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # the lowest invoice number this process last found without a PDF: the next search
        # starts there (see `unrendered`)
        self._frontier: str | None = None

    def stored(self, invoice_id: UUID) -> bytes | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(invoice_documents.c.pdf).where(invoice_documents.c.invoice_id == invoice_id)
            ).scalar_one_or_none()
        return bytes(found) if found is not None else None

    def store(self, invoice_id: UUID, pdf: bytes, *, client_id: UUID | None = None) -> bytes | None:
        """Archive `pdf` unless a PDF is archived already. A PDF printed with a person's
        data names its `client_id`: it is refused (None) once that client is erased, the
        check serialised with the erasure (a lock per client), so a render that looked the
        person up before the erasure never lands after it."""
        with self.engine.begin() as conn:
            if client_id is not None:
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:k)"), {"k": _client_lock(client_id)}
                )
                if conn.execute(
                    select(erased_clients.c.client_id).where(
                        erased_clients.c.client_id == client_id
                    )
                ).first():
                    return None
            inserted = conn.execute(
                insert(invoice_documents)
                .values(
                    invoice_id=invoice_id,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    pdf=pdf,
                    rendered_at=func.now(),
                )
                .on_conflict_do_nothing(index_elements=[invoice_documents.c.invoice_id])
                .returning(invoice_documents.c.invoice_id)
            ).first()
            if inserted is not None:  # ours: no need to read back what was just written
                return pdf
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
        """Invoices without a PDF, in the order they were numbered. The search starts at
        the lowest number found unrendered last time (the index of the numbers walked from
        there, so a backlog of 100,000 is not scanned again for each batch: that scan
        was 13 ms at 14,000 invoices, growing with every invoice ever issued); when nothing
        is left from there it starts from the first invoice again, so one skipped earlier
        (claimed by a worker that stopped, or numbered out of order) is found then."""
        rows = self._unrendered(limit, self._frontier)
        if not rows and self._frontier is not None:
            rows = self._unrendered(limit, None)
        self._frontier = rows[0][1] if rows else None
        return [r[0] for r in rows]

    def _unrendered(self, limit: int, since: str | None) -> list[Any]:
        query = (
            select(invoices.c.id, invoices.c.number)
            .outerjoin(invoice_documents, invoice_documents.c.invoice_id == invoices.c.id)
            .where(invoice_documents.c.invoice_id.is_(None))
            .order_by(invoices.c.number)
            .limit(limit)
        )
        if since is not None:
            query = query.where(invoices.c.number >= since)
        with self.engine.connect() as conn:
            return list(conn.execute(query).all())


def _pdf_lock(invoice_id: UUID) -> int:
    return lock_key(stable_id("invoice-pdf", invoice_id))


def _client_lock(client_id: UUID) -> int:
    return lock_key(stable_id("client-pdfs", client_id))


class ErasureFollower:
    """Follows the customer feed: when a client's personal data is erased, the client is
    recorded as erased and every archived PDF of theirs is re-rendered without the person
    (same invoice, same figures; the new hash recorded, the replaced one kept), in the
    transaction that moves the follower's position (exactly once)."""

    def __init__(self, render_erased: Callable[[UUID], bytes]) -> None:
        self.render_erased = render_erased

    def __call__(self, conn: Connection, event: dict[str, Any]) -> None:
        erased = CUSTOMER.decode(event)
        if not isinstance(erased, ClientErasedV1):
            return
        client_id = erased.client_id
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _client_lock(client_id)})
        conn.execute(
            insert(erased_clients)
            .values(client_id=client_id, erased_at=func.now())
            .on_conflict_do_nothing(index_elements=[erased_clients.c.client_id])
        )
        archived = conn.execute(
            select(invoice_documents.c.invoice_id, invoice_documents.c.sha256)
            .join(invoices, invoices.c.id == invoice_documents.c.invoice_id)
            .where(invoices.c.client_id == client_id, invoice_documents.c.redacted_at.is_(None))
            .order_by(invoices.c.number)
        ).all()
        for invoice_id, old_hash in archived:
            pdf = self.render_erased(invoice_id)
            conn.execute(
                invoice_documents.update()
                .where(invoice_documents.c.invoice_id == invoice_id)
                .values(
                    pdf=pdf,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    replaced_sha256=old_hash,
                    redacted_at=func.now(),
                )
            )
        log.info("client_documents_redacted", client_id=str(client_id), documents=len(archived))
