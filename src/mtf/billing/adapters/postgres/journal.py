"""The tamper-evident journal in PostgreSQL (billing.document_journal): reading it, reading
the stored documents it vouches for (the invoice and credit-note tables the API serves),
verifying a series, and recording documents issued before the journal existed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text

from mtf.billing.domain.journal import (
    CREDIT_NOTE,
    GENESIS,
    INVOICE,
    ChainCheck,
    JournalEntry,
    Verification,
    chained,
    content_sha256,
    credit_note_content,
    invoice_content,
    kind_of_series,
    number_in,
    series_of,
)

CHUNK = 2000  # numbers per read while verifying: bounded memory for any series


def _range(series: str, lo: int | None, hi: int | None, column: str) -> tuple[str, dict[str, Any]]:
    """The condition on a document number for a series (FAC-2026-NNNNNN), within [lo, hi]."""
    condition = f"{column} ~ :pattern"
    params: dict[str, Any] = {"pattern": f"^{series}-[0-9]{{6}}$"}
    if lo is not None and hi is not None:
        condition += f" AND {column} BETWEEN :lo AND :hi"
        params.update(lo=number_in(series, lo), hi=number_in(series, hi))
    return condition, params


def stored_documents(
    conn: Connection, series: str, lo: int | None = None, hi: int | None = None
) -> dict[str, dict[str, Any]]:
    """The canonical content of the stored documents of a series (numbers lo..hi, or all),
    by number."""
    kind = kind_of_series(series)
    found: dict[str, dict[str, Any]] = {}
    if kind == INVOICE:
        where, params = _range(series, lo, hi, "i.number")
        lines: dict[Any, list[dict[str, Any]]] = {}
        for r in conn.execute(
            text(
                "SELECT l.* FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id "
                f"WHERE {where} ORDER BY l.invoice_id, l.position"
            ),
            params,
        ).mappings():
            lines.setdefault(r["invoice_id"], []).append(dict(r))
        for r in conn.execute(
            text(f"SELECT * FROM invoices i WHERE {where} ORDER BY number"), params
        ).mappings():
            found[r["number"]] = invoice_content(
                id=r["id"],
                number=r["number"],
                client_id=r["client_id"],
                period=r["period"],
                issue_date=r["issue_date"],
                due_date=r["due_date"],
                currency=r["currency"],
                subtotal=r["subtotal"],
                vat=r["vat"],
                total=r["total"],
                lines=lines.get(r["id"], []),
            )
    elif kind == CREDIT_NOTE:
        where, params = _range(series, lo, hi, "c.number")
        note_lines: dict[Any, list[dict[str, Any]]] = {}
        for r in conn.execute(
            text(
                "SELECT l.* FROM credit_note_lines l JOIN credit_notes c "
                f"ON c.id = l.credit_note_id WHERE {where} "
                "ORDER BY l.credit_note_id, l.position"
            ),
            params,
        ).mappings():
            note_lines.setdefault(r["credit_note_id"], []).append(dict(r))
        for r in conn.execute(
            text(f"SELECT * FROM credit_notes c WHERE {where} ORDER BY number"), params
        ).mappings():
            found[r["number"]] = credit_note_content(
                id=r["id"],
                number=r["number"],
                invoice_id=r["invoice_id"],
                client_id=r["client_id"],
                issue_date=r["issue_date"],
                reason=r["reason"],
                subtotal=r["subtotal"],
                vat=r["vat"],
                total=r["total"],
                lines=note_lines.get(r["id"], []),
            )
    return found


def journal_entries(
    conn: Connection, series: str, lo: int | None = None, hi: int | None = None
) -> list[JournalEntry]:
    bounds = " AND seq BETWEEN :lo AND :hi" if lo is not None and hi is not None else ""
    return [
        JournalEntry(
            r.series,
            r.seq,
            r.number,
            r.kind,
            r.document_id,
            r.content_sha256,
            r.previous_hash,
            r.hash,
        )
        for r in conn.execute(
            text(
                "SELECT series, seq, number, kind, document_id, content_sha256, previous_hash, "
                f"hash FROM document_journal WHERE series = :s{bounds} ORDER BY seq"
            ),
            {"s": series, "lo": lo, "hi": hi},
        )
    ]


def last_number(conn: Connection, series: str) -> int:
    """The highest number of the series, recorded or stored (0 when none)."""
    table = "invoices" if kind_of_series(series) == INVOICE else "credit_notes"
    where, params = _range(series, None, None, "number")
    row = conn.execute(
        text(
            "SELECT (SELECT max(seq) FROM document_journal WHERE series = :s) AS recorded, "
            f"(SELECT max(number) FROM {table} WHERE {where}) AS stored"  # fixed names only
        ),
        {"s": series, **params},
    ).one()
    return max(row.recorded or 0, series_of(row.stored)[1] if row.stored else 0)


def head_of(conn: Connection, series: str) -> dict[str, Any]:
    """The series' head: its last recorded document and hash, and how many are recorded."""
    row = conn.execute(
        text(
            "SELECT (SELECT count(*) FROM document_journal WHERE series = :s) AS documents, "
            "j.number, j.hash FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT number, hash "
            "FROM document_journal WHERE series = :s ORDER BY seq DESC LIMIT 1) j ON true"
        ),
        {"s": series},
    ).one()
    return {
        "series": series,
        "documents": int(row.documents),
        "head": row.hash,
        "head_number": row.number,
    }


def all_series(conn: Connection) -> list[str]:
    """Every series with a recorded or stored document, invoices first, oldest year first."""
    rows = conn.execute(
        text(
            "SELECT DISTINCT series FROM document_journal UNION "
            "SELECT DISTINCT substring(number from '^[A-Z]+-[0-9]{4}') FROM invoices UNION "
            "SELECT DISTINCT substring(number from '^[A-Z]+-[0-9]{4}') FROM credit_notes"
        )
    ).all()
    names = [r[0] for r in rows if r[0]]
    return sorted(names, key=lambda s: (s.split("-")[0] != "FAC", s))


class SqlJournal:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def verify(self, series: str, kept_head: str | None = None) -> Verification:
        """One snapshot for the journal and the documents (a document committed in between
        would look inserted), read CHUNK numbers at a time."""
        check = ChainCheck(series, kept_head)
        with self.engine.connect() as conn:
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            last = last_number(conn, series)
            for lo in range(1, last + 1, CHUNK):
                hi = min(lo + CHUNK - 1, last)
                entries = {e.seq: e for e in journal_entries(conn, series, lo, hi)}
                documents = {
                    series_of(number)[1]: content
                    for number, content in stored_documents(conn, series, lo, hi).items()
                }
                check.feed(hi, entries, documents)
        return check.result()

    def head(self, series: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return head_of(conn, series)

    def series(self) -> list[str]:
        with self.engine.connect() as conn:
            return all_series(conn)


def record_existing(conn: Connection) -> int:
    """Record in the journal, in number order, the stored documents of every series that
    are not recorded yet (documents issued before the journal existed), CHUNK numbers at a
    time. Answers how many."""
    recorded = 0
    for series in all_series(conn):
        kind = kind_of_series(series)
        if kind is None:
            continue
        head = head_of(conn, series)
        previous = head["head"] or GENESIS
        last = last_number(conn, series)
        for lo in range(1, last + 1, CHUNK):
            hi = min(lo + CHUNK - 1, last)
            known = {e.number for e in journal_entries(conn, series, lo, hi)}
            new = [
                JournalEntry(
                    series,
                    series_of(number)[1],
                    number,
                    kind,
                    content["id"],
                    content_sha256(content),
                )
                for number, content in sorted(stored_documents(conn, series, lo, hi).items())
                if number not in known
            ]
            if not new:
                continue
            rows = chained(new, previous)
            previous = rows[-1].hash
            conn.execute(
                text(
                    "INSERT INTO document_journal (series, seq, number, kind, document_id, "
                    "content_sha256, previous_hash, hash) VALUES (:series, :seq, :number, "
                    ":kind, :document_id, :content_sha256, :previous_hash, :hash)"
                ),
                [
                    {
                        "series": e.series,
                        "seq": e.seq,
                        "number": e.number,
                        "kind": e.kind,
                        "document_id": e.document_id,
                        "content_sha256": e.content_sha256,
                        "previous_hash": e.previous_hash,
                        "hash": e.hash,
                    }
                    for e in rows
                ],
            )
            recorded += len(rows)
    return recorded
