"""Billing on a real PostgreSQL, following a real contracts feed over HTTP: bill runs,
idempotency, concurrency, a worker killed mid-run, numbering, credit notes, PDFs."""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from mtf.billing.app import Billing
from mtf.billing.domain.invoice import bill_run_id_for
from mtf.kernel.auth import issue_access_token
from mtf.kernel.db import make_engine
from mtf.platform.migrate import migrate_all
from tests.conftest import ROOT, Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, running_services

PERMS = [
    "offers:write",
    "clients:write",
    "contracts:write",
    "provisioning:write",
    "billing:write",
    "audit:read",
]


class Env(ServiceEnv):
    pass


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_billing"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(settings, ("catalog", "customer", "contracts", "billing")) as running:
        token = issue_access_token(
            running.jwt_secret, subject="op", username="admin", permissions=PERMS, ttl_seconds=900
        )
        yield Env(running, {"Authorization": f"Bearer {token}"})


def offer(env: Env, fee: str, service: str = "mobile") -> str:
    components = {
        "mobile": {"data": {"quota_gb": 5}},
        "internet": {"adsl": {"speed_mbps": 20}, "landline": {}},
    }[service]
    created = env.post(
        "catalog",
        "/api/v1/offers",
        {
            "code": f"B-{uuid.uuid4().hex[:8]}",
            "name": f"Offre {fee}",
            "service": service,
            "monthly_fee": fee,
            "components": components,
        },
    ).json()
    env.post("catalog", f"/api/v1/offers/{created['id']}/publish")
    return str(created["id"])


def checkout(env: Env, body: dict[str, Any]) -> dict[str, Any]:
    r = env.post(
        "contracts", "/api/v1/provisioning/orders", body, **{"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def person() -> dict[str, str]:
    return {
        "first_name": "Salma",
        "last_name": "Idrissi",
        "cin": f"S{random.randint(100000, 999999)}",
        "phone": "0611111111",
        "city": "Tanger",
    }


def wait_run(env: Env, run_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = env.get("billing", f"/api/v1/bill-runs/{run_id}")
        if run["status"] == "completed":
            return dict(run)
        time.sleep(0.1)
    raise AssertionError(f"run not completed: {run}")


def numbers(env: Env) -> list[int]:
    with psycopg.connect(env.settings.database_url) as conn:
        rows = conn.execute("SELECT number FROM billing.invoices ORDER BY number").fetchall()
    return [int(r[0].split("-")[2]) for r in rows]


def test_a_bill_run_bills_catch_up_plan_change_and_termination_exactly(env: Env) -> None:
    cheap, dear, adsl = offer(env, "60.00"), offer(env, "90.00"), offer(env, "310.00", "internet")
    first = checkout(
        env, {"offer_id": cheap, "new_client": person(), "effective_date": "2026-09-10"}
    )
    change = checkout(
        env, {"offer_id": dear, "client_id": first["client_id"], "effective_date": "2026-10-16"}
    )
    assert change["outcome"] == "plan_change"
    second = checkout(
        env, {"offer_id": adsl, "new_client": person(), "effective_date": "2026-10-01"}
    )
    env.post(
        "contracts",
        f"/api/v1/contracts/{second['contract_id']}/suspend",
        {"reason": "unpaid", "effective_date": "2026-10-05"},
    ).raise_for_status()
    env.post(
        "contracts",
        f"/api/v1/contracts/{second['contract_id']}/terminate",
        {"reason": "moving", "effective_date": "2026-10-20"},
    ).raise_for_status()

    dry = env.post("billing", "/api/v1/bill-runs", {"period": "2026-10", "dry_run": True}).json()
    assert (dry["dry_run"], dry["progress"]["invoices_issued"]) == (True, 2)
    assert env.get("billing", "/api/v1/invoices")["total"] == 0  # a dry run writes nothing

    started = env.post("billing", "/api/v1/bill-runs", {"period": "2026-10", "as_of": "2026-11-02"})
    assert started.status_code == 202
    run = wait_run(env, started.json()["id"])
    assert run["progress"]["invoices_issued"] == 2
    assert run["progress"]["amount_billed"] == dry["progress"]["amount_billed"]

    [inv1] = env.get("billing", "/api/v1/invoices", client_id=first["client_id"])["items"]
    assert [
        (ln["start_date"], ln["end_date"], ln["days"], ln["amount"]) for ln in inv1["lines"]
    ] == [
        ("2026-09-10", "2026-09-30", 21, "42.00"),  # late activation caught up
        ("2026-10-01", "2026-10-15", 15, "29.03"),  # old plan until the day before the change
        ("2026-10-16", "2026-10-31", 16, "46.45"),  # new plan from its effective date
    ]
    assert (inv1["subtotal"], inv1["vat"], inv1["total"]) == ("117.48", "23.50", "140.98")
    assert (inv1["issue_date"], inv1["due_date"], inv1["period"]) == (
        "2026-11-02",
        "2026-12-02",
        "2026-10",
    )
    [inv2] = env.get("billing", "/api/v1/invoices", client_id=second["client_id"])["items"]
    assert [(ln["start_date"], ln["end_date"], ln["amount"]) for ln in inv2["lines"]] == [
        ("2026-10-01", "2026-10-20", "200.00")
    ]

    # the same period again: a supplementary pass, with nothing new to invoice
    again = env.post("billing", "/api/v1/bill-runs", {"period": "2026-10"}).json()
    assert again["id"] != run["id"] and again["pass_number"] == 2 and run["pass_number"] == 1
    assert wait_run(env, again["id"])["progress"]["invoices_issued"] == 0
    assert env.get("billing", "/api/v1/invoices")["total"] == 2
    # the next month bills only what follows
    wait_run(
        env,
        env.post(
            "billing", "/api/v1/bill-runs", {"period": "2026-11", "as_of": today().isoformat()}
        ).json()["id"],
    )
    assert numbers(env) == list(range(1, len(numbers(env)) + 1))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"period": "2026-13"}, "period"),
        ({"period": month_of(today())}, "period"),  # this month is not over
        ({"period": month_of(today() + timedelta(days=400))}, "period"),
        ({"period": "2026-09", "as_of": (today() + timedelta(days=1)).isoformat()}, "as_of"),
        ({"period": 202609}, "period"),
    ],
)
def test_bad_periods_are_refused_and_start_nothing(
    env: Env, body: dict[str, Any], field: str
) -> None:
    before = env.get("billing", "/api/v1/bill-runs")["total"]
    r = env.post("billing", "/api/v1/bill-runs", body)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == field
    assert env.get("billing", "/api/v1/bill-runs")["total"] == before


def _clients_with_contracts(env: Env, count: int, start: str) -> None:
    mobile = offer(env, "45.00")
    for _ in range(count):
        checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})


def test_two_workers_at_once_issue_each_invoice_once_with_gapless_numbers(env: Env) -> None:
    _clients_with_contracts(env, 12, "2026-07-01")
    billings = [
        Billing(env.settings, make_engine(env.settings.database_url, "billing")) for _ in range(3)
    ]
    runners = [b.runner() for b in billings]
    for r in runners:
        r.batch_size = 3
    run_ids = {
        runners[0].start("2026-07", today(), "test"),
        runners[1].start("2026-07", today(), "test"),
    }
    assert run_ids == {bill_run_id_for("2026-07")}  # started twice at once: one run
    threads = [
        threading.Thread(target=r.work_on, args=(bill_run_id_for("2026-07"),)) for r in runners
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run = wait_run(env, str(bill_run_id_for("2026-07")))
    assert run["progress"]["invoices_issued"] == 12
    invoices = env.get("billing", "/api/v1/invoices", period="2026-07", limit=100)["items"]
    assert len(invoices) == len({i["client_id"] for i in invoices}) == 12
    assert numbers(env) == list(range(1, len(numbers(env)) + 1))


def test_a_worker_killed_mid_run_is_resumed_without_duplicates_or_gaps(
    env: Env, tmp_path: Path
) -> None:
    _clients_with_contracts(env, 7, "2026-05-01")
    billing = Billing(env.settings, make_engine(env.settings.database_url, "billing"))
    run_id = billing.runner().start("2026-05", today(), "test")
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(json.dumps(dataclasses.asdict(env.settings)))
    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.bill_until_killed",
            str(settings_file),
            str(run_id),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == 137, killed.stderr[-2000:]
    partial = env.get("billing", f"/api/v1/bill-runs/{run_id}")
    assert partial["status"] in ("planning", "running")  # the read model follows within a second
    assert partial["progress"]["clients_done"] < 7
    billing.runner().work_on(run_id)  # the worker, started again
    run = wait_run(env, str(run_id))
    assert run["progress"]["invoices_issued"] == 7
    invoices = env.get("billing", "/api/v1/invoices", period="2026-05", limit=100)["items"]
    assert len({i["client_id"] for i in invoices}) == len(invoices) == 7
    assert numbers(env) == list(range(1, len(numbers(env)) + 1))


def credit(env: Env, url: str, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    return env.post("billing", url, body, **{"Idempotency-Key": key or str(uuid.uuid4())})


def notes_count(env: Env) -> int:
    with psycopg.connect(env.settings.database_url) as conn:
        row = conn.execute("SELECT count(*) FROM billing.billing_events WHERE originator_id IN "
                           "(SELECT originator_id FROM billing.billing_events WHERE topic LIKE "
                           "'%CreditNote.Issued')").fetchone()
    assert row is not None
    return int(row[0])


def test_credit_notes_reduce_what_is_due_and_never_exceed_it(env: Env) -> None:
    invoice = env.get("billing", "/api/v1/invoices", period="2026-10", limit=1)["items"][0]
    url = f"/api/v1/invoices/{invoice['id']}/credit-notes"
    total = Decimal(invoice["total"])
    # no Idempotency-Key: a 400 problem naming it, nothing recorded
    before = notes_count(env)
    no_key = env.post("billing", url, {"amount": "10.50", "reason": "geste commercial"})
    assert no_key.status_code == 400 and no_key.json()["errors"][0]["field"] == "Idempotency-Key"
    assert notes_count(env) == before
    key = str(uuid.uuid4())
    part = credit(env, url, {"amount": "10.50", "reason": "geste commercial"}, key)
    assert part.status_code == 201, part.text
    note = part.json()
    assert note["number"].startswith("AV-2026-")
    # at the invoice's rate (20%): subtotal + VAT = total = amount, exactly
    assert (note["subtotal"], note["vat"], note["total"], note["amount"]) == (
        "8.75",
        "1.75",
        "10.50",
        "10.50",
    )
    assert note["refundable"] == "0.00"  # nothing paid yet: no client credit
    # the same key and body: the first answer again, nothing new
    replay = credit(env, url, {"amount": "10.50", "reason": "geste commercial"}, key)
    assert replay.status_code == 201 and replay.json() == note
    # the same key with another body: refused, nothing new
    other = credit(env, url, {"amount": "11.00", "reason": "geste commercial"}, key)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert notes_count(env) == before + 1
    above = credit(env, url, {"amount": str(total), "reason": "trop"})
    assert above.status_code == 422 and above.json()["errors"][0]["field"] == "amount"
    for bad, field in (
        ({"amount": "0", "reason": "x"}, "amount"),
        ({"amount": "1.999", "reason": "x"}, "amount"),
        ({"amount": "1e30", "reason": "x"}, "amount"),
        ({"amount": "1000000000000.00", "reason": "x"}, "amount"),
        ({"reason": " "}, "reason"),
    ):
        r = credit(env, url, bad)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    assert notes_count(env) == before + 1
    unknown = credit(env, f"/api/v1/invoices/{uuid.uuid4()}/credit-notes", {"reason": "x"})
    assert unknown.status_code == 404
    # concurrent notes of more than half of what remains: one fits, the others are refused
    remaining = total - Decimal("10.50")
    half_and_a_cent = str((remaining / 2).quantize(Decimal("0.01")) + Decimal("0.01"))
    answers: list[httpx.Response] = []
    threads = [
        threading.Thread(
            target=lambda: answers.append(
                credit(env, url, {"amount": half_and_a_cent, "reason": "en double"})
            )
        )
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [201] + [422] * 5, [a.text for a in answers]
    rest = credit(env, url, {"reason": "annulation"})
    assert rest.status_code == 201
    assert Decimal(rest.json()["amount"]) == total - Decimal("10.50") - Decimal(half_and_a_cent)
    body = rest.json()
    assert Decimal(body["subtotal"]) + Decimal(body["vat"]) == Decimal(body["total"])
    after = env.get("billing", f"/api/v1/invoices/{invoice['id']}")
    assert (after["status"], after["amount_due"], after["total"], after["credited"]) == (
        "credited",
        "0.00",
        invoice["total"],
        invoice["total"],
    )
    assert len(after["credit_notes"]) == 3
    fetched = env.get("billing", f"/api/v1/credit-notes/{rest.json()['id']}")
    assert fetched["invoice_id"] == invoice["id"]
    nothing_left = credit(env, url, {"amount": "1.00", "reason": "encore"})
    assert nothing_left.status_code == 409


def test_the_pdf_is_a_real_pdf_with_the_number_and_total_and_never_changes(
    env: Env, tmp_path: Path
) -> None:
    invoice = env.get("billing", "/api/v1/invoices", period="2026-10", limit=1)["items"][0]
    first = httpx.get(
        env.url("billing", f"/api/v1/invoices/{invoice['id']}/pdf"), headers=env.headers
    )
    second = httpx.get(
        env.url("billing", f"/api/v1/invoices/{invoice['id']}/pdf"), headers=env.headers
    )
    assert first.headers["content-type"] == "application/pdf"
    assert first.content == second.content and first.content.startswith(b"%PDF")
    import hashlib

    assert (
        env.get("billing", f"/api/v1/invoices/{invoice['id']}")["pdf_sha256"]
        == hashlib.sha256(first.content).hexdigest()
    )
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is needed to read the PDF as a reader would"
    path = tmp_path / "invoice.pdf"
    path.write_bytes(first.content)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert invoice["number"] in text
    assert invoice["total"].replace(".", ",") in text
    assert "Salma Idrissi" in text


def test_the_billable_view_rebuilt_from_zero_is_the_same(env: Env) -> None:
    query = "SELECT contract_id, client_id, start_date, end_date, status, monthly_fee FROM billing.billable_contracts ORDER BY contract_id"
    with psycopg.connect(env.settings.database_url) as conn:
        before = conn.execute(query).fetchall()
        conn.execute("TRUNCATE billing.billable_contracts")
        conn.execute("UPDATE billing.feed_tracking SET position = 0")
        conn.commit()
    Billing(
        env.settings, make_engine(env.settings.database_url, "billing")
    ).contracts_feed.catch_up()
    with psycopg.connect(env.settings.database_url) as conn:
        after = conn.execute(query).fetchall()
    assert after == before and len(before) > 10


def test_three_workers_archive_every_pdf_once_with_the_clients_names(
    env: Env, tmp_path: Path
) -> None:
    """PDFs are archived by the workers after a run: each invoice is rendered by exactly one
    of them, and the names come from one lookup of the customer service per batch."""
    _clients_with_contracts(env, 9, "2026-09-01")
    bill_run = env.post(
        "billing", "/api/v1/bill-runs", {"period": "2026-09", "as_of": today().isoformat()}
    )
    wait_run(env, bill_run.json()["id"])
    rendered: list[str] = []
    lock = threading.Lock()
    workers = []
    for _ in range(3):
        documents = Billing(
            env.settings, make_engine(env.settings.database_url, "billing")
        ).documents()
        render = documents.render

        def counting(data: dict[str, Any], client: dict[str, Any], render: Any = render) -> bytes:
            with lock:
                rendered.append(data["number"])
            pdf: bytes = render(data, client)
            return pdf

        documents.render = counting
        workers.append(documents)

    def work(documents: Any) -> None:
        while documents.archive_pending(limit=2):
            pass

    threads = [threading.Thread(target=work, args=(d,)) for d in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    invoices = env.get("billing", "/api/v1/invoices", limit=100)["items"]
    assert invoices and all(i["pdf_sha256"] for i in invoices)  # every invoice archived
    assert len(rendered) == len(set(rendered))  # none rendered twice
    september = [i for i in invoices if i["period"] == "2026-09"]
    assert len(september) >= 9 and {i["number"] for i in september} <= set(rendered)
    pdf = httpx.get(
        env.url("billing", f"/api/v1/invoices/{september[0]['id']}/pdf"), headers=env.headers
    )
    client = env.get("customer", f"/api/v1/clients/{september[0]['client_id']}")
    path = tmp_path / "invoice.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"{client['first_name']} {client['last_name']}" in text and client["cin"] in text
