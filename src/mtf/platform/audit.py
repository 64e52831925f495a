"""`mtf audit verify`: recompute the tamper-evident journal of the invoice and credit-note
series (docs/audit-journal.md), straight from the database, without the services."""

from __future__ import annotations

import dataclasses
from typing import Any

from mtf.billing.adapters.postgres.event_store import BillingEventStore
from mtf.billing.adapters.postgres.journal import SqlJournal
from mtf.billing.adapters.postgres.projection import BillingProjection
from mtf.billing.application.journal import AuditJournal
from mtf.kernel.db import make_engine
from mtf.kernel.projection import Projector
from mtf.kernel.settings import Settings


def verify_journal(
    settings: Settings, series: str | None = None, kept_head: str | None = None
) -> list[dict[str, Any]]:
    """One report per series (every series when none is named), as the API answers it."""
    url = settings.database_url_for("billing")
    engine = make_engine(url, "billing", pool_size=1)
    events = BillingEventStore(url, "billing")
    try:
        projector = Projector(events, engine, BillingProjection(), batch=1000)
        found = AuditJournal(SqlJournal(engine), projector).verify_all(series, kept_head)
    finally:
        events.close()
        engine.dispose()
    reports = []
    for v in found:
        report = dataclasses.asdict(v)
        report.pop("problems")
        reports.append(report)
    return reports
