"""`mtf backup` / `mtf restore` (docs/operations/backup.md) on real PostgreSQL: the round trip
of a populated operator (the volume dataset, small), a restore refused into a database that is
not empty, a damaged archive refused, and a backup taken in the middle of a bill run that
restores to a state the run resumes from and completes: each client billed once, numbers
gapless, the same invoices as the original run."""

from __future__ import annotations

import tarfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from mtf.billing.app import Billing
from mtf.kernel.auth import ALL_PERMISSIONS, issue_access_token
from mtf.kernel.db import make_engine
from mtf.kernel.settings import Settings
from mtf.platform.backup import (
    BackupError,
    NotEmpty,
    backup,
    read_manifest,
    restore,
    serving,
    verify,
)
from mtf.platform.invariants import _net_days, check_numbering
from mtf.platform.migrate import migrate_all
from mtf.platform.seed import seed_admin
from mtf.platform.volume import month_start, seed_volume
from tests.conftest import Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, operator_headers, running_services
from tests.integration.test_billing_http import PERMS, checkout, offer, person

CLIENTS = 40


class Sql:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def sql(self, query: str, *args: Any) -> list[Any]:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            return list(conn.execute(query, args).fetchall())


def reads(settings: Settings, clients: list[str]) -> dict[str, Any]:
    """What an operator sees of these clients: their record, invoices and balance."""
    token = issue_access_token(
        settings.jwt_secret,
        subject="op",
        username="admin",
        permissions=list(ALL_PERMISSIONS),
        ttl_seconds=900,
    )
    headers = {"Authorization": f"Bearer {token}"}
    seen: dict[str, Any] = {}
    with serving(settings, ("customer", "billing", "collections")) as running:
        urls = running.service_urls
        for client in clients:
            for service, path in (
                ("customer", f"/api/v1/clients/{client}"),
                ("billing", f"/api/v1/invoices?client_id={client}&limit=100"),
                ("collections", f"/api/v1/clients/{client}/balance"),
            ):
                r = httpx.get(urls[service] + path, headers=headers, timeout=60)
                assert r.status_code == 200, (path, r.text)
                seen[path] = r.json()
    return seen


@pytest.fixture(scope="module")
def populated(databases: Databases) -> Settings:
    settings = make_settings(databases.create("mtf_backup_src"))
    migrate_all(settings)
    seed_admin(settings)
    seed_volume(settings, CLIENTS, as_of=month_start(today()), seed=7, progress=lambda _: None)
    # some invoices' PDFs archived (as the worker does), the others still waiting
    with serving(settings, ("customer",)) as running:
        billing = Billing(running, make_engine(settings.database_url, "billing"))
        assert billing.documents().archive_pending(limit=6) == 6
    return settings


@pytest.fixture(scope="module")
def archive(populated: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("backup") / "mtf.backup"
    backup(populated, out)
    return out


def test_a_populated_operator_restores_verified_and_answers_the_same(
    populated: Settings, archive: Path, databases: Databases
) -> None:
    manifest = read_manifest(archive)
    # the manifest says what the backup holds
    assert manifest["release"] == "2026.12"
    assert manifest["events"]["billing"]["count"] > CLIENTS
    assert manifest["documents"]["count"] == 6 and manifest["documents"]["bytes"] > 6 * 1000
    fac = [s for s in manifest["series"] if s.startswith("FAC-")]
    assert fac and all(manifest["series"][s]["head"] for s in fac)
    assert len(manifest["samples"]["clients"]) == 5 and manifest["samples"]["invoices"]

    target = databases.create("mtf_backup_dst")
    report = restore(populated, archive, target)
    assert report["verified"], {k: v for k, v in report["checks"].items() if not v["ok"]}
    assert set(report["checks"]) == {
        "schemas",
        "events",
        "documents",
        "series",
        "tables",
        "journal",
        "read_models",
        "reads",
    }

    assert "skipped" not in report["checks"]["reads"]  # a quiet operator: every read compared
    # the services on the restored database answer what they answer on the original
    clients = [
        c[0]
        for c in Sql(populated.database_url).sql(
            "SELECT id::text FROM customer.clients ORDER BY id LIMIT 4"
        )
    ]
    restored = replace(populated, database_url=target)
    assert reads(restored, clients) == reads(populated, clients)

    # the checks are not vacuous: a figure changed behind the services' back is reported
    invoice = manifest["samples"]["invoices"][0]
    Sql(target).sql(
        "UPDATE billing.invoices SET subtotal = subtotal + 1, total = total + 1 WHERE id = %s "
        "RETURNING id",
        invoice["id"],
    )
    again = verify(restored, manifest, verify_reads=False)
    assert not again["verified"]
    differences = again["checks"]["tables"]["differences"]
    total = f"'{Decimal(invoice['total']) + 1:.2f}'"
    assert f"invoices[0].total: backup {invoice['total']!r}, restored {total}" in differences
    assert all(d.startswith("invoices[0].") for d in differences), differences
    assert again["checks"]["read_models"]["differences"]  # billing's views are not a replay
    # and a snapshot whose views were behind compares the tables, not the services' reads
    behind = {
        **manifest,
        "streams": {"billing/projection:billing.views": {"position": 1, "lag": 3}},
    }
    skipped = verify(restored, behind, verify_reads=True)["checks"]["reads"]
    assert skipped["ok"] and "billing/projection:billing.views by 3" in skipped["skipped"]


def test_a_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(
    populated: Settings, archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = Sql(populated.database_url).sql("SELECT count(*) FROM billing.invoices")
    with pytest.raises(NotEmpty):
        restore(populated, archive, populated.database_url)
    from mtf.cli import main

    assert main(["restore", "--from", str(archive), "--database-url", populated.database_url]) == 3
    assert "is not empty" in capsys.readouterr().out
    assert Sql(populated.database_url).sql("SELECT count(*) FROM billing.invoices") == before


def test_a_damaged_archive_is_refused_before_anything_is_restored(
    populated: Settings, archive: Path, databases: Databases, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.backup"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            assert data is not None
            body = data.read()
            if member.name == "mtf.dump":
                body = body[:-64] + bytes(64)
            member.size = len(body)
            import io

            dst.addfile(member, io.BytesIO(body))
    target = databases.create("mtf_backup_bad")
    with pytest.raises(BackupError, match="SHA-256"):
        restore(populated, damaged, target)
    assert Sql(target).sql(
        "SELECT count(*) FROM pg_namespace WHERE nspname IN ('billing', 'customer')"
    ) == [(0,)]


# --- a backup taken while a bill run is half-way ---------------------------------------------


@pytest.fixture(scope="module")
def billing_env(databases: Databases) -> Iterator[ServiceEnv]:
    settings = make_settings(databases.create("mtf_backup_run"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        yield ServiceEnv(running, operator_headers(running, PERMS))


def invoices_of(dsn: str, period: str) -> list[tuple[str, str, str]]:
    return [
        (str(c), n, str(t))
        for c, n, t in Sql(dsn).sql(
            "SELECT client_id, number, total FROM billing.invoices WHERE period = %s "
            "ORDER BY client_id",
            period,
        )
    ]


def test_a_backup_taken_during_a_bill_run_restores_to_a_run_that_resumes_and_completes(
    billing_env: ServiceEnv, databases: Databases, tmp_path: Path
) -> None:
    env = billing_env
    first: date = (today().replace(day=1) - timedelta(days=40)).replace(day=1)
    period = month_of(first)
    fee = offer(env, "45.00")  # type: ignore[arg-type]
    for _ in range(8):
        checkout(env, {"offer_id": fee, "new_client": person(), "effective_date": str(first)})  # type: ignore[arg-type]
    billing = Billing(env.settings, make_engine(env.settings.database_url, "billing"))
    runner = billing.runner()
    runner.batch_size = 2
    run_id = runner.start(period, today(), "test")

    # the run's second batch has its invoices recorded (numbers taken) but is not yet marked
    # done when the backup's snapshot is taken: the worst moment
    at_second_batch, backup_taken = threading.Event(), threading.Event()
    real_record = runner.work.record
    calls = {"n": 0}

    def record(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            at_second_batch.set()
            assert backup_taken.wait(60)
        real_record(*args, **kwargs)

    runner.work.record = record  # type: ignore[method-assign]
    worker = threading.Thread(target=runner.work_on, args=(run_id,))
    worker.start()
    try:
        assert at_second_batch.wait(60)
        archive = tmp_path / "during-run.backup"
        manifest = backup(env.settings, archive)
    finally:
        backup_taken.set()
        worker.join(60)
    [open_run] = manifest["open_bill_runs"]
    assert open_run["id"] == str(run_id) and open_run["status"] != "completed"
    assert open_run["clients_done"] == 2 and open_run["clients_total"] == 8
    original = invoices_of(env.settings.database_url, period)
    assert len(original) == 8

    target = databases.create("mtf_backup_run_dst")
    report = restore(env.settings, archive, target)
    assert report["verified"], {k: v for k, v in report["checks"].items() if not v["ok"]}
    # the backup caught the views up before its snapshot (the run was waiting): the reads of
    # the services on the restored database were compared too
    assert "skipped" not in report["checks"]["reads"]
    restored_env = replace(env.settings, database_url=target)
    # at restore: 4 invoices issued (2 marked done, 2 recorded before the snapshot), 4 to go
    assert len(invoices_of(target, period)) == 4
    with running_services(
        restored_env, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        resumed = Billing(running, make_engine(target, "billing")).runner()
        while resumed.work_on_open_runs(max_batches=1):  # what the worker does after a restore
            pass
        token = issue_access_token(
            running.jwt_secret, subject="op", username="admin", permissions=PERMS, ttl_seconds=900
        )
        run = httpx.get(
            f"{running.service_urls['billing']}/api/v1/bill-runs/{run_id}",
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    assert run["status"] == "completed" and run["progress"]["clients_done"] == 8
    # each client billed once, numbers gapless, the very invoices the original run issued
    after = invoices_of(target, period)
    assert after == original
    db = Sql(target)
    check_numbering(db)  # type: ignore[arg-type]
    clients = [uuid.UUID(c) for c, _, _ in after]
    assert max(_net_days(db, "contract_id", clients).values()) == 1  # type: ignore[arg-type]
