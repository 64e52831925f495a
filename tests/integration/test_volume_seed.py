"""The volume dataset (`mtf seed --volume N`, issue 13) at a small size, checked as an auditor
would: its shape, every read model equal to a replay of the events, money conserved per
client, invoice numbers gapless, no contract-day billed twice and every day of every
contract billed once, each line's status the one its contracts say."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from mtf.kernel.settings import Settings
from mtf.platform.invariants import _net_days, check_invoices, check_numbering, month_end
from mtf.platform.volume import month_start, seed_volume
from tests.conftest import Databases, make_settings
from tests.dates import today

CLIENTS = 300


class SqlReader:
    def __init__(self, dsn: str) -> None:
        self.conn = psycopg.connect(dsn, autocommit=True)

    def sql(self, query: str, *args: Any) -> list[Any]:
        return list(self.conn.execute(query, args).fetchall())

    def one(self, query: str, *args: Any) -> Any:
        return self.conn.execute(query, args).fetchone()[0]  # type: ignore[index]


@pytest.fixture(scope="module")
def seeded(databases: Databases) -> tuple[Settings, dict[str, Any], date]:
    from mtf.platform.migrate import migrate_all
    from mtf.platform.seed import seed_admin

    settings = make_settings(databases.create("mtf_volume"))
    migrate_all(settings)
    seed_admin(settings)
    as_of = month_start(today())
    report = seed_volume(settings, CLIENTS, as_of=as_of, seed=42, progress=lambda _: None)
    return settings, report, as_of


@pytest.fixture(scope="module")
def db(seeded: tuple[Settings, dict[str, Any], date]) -> SqlReader:
    return SqlReader(seeded[0].database_url)


def test_the_operator_has_the_shape_asked_for(
    seeded: tuple[Settings, dict[str, Any], date], db: SqlReader
) -> None:
    _, report, as_of = seeded
    counts = report["counts"]
    assert counts["offers"] == 300 and db.one("SELECT count(*) FROM catalog.offers") == 300
    assert counts["offer_versions"] > 330  # some offers have 2 or 3 versions
    assert db.one("SELECT count(*) FROM catalog.offers WHERE status = 'retired'") == 25
    assert db.one("SELECT count(*) FROM customer.clients") == CLIENTS
    lines = db.one("SELECT count(*) FROM customer.subscribers")
    assert 1.15 * CLIENTS <= lines <= 1.5 * CLIENTS
    assert (
        db.one(
            "SELECT max(n) FROM (SELECT count(*) n FROM customer.subscribers GROUP BY client_id) x"
        )
        >= 3
    )
    statuses = dict(db.sql("SELECT status, count(*) FROM contracts.contracts GROUP BY 1"))
    assert statuses.get("terminated", 0) > 0 and statuses.get("superseded", 0) > 0
    assert statuses.get("suspended", 0) > 0 and statuses["active"] > 0.85 * lines
    # six monthly runs, the last one issued on as_of
    runs = db.sql("SELECT period, status FROM billing.bill_runs ORDER BY period")
    assert [p for p, _ in runs] == [
        f"{month_start(as_of, k).year:04d}-{month_start(as_of, k).month:02d}"
        for k in range(6, 0, -1)
    ]
    assert {s for _, s in runs} == {"completed"}
    assert db.one("SELECT max(issue_date) FROM billing.invoices") == as_of
    invoices = db.one("SELECT count(*) FROM billing.invoices")
    assert 3 * CLIENTS <= invoices <= 6 * CLIENTS
    # most invoices past due are paid; some partly, a few bounced, a few overpaid (credit)
    past_due = db.one("SELECT count(*) FROM billing.invoices WHERE due_date < %s", as_of)
    paid = db.one(
        "SELECT count(*) FROM billing.invoices WHERE due_date < %s AND paid >= total", as_of
    )
    # (the share varies with the months the as-of date spans: some stay unpaid, never all)
    assert 0.75 * past_due <= paid < past_due
    assert db.one("SELECT count(*) FROM collections.payments WHERE status = 'reversed'") > 0
    assert db.one("SELECT count(*) FROM billing.invoices WHERE paid > 0 AND paid < total") > 0
    assert db.one("SELECT count(*) FROM collections.payments WHERE credit > 0") > 0
    # what is still overdue is in collections: cases opened by the run of as_of, reminders
    assert db.one("SELECT count(*) FROM collections.cases WHERE status = 'open'") > 0
    assert db.one("SELECT count(*) FROM collections.notifications") > 0
    assert report["counts"]["events"]["billing"] >= invoices
    assert report["counts"]["database_bytes"] > 0


def test_every_read_model_equals_a_replay_of_the_events(
    seeded: tuple[Settings, dict[str, Any], date],
) -> None:
    from mtf.platform.rebuild import rebuild

    report = rebuild(seeded[0], (), check_only=True)
    checked = 0
    for service, entry in report.items():
        for name, result in entry.items():
            if "matches" in result:
                assert result["matches"], f"{service} {name}: {result['differences']}"
                checked += 1
            else:
                assert result["differences"] == [], f"{service} {name}: {result}"
    assert checked == 5  # catalog, customer, contracts, billing, collections


def test_money_is_conserved_for_every_client(db: SqlReader) -> None:
    """received - reversed = what stays allocated + credit, per client."""
    rows = db.sql(
        "SELECT c.id, "
        "(SELECT coalesce(sum(amount), 0) FROM collections.payments p WHERE p.client_id = c.id), "
        "(SELECT coalesce(sum(amount), 0) FROM collections.payments p WHERE p.client_id = c.id "
        " AND status = 'reversed'), "
        "(SELECT coalesce(sum(least(paid, total - credited)), 0) FROM billing.invoices i "
        " WHERE i.client_id = c.id), "
        "(SELECT coalesce(sum(credit_left), 0) FROM collections.payments p "
        " WHERE p.client_id = c.id AND status = 'posted') "
        "FROM customer.clients c"
    )
    assert len(rows) == CLIENTS
    for client, received, reversed_, kept, credit in rows:
        assert received - reversed_ == kept + credit, (client, received, reversed_, kept, credit)
    assert sum(r[1] for r in rows) > Decimal("0")
    # the ledger collections allocates from agrees with what billing shows as paid
    assert (
        db.one(
            "SELECT count(*) FROM billing.invoices i LEFT JOIN collections.settlements s "
            "ON s.invoice_id = i.id WHERE i.paid <> coalesce(s.paid, 0)"
        )
        == 0
    )


def test_numbers_are_gapless_and_invoices_add_up(db: SqlReader) -> None:
    check_numbering(db)  # type: ignore[arg-type]
    clients = [r[0] for r in db.sql("SELECT id FROM customer.clients")]
    check_invoices(db, clients)  # type: ignore[arg-type]


def test_every_contract_day_is_billed_exactly_once(
    seeded: tuple[Settings, dict[str, Any], date], db: SqlReader
) -> None:
    as_of = seeded[2]
    last = month_end(f"{month_start(as_of, 1).year:04d}-{month_start(as_of, 1).month:02d}")
    clients = [r[0] for r in db.sql("SELECT id FROM customer.clients")]
    billed: Counter[tuple[Any, date]] = _net_days(db, "contract_id", clients)  # type: ignore[arg-type]
    assert max(billed.values()) == 1
    by_line = _net_days(db, "subscriber_id", clients)  # type: ignore[arg-type]
    assert max(by_line.values()) == 1  # a plan change never bills a line-day twice
    days = 0
    for contract_id, start, end in db.sql(
        "SELECT id, start_date, end_date FROM contracts.contracts WHERE status <> 'cancelled'"
    ):
        stop = min(end or last, last)
        for n in range((stop - start).days + 1):
            day = start + timedelta(days=n)
            assert billed[(contract_id, day)] == 1, (contract_id, day)
            days += 1
    assert days == sum(billed.values())
    # and billing's ledger of billed days says the same
    assert (
        db.one(
            "SELECT count(*) FROM billing.contract_billing cb JOIN contracts.contracts c "
            "ON c.id = cb.contract_id WHERE cb.last_billed <> least(coalesce(c.end_date, %s), %s)",
            last,
            last,
        )
        == 0
    )


def test_each_line_is_in_the_status_its_contracts_say(db: SqlReader) -> None:
    rows = db.sql(
        "SELECT s.id, s.status, s.contract_id, "
        "(SELECT array_agg(c.id) FROM contracts.contracts c WHERE c.subscriber_id = s.id "
        " AND c.status IN ('active', 'suspended')), "
        "(SELECT array_agg(c.status) FROM contracts.contracts c WHERE c.subscriber_id = s.id "
        " AND c.status IN ('active', 'suspended')) FROM customer.subscribers s"
    )
    seen = Counter()
    for line, status, contract, live_ids, live_statuses in rows:
        if live_ids:
            assert len(live_ids) == 1, line
            assert (status, contract) == (live_statuses[0], live_ids[0]), line
        else:
            assert status == "terminated", line
        seen[status] += 1
    assert seen["active"] and seen["suspended"] and seen["terminated"]
    # the lines suspended by the collections run (dunning) are among the suspended ones
    assert (
        db.one(
            "SELECT count(*) FROM contracts.contracts WHERE status = 'suspended' "
            "AND status_reason = 'dunning'"
        )
        > 0
    )
