"""`mtf audit export --period YYYY-MM --out FILE`: every invoice and credit note issued in
the month, as UBL 2.1, with a manifest (each document's SHA-256, its journal entry, the
chain head and verification of each series), in one zip archive (docs/e-invoicing.md).

It writes the UBL the API serves (`GET /api/v1/invoices/{id}/ubl`), so it needs what the
billing service needs: the database and the customer service (the buyer's name on each
document; personal data stays with the customer service and is looked up, never stored)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import text

from mtf.billing.app import Billing
from mtf.billing.application.documents import ERASED_CLIENT
from mtf.billing.domain.rating import Period
from mtf.kernel.db import make_engine
from mtf.kernel.settings import Settings

MANIFEST = "manifest.json"
FORMAT = "mtf-audit-export/1"


def _documents(billing: Billing, first: date, last: date) -> list[dict[str, Any]]:
    """The period's documents in number order, with their journal entries."""
    query = text(
        "SELECT d.kind, d.id, d.number, d.client_id, d.issue_date, d.total, "
        "j.series, j.seq, j.content_sha256, j.hash FROM ("
        " SELECT 'invoice' AS kind, id, number, client_id, issue_date, total FROM invoices"
        " WHERE issue_date BETWEEN :first AND :last UNION ALL"
        " SELECT 'credit_note', id, number, client_id, issue_date, total FROM credit_notes"
        " WHERE issue_date BETWEEN :first AND :last"
        ") d LEFT JOIN document_journal j ON j.number = d.number "
        "ORDER BY d.kind DESC, d.number"
    )
    with billing.engine.connect() as conn:
        rows = conn.execute(query, {"first": first, "last": last}).mappings().all()
    return [dict(r) for r in rows]


def export_period(settings: Settings, period: str, out: Path) -> dict[str, Any]:
    """Write the archive; answer its manifest. Same documents, same archive bytes."""
    month = Period.parse(period)
    engine = make_engine(settings.database_url_for("billing"), "billing", pool_size=2)
    billing = Billing(settings, engine)
    try:
        billing.projector.catch_up()  # the document tables follow the events a moment later
        rows = _documents(billing, month.first_day, month.last_day)
        documents = billing.documents()
        clients = billing.clients.clients(sorted({UUID(str(r["client_id"])) for r in rows}))
        entries = []
        files: list[tuple[str, bytes]] = []
        for row in rows:
            client = clients.get(UUID(str(row["client_id"]))) or ERASED_CLIENT
            if row["kind"] == "invoice":
                number, xml = documents.ubl(row["id"], client)
                name = f"invoices/{number}.xml"
            else:
                number, xml = documents.credit_note_ubl(row["id"], client)
                name = f"credit-notes/{number}.xml"
            files.append((name, xml))
            entries.append(
                {
                    "file": name,
                    "kind": row["kind"],
                    "number": number,
                    "id": str(row["id"]),
                    "issue_date": row["issue_date"].isoformat(),
                    "total": f"{row['total']:.2f}",
                    "sha256": hashlib.sha256(xml).hexdigest(),
                    "journal": None
                    if row["series"] is None
                    else {
                        "series": row["series"],
                        "seq": row["seq"],
                        "content_sha256": row["content_sha256"],
                        "hash": row["hash"],
                    },
                }
            )
        series = sorted(
            {e["journal"]["series"] for e in entries if e["journal"]}
            | {f"FAC-{month.first_day.year}", f"AV-{month.first_day.year}"},
            key=lambda s: (not s.startswith("FAC"), s),
        )
        # each series' head and verification, in one snapshot (docs/audit-journal.md)
        chains = []
        for verified in (billing.journal().verify(name) for name in series):
            report = dataclasses.asdict(verified)
            report.pop("problems")
            chains.append(report)
        manifest = {
            "format": FORMAT,
            "period": period,
            "from": month.first_day.isoformat(),
            "to": month.last_day.isoformat(),
            "seller": {"name": settings.seller.name, "ice": settings.seller.ice},
            "documents": entries,
            "journal": chains,
        }
    finally:
        billing.events.close()
        engine.dispose()
    _write_zip(out, files, manifest, month.last_day)
    return manifest


def _write_zip(
    out: Path, files: list[tuple[str, bytes]], manifest: dict[str, Any], day: date
) -> None:
    """Entries in a fixed order with a fixed date (the period's last day): the same export,
    the same bytes."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in [(MANIFEST, body + b"\n"), *files]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
