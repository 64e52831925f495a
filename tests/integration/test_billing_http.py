"""Billing on a real PostgreSQL, following a real contracts feed over HTTP: bill runs,
idempotency, concurrency, a worker killed mid-run, numbering, credit notes, PDFs."""

from __future__ import annotations

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
from mtf.billing.domain.invoice import BillRun, bill_run_id_for
from mtf.kernel.db import make_engine
from mtf.platform.migrate import migrate_all
from tests.conftest import ROOT, Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, operator_headers, running_services, settings_json

PERMS = [
    "offers:write",
    "clients:write",
    "pii:read",
    "contracts:write",
    "provisioning:write",
    "billing:write",
    "payments:write",
    "audit:read",
]


class Env(ServiceEnv):
    pass


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_billing"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        yield Env(running, operator_headers(running, PERMS))


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
    """Invoice numbers in issue order, restarting at 1 each year (FAC-YYYY-NNNNNN)."""
    with psycopg.connect(env.settings.database_url) as conn:
        rows = conn.execute("SELECT number FROM billing.invoices ORDER BY number").fetchall()
    return [int(r[0].split("-")[2]) for r in rows]


def gapless(env: Env) -> list[int]:
    """What `numbers` should be: 1..n within each numbering year."""
    with psycopg.connect(env.settings.database_url) as conn:
        rows = conn.execute("SELECT number FROM billing.invoices ORDER BY number").fetchall()
    expected: list[int] = []
    years: dict[str, int] = {}
    for (number,) in rows:
        year = number.split("-")[1]
        years[year] = years.get(year, 0) + 1
        expected.append(years[year])
    return expected


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
    assert numbers(env) == gapless(env)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"period": "2026-13"}, "period"),
        ({"period": month_of(today())}, "period"),  # this month is not over
        ({"period": month_of(today() + timedelta(days=400))}, "period"),
        ({"period": "2026-09", "as_of": (today() + timedelta(days=1)).isoformat()}, "as_of"),
        ({"period": 202609}, "period"),
        # JSON types exactly as the schema says: 0 is not false, "true" is not true
        ({"period": "2026-09", "dry_run": 0}, "dry_run"),
        ({"period": "2026-09", "dry_run": "true"}, "dry_run"),
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
    assert numbers(env) == gapless(env)


def test_a_start_that_finds_the_run_another_request_just_recorded_answers_that_run(
    env: Env,
) -> None:
    """Two operators start the same month at once: the first request has recorded the run's
    event but not yet caught its view up when the second finds that run. The second must
    answer the run (not 404 'the run was not recorded'), and no second run is started."""
    period = "2025-12"  # before every contract of this module: a run with nothing to bill
    other = Billing(env.settings, make_engine(env.settings.database_url, "billing"))
    try:
        # the first request, stopped between its event and its view's catch-up
        other.store.save(
            BillRun(period=period, as_of=today(), issue_date=today(), actor="first", pass_number=1)
        )
    finally:
        other.events.close()
        other.engine.dispose()
    assert env.get("billing", "/api/v1/bill-runs", period=period)["total"] == 0  # view behind

    second = env.post("billing", "/api/v1/bill-runs", {"period": period})
    assert second.status_code == 202, second.text
    assert second.json()["id"] == str(bill_run_id_for(period))
    assert second.json()["period"] == period
    run = wait_run(env, str(bill_run_id_for(period)))
    assert run["pass_number"] == 1 and run["progress"]["invoices_issued"] == 0
    listed = env.get("billing", "/api/v1/bill-runs", period=period)
    assert [r["id"] for r in listed["items"]] == [str(bill_run_id_for(period))]


def test_a_worker_killed_mid_run_is_resumed_without_duplicates_or_gaps(
    env: Env, tmp_path: Path
) -> None:
    _clients_with_contracts(env, 7, "2026-05-01")
    billing = Billing(env.settings, make_engine(env.settings.database_url, "billing"))
    run_id = billing.runner().start("2026-05", today(), "test")
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(settings_json(env.settings))
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
    assert numbers(env) == gapless(env)


def credit(env: Env, url: str, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    return env.post("billing", url, body, **{"Idempotency-Key": key or str(uuid.uuid4())})


def notes_count(env: Env) -> int:
    with psycopg.connect(env.settings.database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM billing.billing_events WHERE originator_id IN "
            "(SELECT originator_id FROM billing.billing_events WHERE topic LIKE "
            "'%CreditNote.Issued')"
        ).fetchone()
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
    # numbered in the year of its issue (today, as the business clock sees it)
    assert note["number"].startswith(f"AV-{today().year}-")
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
    # issue 15: the seller's identity from the settings, each line's number as the customer
    # service knows it, the total in words
    seller = env.settings.seller
    assert f"ICE {seller.ice}" in text and seller.name in text
    lines = env.get("customer", f"/api/v1/clients/{invoice['client_id']}")["subscribers"]
    assert lines and all(line["number"] in text for line in lines)
    assert "Arrêtée la présente facture à la somme de :" in text


def test_a_credit_notes_pdf_names_the_invoice_it_corrects_and_never_changes(
    env: Env, tmp_path: Path
) -> None:
    listed = env.get("billing", "/api/v1/invoices", period="2026-10", limit=1)["items"][0]
    invoice = env.get("billing", f"/api/v1/invoices/{listed['id']}")
    note = invoice["credit_notes"][0]
    url = env.url("billing", f"/api/v1/credit-notes/{note['id']}/pdf")
    first, second = httpx.get(url, headers=env.headers), httpx.get(url, headers=env.headers)
    assert first.status_code == 200 and first.headers["content-type"] == "application/pdf"
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert f'filename="{note["number"]}.pdf"' in first.headers["content-disposition"]
    path = tmp_path / "note.pdf"
    path.write_bytes(first.content)
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    issued = date.fromisoformat(invoice["issue_date"]).strftime("%d/%m/%Y")
    assert f"AVOIR {note['number']}" in text and f"{invoice['number']} du {issued}" in text
    assert f"ICE {env.settings.seller.ice}" in text and "Salma Idrissi" in text
    assert "Arrêté le présent avoir à la somme de :" in text
    assert note["total"].replace(".", ",") in text
    unknown = httpx.get(
        env.url("billing", f"/api/v1/credit-notes/{uuid.uuid4()}/pdf"), headers=env.headers
    )
    assert unknown.status_code == 404


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
    # the batch lookup brings the client's lines: each invoice line shows its number
    assert client["subscribers"] and all(sub["number"] in text for sub in client["subscribers"])


# -- issue 10: billed days move with the invoice; backdated ends; passes; as_of ------------


def billed_days(env: Env, client_ids: set[str]) -> dict[tuple[str, date], int]:
    """How many times each contract-day of these clients is billed, net of credit notes."""
    count: dict[tuple[str, date], int] = {}
    with psycopg.connect(env.settings.database_url) as conn:
        lines = conn.execute(
            "SELECT l.contract_id::text, l.start_date, l.end_date, 1 FROM billing.invoice_lines l "
            "JOIN billing.invoices i ON i.id = l.invoice_id WHERE i.client_id::text = ANY(%s) "
            "UNION ALL SELECT c.contract_id::text, c.start_date, c.end_date, -1 "
            "FROM billing.credit_note_lines c JOIN billing.credit_notes n ON n.id = c.credit_note_id "
            "WHERE n.client_id::text = ANY(%s)",
            (list(client_ids), list(client_ids)),
        ).fetchall()
    for contract, start, end, sign in lines:
        day = start
        while day <= end:
            count[(contract, day)] = count.get((contract, day), 0) + sign
            day += timedelta(days=1)
    return {k: v for k, v in count.items() if v}


def new_clients(env: Env, count: int, start: str, fee: str = "45.00") -> list[dict[str, Any]]:
    mobile = offer(env, fee)
    return [
        checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})
        for _ in range(count)
    ]


def test_runs_for_two_periods_in_flight_and_two_runners_never_bill_a_day_twice(env: Env) -> None:
    """The worker's run and an operator's for the next month, started back to back, each
    worked on by two runners: every contract-day of February and March billed exactly once."""
    orders = new_clients(env, 10, "2026-02-01")
    runners = []
    for _ in range(4):
        runner = Billing(env.settings, make_engine(env.settings.database_url, "billing")).runner()
        runner.batch_size = 3
        runners.append(runner)
    february = runners[0].start("2026-02", today(), "test")
    march = runners[1].start("2026-03", today(), "test")
    barrier = threading.Barrier(4)

    def work(runner: Any, run_id: uuid.UUID) -> None:
        barrier.wait()
        runner.work_on(run_id)

    threads = [
        threading.Thread(target=work, args=(runners[i], (february, march)[i % 2])) for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for run_id in (february, march):
        run = wait_run(env, str(run_id))
        assert run["progress"]["errors"] == 0, run
    clients = {o["client_id"] for o in orders}
    days = billed_days(env, clients)
    assert set(days.values()) == {1}, "a contract-day billed twice"
    contracts = {o["contract_id"] for o in orders}
    every_day = {
        (c, date(2026, 2, 1) + timedelta(days=n)) for c in contracts for n in range(28 + 31)
    }
    assert set(days) == every_day  # and none skipped
    assert numbers(env) == gapless(env)


def test_the_ledger_refuses_an_invoice_over_days_already_billed(env: Env) -> None:
    """A run that read the billed days before another run moved them cannot record its
    invoice: nothing is written (no invoice, no number), and it bills what is left."""
    [order] = new_clients(env, 1, "2026-04-01", fee="30.00")
    billing = Billing(env.settings, make_engine(env.settings.database_url, "billing"))
    runner = billing.runner()
    billing.contracts_feed.catch_up()
    stale_unbilled = runner.work.preview_rows(date(2026, 4, 30), "2026-04")
    mine = [r for r in stale_unbilled if str(r.client_id) == order["client_id"]]
    assert len(mine) == 1 and mine[0].last_billed is None
    # April and May as one stretch of work started first, then the April run completes
    may = runner.start("2026-05", today(), "test")  # pass 2 of May: clients with no May invoice
    april = runner.start("2026-04", today(), "test")
    runner.work_on(april)
    before = numbers(env)
    with pytest.raises(Exception, match="already billed"):
        from mtf.billing.domain.invoice import Invoice

        runner.store.save(
            Invoice(
                client_id=uuid.UUID(order["client_id"]),
                period="2026-05",
                number="FAC-2026-999999",
                issue_date=today(),
                due_date=today(),
                currency="MAD",
                vat_rate=Decimal("0.20"),
                lines=[
                    {
                        "contract_id": order["contract_id"],
                        "subscriber_id": order["subscriber_id"],
                        "description": "stale",
                        "start_date": "2026-04-01",
                        "end_date": "2026-05-31",
                        "days": 61,
                        "monthly_fee": "30.00",
                        "amount": "60.00",
                    }
                ],
                subtotal=Decimal("60.00"),
                vat=Decimal("12.00"),
                total=Decimal("72.00"),
                bill_run_id=may,
                actor="test",
            )
        )
    assert numbers(env) == before
    runner.work_on(may)
    days = billed_days(env, {order["client_id"]})
    assert set(days.values()) == {1} and len(days) == 30 + 31


def _credit_backs(env: Env) -> Billing:
    billing = Billing(env.settings, make_engine(env.settings.database_url, "billing"))
    billing.contracts_feed.catch_up()
    billing.credit_notes().credit_backdated_ends()
    return billing


def test_a_termination_dated_back_over_billed_days_is_credited_automatically(env: Env) -> None:
    [order] = new_clients(env, 1, "2026-06-01", fee="60.00")
    run = env.post("billing", "/api/v1/bill-runs", {"period": "2026-06"}).json()
    wait_run(env, run["id"])
    [invoice] = env.get("billing", "/api/v1/invoices", client_id=order["client_id"])["items"]
    assert [(ln["start_date"], ln["end_date"], ln["amount"]) for ln in invoice["lines"]] == [
        ("2026-06-01", "2026-06-30", "60.00")
    ]
    env.post(
        "contracts",
        f"/api/v1/contracts/{order['contract_id']}/terminate",
        {"reason": "moving", "effective_date": "2026-06-20"},
    ).raise_for_status()
    _credit_backs(env)
    _credit_backs(env)  # again (another worker, after a crash): nothing more
    after = env.get("billing", f"/api/v1/invoices/{invoice['id']}")
    [note] = after["credit_notes"]
    # 10 days of June at 60.00 a month, prorated like the line, VAT at the invoice's rate
    assert (note["subtotal"], note["vat"], note["total"], note["amount"]) == (
        "20.00",
        "4.00",
        "24.00",
        "24.00",
    )
    assert (
        note["reason"] == "contract terminated on 2026-06-20: days 2026-06-21..2026-06-30 credited"
    )
    assert note["number"].startswith("AV-")
    assert env.get("billing", f"/api/v1/credit-notes/{note['id']}")["invoice_id"] == invoice["id"]
    assert after["amount_due"] == f"{Decimal(invoice['total']) - Decimal('24.00'):.2f}"
    with psycopg.connect(env.settings.database_url) as conn:
        [(actor,)] = conn.execute(
            "SELECT convert_from(state, 'UTF8')::json->>'actor' FROM billing.billing_events "
            "WHERE originator_id = %s",
            (note["id"],),
        ).fetchall()
        [(last,)] = conn.execute(
            "SELECT last_billed FROM billing.contract_billing WHERE contract_id = %s",
            (order["contract_id"],),
        ).fetchall()
    assert (actor, last) == ("system:billing", date(2026, 6, 20))
    # the days credited are not billed again
    days = billed_days(env, {order["client_id"]})
    assert set(days.values()) == {1} and max(d for _, d in days) == date(2026, 6, 20)


def test_a_plan_change_dated_back_credits_the_old_contract_and_bills_the_new_once(
    env: Env,
) -> None:
    [order] = new_clients(env, 1, "2026-06-01", fee="60.00")
    run = env.post("billing", "/api/v1/bill-runs", {"period": "2026-06"}).json()  # a pass
    wait_run(env, run["id"])
    [invoice] = env.get("billing", "/api/v1/invoices", client_id=order["client_id"])["items"]
    dearer = offer(env, "90.00")
    change = checkout(
        env, {"offer_id": dearer, "client_id": order["client_id"], "effective_date": "2026-06-11"}
    )
    assert change["outcome"] == "plan_change"
    _credit_backs(env)
    [note] = env.get("billing", f"/api/v1/invoices/{invoice['id']}")["credit_notes"]
    # the old plan's days from the change: 20 days of June at 60.00 = 40.00 + 20% VAT
    assert (note["subtotal"], note["vat"], note["total"]) == ("40.00", "8.00", "48.00")
    assert note["reason"] == "plan changed on 2026-06-11: days 2026-06-11..2026-06-30 credited"
    # the new contract bills from its start, on the client's next invoice (July)
    july = env.post("billing", "/api/v1/bill-runs", {"period": "2026-07"}).json()
    wait_run(env, july["id"])
    [next_invoice] = env.get(
        "billing", "/api/v1/invoices", client_id=order["client_id"], period="2026-07"
    )["items"]
    assert [
        (ln["contract_id"], ln["start_date"], ln["end_date"]) for ln in next_invoice["lines"]
    ] == [
        (change["contract_id"], "2026-06-11", "2026-06-30"),
        (change["contract_id"], "2026-07-01", "2026-07-31"),
    ]
    days = billed_days(env, {order["client_id"]})
    assert set(days.values()) == {1}
    by_day: dict[date, int] = {}
    for _, day in days:
        by_day[day] = by_day.get(day, 0) + 1
    assert set(by_day.values()) == {1}  # each day of the line under one contract only


def test_a_rerun_is_a_supplementary_pass_and_the_dry_run_says_exactly_what_it_will_do(
    env: Env,
) -> None:
    def preview(period: str) -> dict[str, Any]:
        r = env.post("billing", "/api/v1/bill-runs", {"period": period, "dry_run": True})
        assert r.status_code == 202
        return dict(r.json())

    def figures(run: dict[str, Any]) -> tuple[Any, ...]:
        p = run["progress"]
        return (
            run["pass_number"],
            p["contracts_total"],
            p["clients_total"],
            p["invoices_issued"],
            p["amount_billed"],
        )

    first = new_clients(env, 2, "2026-08-01", fee="31.00")
    dry = preview("2026-08")
    run = wait_run(
        env, env.post("billing", "/api/v1/bill-runs", {"period": "2026-08"}).json()["id"]
    )
    assert figures(dry) == figures(run) and run["progress"]["invoices_issued"] >= 2
    # entered late: a new client for August, and a second line for a client already invoiced
    [late] = new_clients(env, 1, "2026-08-10", fee="31.00")
    extra = checkout(
        env,
        {
            "offer_id": offer(env, "62.00", "internet"),
            "client_id": first[0]["client_id"],
            "effective_date": "2026-08-20",
        },
    )
    dry = preview("2026-08")
    assert dry["pass_number"] == 2 and dry["progress"]["invoices_issued"] == 1
    rerun = env.post("billing", "/api/v1/bill-runs", {"period": "2026-08"}).json()
    assert rerun["id"] != run["id"]
    rerun = wait_run(env, rerun["id"])
    assert figures(dry) == figures(rerun)
    [late_invoice] = env.get("billing", "/api/v1/invoices", client_id=late["client_id"])["items"]
    assert (late_invoice["period"], late_invoice["lines"][0]["start_date"]) == (
        "2026-08",
        "2026-08-10",
    )
    # still one invoice per client and period; the late line waits for the next invoice
    august = env.get("billing", "/api/v1/invoices", client_id=first[0]["client_id"])["items"]
    assert len(august) == 1
    assert extra["contract_id"] not in {ln["contract_id"] for ln in august[0]["lines"]}
    assert preview("2026-08")["progress"]["invoices_issued"] == 0


def test_as_of_is_between_the_latest_issue_date_of_its_year_and_today(env: Env) -> None:
    """Issue dates never go backward as numbers grow: as_of is refused (422, nothing
    started) before the latest issue date of its FAC year, and after today."""
    from mtf.kernel.clock import ShiftedClock

    year = today().year + 1
    clock = ShiftedClock(env.settings.timezone, date(year, 3, 15))
    billing = Billing(env.settings, make_engine(env.settings.database_url, "billing"), clock=clock)
    runner = billing.runner()
    new_clients(env, 1, f"{today().year:04d}-{today().month:02d}-01")
    january = runner.start(f"{year}-01", date(year, 3, 5), "test")
    runner.work_on(january)
    assert runner.store.bill_run(january).summary["invoices_issued"] >= 1  # type: ignore[union-attr]
    from mtf.kernel.errors import ValidationFailed

    for bad in (date(year, 3, 4), date(year, 3, 16)):
        with pytest.raises(ValidationFailed) as refused:
            runner.start(f"{year}-02", bad, "test")
        assert refused.value.errors[0].field == "as_of"
        with pytest.raises(ValidationFailed):
            runner.preview(f"{year}-02", bad)
    assert runner.latest_pass(f"{year}-02") is None  # nothing started
    # both bounds themselves are accepted
    runner.preview(f"{year}-02", date(year, 3, 15))
    february = runner.start(f"{year}-02", date(year, 3, 5), "test")
    runner.work_on(february)
    # over HTTP (the services' own clock): before the latest issue date of this year
    with psycopg.connect(env.settings.database_url) as conn:
        [(latest,)] = conn.execute(
            "SELECT max(issue_date) FROM billing.invoices WHERE number LIKE %s",
            (f"FAC-{today().year}-%",),
        ).fetchall()
    if latest is not None and latest > date(today().year, 2, 1):
        r = env.post(
            "billing",
            "/api/v1/bill-runs",
            {"period": "2026-01", "as_of": (latest - timedelta(days=1)).isoformat()},
        )
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "as_of", r.text


def test_crediting_what_was_paid_is_published_as_refundable_client_credit(env: Env) -> None:
    """The credit note event says how much of it exceeds what was still due: collections
    turns that much into client credit (billing's side: the event payload)."""
    [order] = new_clients(env, 1, "2026-06-01", fee="50.00")
    wait_run(env, env.post("billing", "/api/v1/bill-runs", {"period": "2026-06"}).json()["id"])
    [invoice] = env.get("billing", "/api/v1/invoices", client_id=order["client_id"])["items"]
    assert invoice["total"] == "60.00"
    paid = env.post(
        "collections",
        "/api/v1/payments",
        {
            "client_id": order["client_id"],
            "amount": "40.00",
            "method": "cash",
            "reference": "R-1",
            "received_on": today().isoformat(),
            "invoice_ids": [invoice["id"]],
        },
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert paid.status_code == 201, paid.text
    Billing(
        env.settings, make_engine(env.settings.database_url, "billing")
    ).collections_feed.catch_up()
    assert env.get("billing", f"/api/v1/invoices/{invoice['id']}")["paid"] == "40.00"
    url = f"/api/v1/invoices/{invoice['id']}/credit-notes"
    # 20.00 was still due: a credit of 30.00 gives 10.00 of paid money back as client credit
    note = credit(env, url, {"amount": "30.00", "reason": "panne"}).json()
    assert (note["total"], note["refundable"]) == ("30.00", "10.00")
    after = env.get("billing", f"/api/v1/invoices/{invoice['id']}")
    assert (after["amount_due"], after["status"]) == ("0.00", "paid")
    from mtf.kernel.service_client import ServiceClient

    feed = ServiceClient(
        "collections", "billing", env.settings.service_urls["billing"], env.settings.service_keys
    )
    events: list[dict[str, Any]] = []
    after = 0
    while True:
        page = feed.get(
            "/internal/events", params={"after": after, "limit": 1000}, needs=("internal:events",)
        )
        events += page["items"]
        after = page["last_position"]
        if after >= page["max_position"]:
            break
    [event] = [e for e in events if e["aggregate_id"] == note["id"]]
    assert (event["aggregate_type"], event["event_type"]) == ("credit-note", "credit_note.issued")
    assert event["payload"]["credit_note_id"] == note["id"]
    p = event["payload"]
    assert (p["invoice_id"], p["client_id"], p["number"]) == (
        invoice["id"],
        order["client_id"],
        note["number"],
    )
    assert (p["subtotal"], p["vat"], p["total"], p["amount"], p["refundable"]) == (
        "25.00",
        "5.00",
        "30.00",
        "30.00",
        "10.00",
    )


def test_rebuild_check_compares_the_billing_ledgers_with_the_events(env: Env) -> None:
    from mtf.platform.rebuild import rebuild

    def differences() -> list[dict[str, str]]:
        found: list[dict[str, str]] = rebuild(env.settings, ("billing",), check_only=True)[
            "billing"
        ]["ledgers"]["differences"]
        return found

    assert differences() == []
    with psycopg.connect(env.settings.database_url) as conn:
        conn.execute(
            "UPDATE billing.contract_billing SET last_billed = last_billed - 3 WHERE contract_id = "
            "(SELECT contract_id FROM billing.contract_billing LIMIT 1)"
        )
        conn.execute(
            "UPDATE billing.invoice_ledger SET credited = 0 WHERE invoice_id = "
            "(SELECT invoice_id FROM billing.invoice_ledger WHERE credited > 0 LIMIT 1)"
        )
    assert sorted(d["ledger"] for d in differences()) == ["contract_billing", "invoice_ledger"]
    report = rebuild(env.settings, ("billing",), check_only=False)["billing"]
    assert report["billing.views"]["events_replayed"] > 0
    assert differences() == []
