"""The tamper-evident journal on a real PostgreSQL, through the real billing HTTP API (and
the gateway): every issued invoice and credit note is chained in its series, the bill run
reports the chain head, and a document altered, deleted or forged straight in the database
is caught by `GET /api/v1/audit/journal` and `mtf audit verify`."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
import psycopg
import pytest
from alembic import command

from mtf.billing.adapters.postgres import journal as journal_module
from mtf.billing.app import Billing
from mtf.kernel.auth import issue_access_token
from mtf.kernel.db import make_engine
from mtf.platform.migrate import alembic_config, migrate_all
from tests.conftest import ROOT, Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, operator_headers, running_services

PERMS = [
    "offers:write",
    "clients:write",
    "contracts:write",
    "provisioning:write",
    "billing:write",
    "audit:read",
]
GENESIS = "0" * 64


class Env(ServiceEnv):
    run: dict[str, Any]
    jwt_secret: str

    @property
    def fac(self) -> str:
        return f"FAC-{today().year:04d}"

    @property
    def av(self) -> str:
        return f"AV-{today().year:04d}"

    def journal(self, series: str, via: str = "billing") -> dict[str, Any]:
        return dict(self.get(via, "/api/v1/audit/journal", series=series))

    def sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.settings.database_url) as conn:
            cur = conn.execute(statement, params)
            return list(cur.fetchall()) if cur.description else []


def _checkout(env: Env, offer_id: str, start: str, n: int) -> None:
    body = {
        "offer_id": offer_id,
        "effective_date": start,
        "new_client": {
            "first_name": "Yasmine",
            "last_name": f"Alaoui{n}",
            "cin": f"J{uuid.uuid4().int % 900000 + 100000}",
            "phone": "0622222222",
            "city": "Fès",
        },
    }
    r = env.post(
        "contracts", "/api/v1/provisioning/orders", body, **{"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text


@pytest.fixture(scope="module", autouse=True)
def small_chunks() -> Iterator[None]:
    """The services run in this process: the API verifies 5 numbers per read (a series
    spans several reads), the CLI with its own default."""
    saved = journal_module.CHUNK
    journal_module.CHUNK = 5
    yield
    journal_module.CHUNK = saved


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_journal"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections", "gateway")
    ) as running:
        e = Env(running, operator_headers(running, PERMS))
        e.jwt_secret = running.jwt_secret
        offer = e.post(
            "catalog",
            "/api/v1/offers",
            {
                "code": f"J-{uuid.uuid4().hex[:8]}",
                "name": "Offre journal",
                "service": "mobile",
                "monthly_fee": "99.00",
                "components": {"data": {"quota_gb": 5}},
            },
        ).json()
        e.post("catalog", f"/api/v1/offers/{offer['id']}/publish").raise_for_status()
        last_month_end = today().replace(day=1) - timedelta(days=1)
        for n in range(3):
            _checkout(e, offer["id"], last_month_end.replace(day=1).isoformat(), n)
        started = e.post("billing", "/api/v1/bill-runs", {"period": month_of(last_month_end)})
        assert started.status_code == 202, started.text
        deadline = time.monotonic() + 60
        while (run := e.get("billing", f"/api/v1/bill-runs/{started.json()['id']}"))[
            "status"
        ] != "completed":
            assert time.monotonic() < deadline, run
            time.sleep(0.1)
        e.run = run
        yield e


def _cli(env: Env, series: str, *more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mtf.cli", "audit", "verify", "--series", series, *more],
        cwd=ROOT,
        env={  # an auditor needs the database only: no secret of the services
            **{k: v for k, v in os.environ.items() if not k.startswith("MTF_")},
            "PYTHONPATH": str(ROOT / "src"),
            "DATABASE_URL": env.settings.database_url,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def _canonical(invoice: dict[str, Any]) -> bytes:
    """docs/audit-journal.md's canonical content, built from the API's invoice as an auditor
    would."""
    fields = ("id", "number", "client_id", "period", "issue_date", "due_date", "currency")
    content: dict[str, Any] = {k: invoice[k] for k in fields}
    content.update({k: invoice[k] for k in ("subtotal", "vat", "total")}, kind="invoice")
    line_fields = ("contract_id", "subscriber_id", "description", "start_date", "end_date")
    content["lines"] = [
        {
            **{k: line[k] for k in line_fields},
            "days": line["days"],
            "monthly_fee": line["monthly_fee"],
            "amount": line["amount"],
        }
        for line in invoice["lines"]
    ]
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def test_each_document_is_chained_in_its_series_and_the_run_reports_the_head(env: Env) -> None:
    head = env.run["journal"]
    assert head["series"] == env.fac
    assert (head["documents"], head["head_number"]) == (3, f"{env.fac}-000003")

    # through the gateway, as partners and the console reach it
    report = env.journal(env.fac, via="gateway")
    assert report["valid"] is True and report["first_break"] is None
    assert (report["documents"], report["verified"], report["stored"]) == (3, 3, 3)
    assert report["head"] == head["head"]

    # the recorded hash is SHA-256 over the documented canonical JSON, chained to the
    # document before it: an auditor recomputes it from the invoice the API serves
    invoices = env.get("billing", "/api/v1/invoices", sort="number")["items"]
    previous = GENESIS
    for invoice in invoices:
        [(content_sha, chained)] = env.sql(
            "SELECT content_sha256, hash FROM billing.document_journal WHERE number = %s",
            invoice["number"],
        )
        assert content_sha == hashlib.sha256(_canonical(invoice)).hexdigest()
        assert chained == hashlib.sha256((previous + content_sha).encode()).hexdigest()
        previous = chained
    assert previous == head["head"]

    # a credit note opens its own series (AV-YYYY), chained the same way
    r = env.post(
        "billing",
        f"/api/v1/invoices/{invoices[0]['id']}/credit-notes",
        {"amount": "10.00", "reason": "geste commercial"},
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    notes = env.journal(env.av)
    assert (notes["valid"], notes["documents"], notes["head_number"]) == (
        True,
        1,
        r.json()["number"],
    )
    assert env.journal(env.fac)["head"] == head["head"]  # the invoices' chain unchanged

    cli = _cli(env, env.fac)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert f"{env.fac}: valid, 3 documents, head {head['head']}" in cli.stdout

    # the head the run reported, kept by the auditor, is found at its number
    kept = env.get("billing", "/api/v1/audit/journal", series=env.fac, kept_head=head["head"])
    assert kept["kept_head"] == {"hash": head["head"], "found": True, "number": head["head_number"]}
    cli = _cli(env, env.fac, "--kept-head", head["head"])
    assert cli.returncode == 0 and f"the kept head is {head['head_number']}'s" in cli.stdout


def test_a_bad_series_is_refused_naming_the_field_and_auditing_needs_its_permission(
    env: Env,
) -> None:
    for params in ({"series": "FAC-26"}, {"series": "XYZ-2026"}, {}):
        r = httpx.get(
            env.url("billing", "/api/v1/audit/journal"), params=params, headers=env.headers
        )
        assert r.status_code in (400, 422), (params, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["errors"][0]["field"] == "series", r.text
    token = issue_access_token(
        env.jwt_secret,
        subject="op2",
        username="clerk",
        permissions=["billing:write"],
        ttl_seconds=60,
    )
    r = httpx.get(
        env.url("billing", "/api/v1/audit/journal"),
        params={"series": env.fac},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 403
    r = httpx.get(
        env.url("billing", "/api/v1/audit/journal"),
        params={"series": env.fac, "kept_head": "abc"},
        headers=env.headers,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kept_head"
    assert (
        httpx.get(
            env.url("billing", "/api/v1/audit/journal"), params={"series": env.fac}
        ).status_code
        == 401
    )
    cli = _cli(env, "FAC-26")
    assert cli.returncode == 2 and "--series" in cli.stdout
    cli = _cli(env, env.fac, "--kept-head", "abc")
    assert cli.returncode == 2 and "--kept-head" in cli.stdout


def _broken(env: Env, number: str, reason: str) -> dict[str, Any]:
    report = env.journal(env.fac)
    assert report["valid"] is False, report
    assert (report["first_break"]["number"], report["first_break"]["reason"]) == (number, reason)
    cli = _cli(env, env.fac)
    assert cli.returncode == 1
    assert f"{env.fac}: BROKEN at {number} ({reason})" in cli.stdout
    return report


def _valid_again(env: Env) -> None:
    report = env.journal(env.fac)
    assert report["valid"] is True, report
    assert report["head"] == env.run["journal"]["head"]


def test_an_amount_altered_in_the_database_is_caught(env: Env) -> None:
    number = f"{env.fac}-000002"
    env.sql(
        "UPDATE billing.invoices SET subtotal = subtotal + 100, total = total + 100 WHERE number = %s",
        number,
    )
    try:
        [invoice] = [
            i for i in env.get("billing", "/api/v1/invoices")["items"] if i["number"] == number
        ]
        report = _broken(env, number, "altered")
        assert report["first_break"]["document_id"] == invoice["id"]
        assert report["verified"] == 1  # FAC-...-000001 still matches
    finally:
        env.sql(
            "UPDATE billing.invoices SET subtotal = subtotal - 100, total = total - 100 WHERE number = %s",
            number,
        )
    _valid_again(env)
    # a line's amount counts as much as the total
    env.sql(
        "UPDATE billing.invoice_lines SET amount = amount - 1 WHERE invoice_id = "
        "(SELECT id FROM billing.invoices WHERE number = %s)",
        number,
    )
    try:
        _broken(env, number, "altered")
    finally:
        env.sql(
            "UPDATE billing.invoice_lines SET amount = amount + 1 WHERE invoice_id = "
            "(SELECT id FROM billing.invoices WHERE number = %s)",
            number,
        )
    _valid_again(env)


@contextmanager
def removed(env: Env, number: str, *, with_entry: bool) -> Iterator[None]:
    """An invoice deleted straight in PostgreSQL (with its journal entry, or not), put back
    as it was afterwards."""
    with psycopg.connect(env.settings.database_url) as conn:
        kept: list[tuple[str, list[str], list[tuple[Any, ...]]]] = []
        tables = [
            ("billing.invoices", "number = %s"),
            (
                "billing.invoice_lines",
                "invoice_id = (SELECT id FROM billing.invoices WHERE number = %s)",
            ),
        ]
        if with_entry:
            tables.append(("billing.document_journal", "number = %s"))
        for table, where in tables:
            cur = conn.execute(f"SELECT * FROM {table} WHERE {where}", (number,))
            kept.append((table, [d.name for d in cur.description or []], cur.fetchall()))
        for table, where in reversed(tables):
            conn.execute(f"DELETE FROM {table} WHERE {where}", (number,))
    try:
        yield
    finally:
        with psycopg.connect(env.settings.database_url) as conn:
            for table, columns, rows in kept:
                for row in rows:
                    conn.execute(
                        f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"VALUES ({', '.join(['%s'] * len(columns))})",
                        row,
                    )


def test_a_document_deleted_in_the_database_is_caught(env: Env) -> None:
    number = f"{env.fac}-000001"
    with removed(env, number, with_entry=False):
        _broken(env, number, "missing")
    _valid_again(env)
    # removed with its journal entry too: the gap in the numbers, and the next document
    # no longer follows the one before it
    with removed(env, number, with_entry=True):
        report = _broken(env, number, "missing")
        assert report["breaks"] == 2 and report["verified"] == 0
    _valid_again(env)


def test_a_document_forged_in_the_database_is_caught(env: Env) -> None:
    forged = f"{env.fac}-000004"
    forged_id = uuid.uuid4()
    env.sql(
        "INSERT INTO billing.invoices (id, number, client_id, period, issue_date, due_date, "
        "currency, subtotal, vat, total, credited, paid, bill_run_id, created_at) "
        "SELECT %s, %s, %s, period, issue_date, due_date, currency, subtotal, vat, "
        "total, 0, 0, bill_run_id, created_at FROM billing.invoices WHERE number = %s",
        forged_id,
        forged,
        uuid.uuid4(),  # a client with no invoice for the period
        f"{env.fac}-000003",
    )
    try:
        report = _broken(env, forged, "inserted")
        assert report["first_break"]["document_id"] == str(forged_id)
        assert report["verified"] == 3 and report["documents"] == 3 and report["stored"] == 4
        # a forger who also appends a well-chained journal entry makes a longer chain: its
        # head is no longer the one the bill run reported (and the auditor kept)
        [(previous,)] = env.sql(
            "SELECT hash FROM billing.document_journal WHERE number = %s", f"{env.fac}-000003"
        )
        content = hashlib.sha256(b"forged").hexdigest()
        env.sql(
            "INSERT INTO billing.document_journal (series, seq, number, kind, document_id, "
            "content_sha256, previous_hash, hash) VALUES (%s, 4, %s, 'invoice', %s, %s, %s, %s)",
            env.fac,
            forged,
            forged_id,
            content,
            previous,
            hashlib.sha256((previous + content).encode()).hexdigest(),
        )
        report = _broken(env, forged, "altered")  # its content is not what was recorded
        assert report["head"] != env.run["journal"]["head"] and report["documents"] == 4
        # the head kept from the run is still there: everything up to it is as issued
        kept = env.get(
            "billing", "/api/v1/audit/journal", series=env.fac, kept_head=env.run["journal"]["head"]
        )
        assert kept["kept_head"]["number"] == f"{env.fac}-000003"
    finally:
        env.sql("DELETE FROM billing.document_journal WHERE number = %s", forged)
        env.sql("DELETE FROM billing.invoices WHERE id = %s", forged_id)
    _valid_again(env)


def test_the_last_document_removed_with_its_entry_is_caught_by_the_kept_head(env: Env) -> None:
    """Cut short, a series still chains: the head kept from the bill run is what is missing."""
    kept_head = env.run["journal"]["head"]
    with removed(env, env.run["journal"]["head_number"], with_entry=True):
        report = env.get("billing", "/api/v1/audit/journal", series=env.fac, kept_head=kept_head)
        assert report["valid"] is True and report["documents"] == 2  # what is left chains
        assert report["kept_head"] == {"hash": kept_head, "found": False, "number": None}
        cli = _cli(env, env.fac, "--kept-head", kept_head)
        assert cli.returncode == 1 and "the kept head is NOT in the journal" in cli.stdout
    _valid_again(env)


def test_workers_and_credit_notes_at_once_keep_each_chain_whole(env: Env) -> None:
    """Three workers share a supplementary pass in batches of two while operators issue
    credit notes: every document lands in its series' chain once, in number order."""
    last_month_end = today().replace(day=1) - timedelta(days=1)
    offers = env.get("catalog", "/api/v1/offers", status="published")["items"]
    for n in range(9):
        _checkout(env, offers[0]["id"], last_month_end.replace(day=1).isoformat(), 10 + n)
    billings = [
        Billing(env.settings, make_engine(env.settings.database_url, "billing")) for _ in range(3)
    ]
    try:
        runners = [b.runner() for b in billings]
        for r in runners:
            r.batch_size = 2
        run_id = runners[0].start(month_of(last_month_end), today(), "test")
        invoices = env.get("billing", "/api/v1/invoices", sort="number")["items"]

        def credit(invoice_id: str) -> None:
            r = env.post(
                "billing",
                f"/api/v1/invoices/{invoice_id}/credit-notes",
                {"amount": "1.00", "reason": "remise"},
                **{"Idempotency-Key": str(uuid.uuid4())},
            )
            assert r.status_code == 201, r.text

        threads = [threading.Thread(target=r.work_on, args=(run_id,)) for r in runners]
        threads += [threading.Thread(target=credit, args=(i["id"],)) for i in invoices * 2]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        run = env.get("billing", f"/api/v1/bill-runs/{run_id}")
        while run["status"] != "completed":
            time.sleep(0.1)
            run = env.get("billing", f"/api/v1/bill-runs/{run_id}")
    finally:
        for b in billings:
            b.events.close()
            b.engine.dispose()
    assert run["progress"]["invoices_issued"] == 9
    fac = env.journal(env.fac)
    assert (fac["valid"], fac["documents"], fac["stored"]) == (True, 12, 12), fac
    assert fac["head"] == run["journal"]["head"] and fac["head_number"] == f"{env.fac}-000012"
    av = env.journal(env.av)
    assert (av["valid"], av["documents"]) == (True, 7), av  # 1 before, 6 now
    env.run = run  # the head an auditor keeps now


def test_the_migration_records_documents_issued_before_the_journal_as_issuing_did(
    env: Env,
) -> None:
    """Downgrading drops the journal; upgrading again records the stored documents in
    number order from the tables: the same hashes as the ones written when they were issued,
    so a database migrated with documents in it verifies, and keeps its bill runs' heads."""
    query = (
        "SELECT number, content_sha256, previous_hash, hash FROM billing.document_journal "
        "ORDER BY series, seq"
    )
    recorded = env.sql(query)
    assert len(recorded) == 19  # twelve invoices and seven credit notes
    config = alembic_config("billing", env.settings.database_url)
    command.downgrade(config, "billing_0004")
    assert env.sql("SELECT to_regclass('billing.document_journal')") == [(None,)]
    command.upgrade(config, "head")
    assert env.sql(query) == recorded
    assert env.journal(env.fac)["head"] == env.run["journal"]["head"]
    assert env.journal(env.av)["valid"] is True
