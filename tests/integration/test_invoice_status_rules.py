"""An invoice's status is one rule (mtf.billing.domain.invoice_status): the status the API
shows and the status filter of the invoice list (SQL, on real PostgreSQL) agree for every
combination of figures and dates, so a list filtered on `overdue` shows exactly the
invoices the detail calls overdue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Date, Engine, Integer, MetaData, Numeric, Table, select

from mtf.billing.adapters.postgres.views import status_filter
from mtf.billing.domain.invoice_status import STATUSES, amount_due, invoice_status
from mtf.kernel.db import make_engine
from tests.conftest import Databases

metadata = MetaData()
figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("total", Numeric(14, 2), nullable=False),
    Column("credited", Numeric(14, 2), nullable=False),
    Column("paid", Numeric(14, 2), nullable=False),
    Column("due_date", Date, nullable=False),
)
TODAY = date(2026, 3, 15)


@pytest.fixture(scope="module")
def engine(databases: Databases) -> Iterator[Engine]:
    engine = make_engine(databases.create("mtf_status"), "public")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


cents = st.integers(min_value=0, max_value=50_000).map(lambda c: Decimal(c) / 100)
invoice = st.tuples(
    st.integers(min_value=1, max_value=50_000).map(lambda c: Decimal(c) / 100),
    cents,
    cents,
    st.integers(min_value=-3, max_value=3).map(lambda d: TODAY + timedelta(days=d)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(invoice, min_size=1, max_size=25))
def test_the_list_filter_and_the_status_shown_agree(
    engine: Engine, rows: list[tuple[Decimal, Decimal, Decimal, date]]
) -> None:
    with engine.begin() as conn:
        conn.execute(figures.delete())
        conn.execute(
            figures.insert(),
            [
                {"id": i, "total": t, "credited": c, "paid": p, "due_date": d}
                for i, (t, c, p, d) in enumerate(rows)
            ],
        )
        for status in STATUSES:
            found = set(
                conn.execute(
                    select(figures.c.id).where(
                        status_filter(
                            status,
                            TODAY,
                            total=figures.c.total,
                            credited=figures.c.credited,
                            paid=figures.c.paid,
                            due_date=figures.c.due_date,
                        )
                    )
                ).scalars()
            )
            shown = {i for i, r in enumerate(rows) if invoice_status(*r, TODAY) == status}
            assert found == shown, status
    for total, credited, paid, due in rows:
        status = invoice_status(total, credited, paid, due, TODAY)
        # nothing is due exactly when the invoice is paid or credited
        assert (amount_due(total, credited, paid) == 0) == (status in ("paid", "credited"))
