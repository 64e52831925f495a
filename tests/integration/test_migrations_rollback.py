"""Migrations that roll back (issue 16, point 3), on a real PostgreSQL.

(a) Every revision of every service's chain: upgrade to it, downgrade one step, upgrade again;
    the schema (columns, constraints, indexes, sequences) read from the catalog is the same
    each time it is at a revision.
(b) With data: an operator seeded through the services' write paths at head, rolled back to
    the previous release (`mtf migrate --to 2026.11`), checked as the previous release would
    find it, upgraded again: every read is the one before, and `mtf rebuild --check` agrees.
"""

from __future__ import annotations

import importlib
from typing import Any

import psycopg
import pytest
from alembic import command

from mtf.kernel.settings import SERVICES, Settings
from mtf.platform.migrate import (
    MigrateRefused,
    alembic_config,
    chain,
    migrate_all,
    migrate_to,
    releases,
    status,
)
from mtf.platform.rebuild import rebuild
from mtf.platform.seed import seed_admin
from mtf.platform.volume import month_start, seed_volume
from tests.conftest import Databases, make_settings
from tests.dates import today

PREVIOUS, CURRENT = "2026.11", "2026.12"


def schema_of(conn: psycopg.Connection[Any], schema: str) -> dict[str, list[tuple[Any, ...]]]:
    """What a migration changes, as the catalog says it (names and definitions, no oids; not
    the columns' order)."""

    def q(sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return [r for r in conn.execute(sql, args).fetchall() if r[0] != "alembic_version"]

    return {
        "columns": q(
            # by name: a column a downgrade adds back comes last (PostgreSQL does not reorder
            # columns) and every query names its columns
            "SELECT table_name, column_name, data_type, udt_name, is_nullable, "
            "column_default, character_maximum_length, numeric_precision, numeric_scale "
            "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2",
            (schema,),
        ),
        "constraints": q(
            "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) "
            "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s ORDER BY 1, 2",
            (schema,),
        ),
        "indexes": q(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s "
            "ORDER BY 1, 2",
            (schema,),
        ),
        "sequences": q(
            "SELECT sequence_name, start_value, maximum_value, cycle_option "
            "FROM information_schema.sequences WHERE sequence_schema = %s ORDER BY 1",
            (schema,),
        ),
    }


def test_every_revision_downgrades_one_step_and_upgrades_to_the_same_schema(
    databases: Databases,
) -> None:
    dsn = databases.create("mtf_rollback_schema")
    with psycopg.connect(dsn, autocommit=True) as conn:
        for service in SERVICES:
            config = alembic_config(service, dsn)
            revisions = [s.revision for s in chain(service)]
            seen = [schema_of(conn, service)]  # before the first revision: nothing
            for i, revision in enumerate(revisions):
                command.upgrade(config, revision)
                at = schema_of(conn, service)
                assert at != seen[-1], f"{revision} changes nothing"
                command.downgrade(config, revisions[i - 1] if i else "base")
                assert schema_of(conn, service) == seen[-1], f"{revision} downgrade"
                command.upgrade(config, revision)
                assert schema_of(conn, service) == at, f"{revision} upgrade after its downgrade"
                seen.append(at)
            command.downgrade(config, "base")  # the whole chain down from head
            leftovers = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_name <> 'alembic_version'",
                (service,),
            ).fetchall()
            assert leftovers == [], f"{service} base still has {leftovers}"


def test_the_releases_name_every_chain_and_the_newest_is_every_head() -> None:
    named = releases()
    assert [r.name for r in named][-2:] == [PREVIOUS, CURRENT]
    for release in named:
        assert set(release.heads) == set(SERVICES), release.name
        for service, revision in release.heads.items():
            assert revision in [s.revision for s in chain(service)], (release.name, revision)
    assert named[-1].heads == {s: chain(s)[-1].revision for s in SERVICES}


# --- (b) with data -------------------------------------------------------------------------

# what both releases have, read as a user of either would (tables and columns of 2026.11)
SHARED_READS = {
    "customer.client_keys": "SELECT client_id, wrapped_key FROM customer.client_keys",
    "customer.cin_registry": "SELECT cin_hash, client_id FROM customer.cin_registry",
    "customer.subscribers": "SELECT id, client_id, service, number, status, contract_id "
    "FROM customer.subscribers",
    "catalog.offers": "SELECT id, code, name, status, version, monthly_fee FROM catalog.offers",
    "contracts.contracts": "SELECT id, client_id, subscriber_id, offer_code, status, "
    "monthly_fee, start_date, end_date, superseded_by FROM contracts.contracts",
    "billing.invoices": "SELECT id, number, client_id, period, issue_date, due_date, subtotal, "
    "vat, total, credited, paid FROM billing.invoices",
    "billing.invoice_lines": "SELECT invoice_id, position, contract_id, days, amount "
    "FROM billing.invoice_lines",
    "billing.bill_runs": "SELECT id, period, status, contracts_total, clients_total "
    "FROM billing.bill_runs",
    "billing.contract_billing": "SELECT contract_id, last_billed FROM billing.contract_billing",
    "collections.payments": "SELECT id, client_id, amount, method, reference, received_on, "
    "status, credit, credit_left FROM collections.payments",
    "collections.allocations": "SELECT payment_id, position, invoice_id, amount, kind, reversed "
    "FROM collections.allocations",
    "collections.receivables": "SELECT invoice_id, total, credited, paid FROM collections.receivables",
    "collections.settlements": "SELECT invoice_id, client_id, paid FROM collections.settlements",
    "collections.cases": "SELECT id, client_id, status, stage FROM collections.cases",
    "identity.operators": "SELECT id, username, role, active FROM identity.operators",
}
# what only the current release has, or holds in another shape: compared after the upgrade
CURRENT_READS = {
    "customer.clients": "SELECT id, cin_hash, sealed_personal, status, erased, name_index "
    "FROM customer.clients",
    "billing.invoice_ledger": "SELECT invoice_id, total, credited FROM billing.invoice_ledger",
    "billing.credit_backs": "SELECT contract_id, end_date, kind FROM billing.credit_backs",
    "billing.document_journal": "SELECT series, seq, number, kind, document_id, content_sha256, "
    "previous_hash, hash FROM billing.document_journal",
    "collections.collections_runs": "SELECT id, as_of, figures FROM collections.collections_runs",
}


def read(conn: psycopg.Connection[Any], queries: dict[str, str]) -> dict[str, list[Any]]:
    return {name: sorted(map(repr, conn.execute(q).fetchall())) for name, q in queries.items()}


def event_counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    counts = {}
    for service in SERVICES:
        table = conn.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = %s",
            (service, f"{service}_events"),
        ).fetchone()
        if table:
            counts[service] = conn.execute(
                f'SELECT count(*) FROM "{service}"."{service}_events"'
            ).fetchone()[0]  # type: ignore[index]
    return counts


def catch_up(settings: Settings) -> dict[str, int]:
    applied = {}
    for service in SERVICES:
        module = importlib.import_module(f"mtf.{service}.app")
        for projector in getattr(module, "build_projectors", lambda _s: [])(settings):
            applied[projector.projection.name] = projector.catch_up()
    return applied


@pytest.fixture(scope="module")
def seeded(databases: Databases) -> Settings:
    settings = make_settings(databases.create("mtf_rollback_data"))
    migrate_all(settings)
    seed_admin(settings)
    seed_volume(settings, 30, as_of=month_start(today()), seed=7, progress=lambda _: None)
    return settings


def test_a_release_rolls_back_with_its_data_and_upgrades_again_to_the_same_reads(
    seeded: Settings,
) -> None:
    settings = seeded
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        before = read(conn, SHARED_READS)
        before_current = read(conn, CURRENT_READS)
        events = event_counts(conn)
        audit = conn.execute("SELECT count(*) FROM identity.identity_audit").fetchone()[0]  # type: ignore[index]
    assert len(before["billing.invoices"]) > 60 and len(before["collections.payments"]) > 40
    assert len(before["customer.client_keys"]) == 30 and audit >= 1
    assert before_current["billing.credit_backs"], "the seed ends contracts"
    assert all(CURRENT in r["releases"] for r in status(settings).values())

    # a downgrade that drops newer data is refused whole, naming what it would lose
    with pytest.raises(MigrateRefused, match="identity_audit"):
        migrate_to(settings, PREVIOUS)
    assert {r["revision"] for r in status(settings).values()} == set(releases()[-1].heads.values())

    migrate_to(settings, PREVIOUS, accept_loss=True)
    assert all(PREVIOUS in r["releases"] for r in status(settings).values())
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        assert read(conn, SHARED_READS) == before  # clients' keys, lines, invoices, payments...
        assert event_counts(conn) == events  # the events are never touched
        # the clients view of 2026.11 (names in clear) is refilled from the events by its
        # projector at the service's first catch-up: emptied, its position rewound
        assert conn.execute("SELECT count(*) FROM customer.clients").fetchone() == (0,)
        assert conn.execute(
            "SELECT position FROM customer.projection_tracking "
            "WHERE projection = 'customer.clients'"
        ).fetchone() == (0,)
        columns = {
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'customer' AND table_name = 'clients'"
            )
        }
        assert {"first_name", "last_name"} <= columns and "name_index" not in columns

    migrate_to(settings, CURRENT)  # what `mtf migrate` does at the next start, too
    replayed = catch_up(settings)  # what each service's projectors do when it starts
    assert replayed["customer.clients"] == events["customer"]  # the clients view, refilled
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        assert read(conn, SHARED_READS) == before
        assert read(conn, CURRENT_READS) == before_current
        assert event_counts(conn) == events
        # the audit history is what the downgrade said it would lose
        assert conn.execute("SELECT count(*) FROM identity.identity_audit").fetchone() == (0,)
    checked = rebuild(settings, (), check_only=True)  # `mtf rebuild --check`
    for service, entry in checked.items():
        for name, result in entry.items():
            if name in {"settlements", "ledgers"}:
                assert result["differences"] == [], (service, name)
            else:
                assert result["matches"], (service, name, result)
