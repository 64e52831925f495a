"""Bank statement import on a real PostgreSQL, over HTTP, across customer, billing and
collections: lines matched by invoice number, CIN and ICE; ambiguous and unmatched lines
assigned by the operator; the same statement twice (and two confirmations at once) post
nothing twice; every bad file is a 422 naming the line, and records nothing."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtf.kernel.auth import issue_access_token
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import operator_headers, running_services
from tests.integration.test_collections_http import (
    BASE,
    Env,
    bill,
    checkout,
    months_after,
    offer,
    person,
)

IMPORTS = "/api/v1/payments/imports"
DAY = (today() - timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_statements"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        yield Env(running, operator_headers(running))


def business() -> dict[str, Any]:
    return {
        "kind": "business",
        "company_name": f"Atlas Logistique {random.randint(1000, 9999)}",
        "ice": f"{random.randint(10**14, 10**15 - 1):015d}",
        "tax_id": "12345678",
        "trade_register": "Casablanca 123456",
        "first_name": "Salma",
        "last_name": "Berrada",
        "phone": "0522334455",
    }


@pytest.fixture(scope="module")
def world(env: Env) -> dict[str, Any]:
    """Three clients billed for BASE's month: A (a person, by CIN), B (a person), C (a
    business, by ICE); each has one invoice of 120.00."""
    mobile = offer(env, "100.00")
    start = BASE.isoformat()
    people = [person(), person()]
    company = business()
    a = checkout(env, {"offer_id": mobile, "new_client": people[0], "effective_date": start})
    b = checkout(env, {"offer_id": mobile, "new_client": people[1], "effective_date": start})
    c = checkout(env, {"offer_id": mobile, "new_client": company, "effective_date": start})
    bill(env, month_of(BASE), months_after(BASE, 1).isoformat())
    invoices = {
        name: env.get("billing", "/api/v1/invoices", client_id=o["client_id"])["items"][0]
        for name, o in (("a", a), ("b", b), ("c", c))
    }
    return {
        "a": a["client_id"],
        "b": b["client_id"],
        "c": c["client_id"],
        "cin_a": people[0]["cin"],
        "cin_b": people[1]["cin"],
        "ice_c": company["ice"],
        "inv": invoices,
    }


def upload(env: Env, body: bytes | str, media_type: str = "text/csv") -> httpx.Response:
    return httpx.post(
        env.url("collections", IMPORTS),
        content=body.encode() if isinstance(body, str) else body,
        headers={**env.headers, "Content-Type": media_type},
        timeout=60,
    )


def confirm(env: Env, import_id: str, body: dict[str, Any] | None = None) -> httpx.Response:
    return env.post("collections", f"{IMPORTS}/{import_id}/confirm", body or {})


def csv(*rows: tuple[str, str, str, str]) -> str:
    return "date,amount,label,bank_reference\n" + "".join(f"{','.join(r)}\n" for r in rows)


def ref() -> str:
    return f"BK-{uuid.uuid4().hex[:12]}"


def statement_payments(env: Env, references: list[str]) -> list[tuple[str, Decimal]]:
    """The posted payments carrying these references, as the payments list shows them."""
    items = env.get("collections", "/api/v1/payments", limit=500, status="posted")["items"]
    return sorted(
        (p["reference"], Decimal(p["amount"])) for p in items if p["reference"] in references
    )


def balance(env: Env, client_id: str) -> dict[str, Any]:
    return dict(env.get("collections", f"/api/v1/clients/{client_id}/balance"))


def test_lines_are_matched_by_invoice_number_cin_and_ice_and_the_rest_assigned(
    env: Env, world: dict[str, Any]
) -> None:
    refs = [ref() for _ in range(5)]
    inv_a = world["inv"]["a"]
    body = csv(
        (DAY, "20.00", f"VIR {inv_a['number']} merci", refs[0]),
        (DAY, "10.00", f"VIREMENT CIN {world['cin_b'].lower()}", refs[1]),
        (DAY, "30.00", f"PAIEMENT ICE {world['ice_c']}", refs[2]),
        (DAY, "5.00", f"{inv_a['number']} et {world['cin_b']}", refs[3]),
        (DAY, "7.50", "VIREMENT SANS REFERENCE", refs[4]),
    )
    r = upload(env, body)
    assert r.status_code == 201, r.text
    found = r.json()
    assert found["status"] == "preview" and found["counts"] == {
        "matched": 3,
        "ambiguous": 1,
        "unmatched": 1,
        "already_posted": 0,
    }
    lines = {one["line"]: one for one in found["lines"]}
    assert [lines[n]["state"] for n in (2, 3, 4, 5, 6)] == [
        "matched",
        "matched",
        "matched",
        "ambiguous",
        "unmatched",
    ]
    assert (lines[2]["client_id"], lines[2]["invoice_ids"]) == (world["a"], [inv_a["id"]])
    assert lines[3]["client_id"] == world["b"] and lines[4]["client_id"] == world["c"]
    assert set(lines[5]["candidates"]) == {world["a"], world["b"]}
    assert lines[6]["client_id"] is None and lines[6]["amount"] == "7.50"
    # nothing is posted by the preview
    assert statement_payments(env, refs) == []

    # the operator assigns the ambiguous line to B and the unmatched one to C
    done = confirm(
        env,
        found["id"],
        {
            "assignments": [
                {"line": 5, "client_id": world["b"]},
                {"line": 6, "client_id": world["c"]},
            ]
        },
    )
    assert done.status_code == 200, done.text
    assert done.json() == {
        "id": found["id"],
        "status": "posted",
        "posted": 5,
        "skipped": 0,
        "posted_amount": "72.50",
    }
    assert statement_payments(env, sorted(refs)) == sorted(
        zip(refs, map(Decimal, ("20.00", "10.00", "30.00", "5.00", "7.50")), strict=True)
    )
    after = env.get("collections", f"{IMPORTS}/{found['id']}")
    assert after["status"] == "posted" and after["lines_done"] == 5
    assert all(one["outcome"] == "posted" and one["payment_id"] for one in after["lines"])
    assert after["lines"][3]["assigned"] is True and after["lines"][3]["client_id"] == world["b"]
    payment = env.get("collections", f"/api/v1/payments/{after['lines'][0]['payment_id']}")
    assert (payment["method"], payment["reference"], payment["received_on"]) == (
        "bank_transfer",
        refs[0],
        DAY,
    )
    assert payment["allocations"][0]["invoice_id"] == inv_a["id"]
    # the audit trail names the operator who confirmed
    events = env.get("collections", f"/api/v1/audit/payment/{payment['id']}/events")
    assert "op" in str(events)


def test_the_same_statement_twice_posts_nothing_twice(env: Env, world: dict[str, Any]) -> None:
    refs = [ref(), ref()]
    body = csv(
        (DAY, "11.00", f"CIN {world['cin_a']}", refs[0]),
        (DAY, "12.00", "INCONNU", refs[1]),
    )
    before = balance(env, world["a"])
    first = upload(env, body).json()
    assert confirm(env, first["id"]).json()["posted"] == 1  # the unmatched line is skipped
    again = confirm(env, first["id"]).json()  # confirmed again: the same answer
    assert (again["posted"], again["skipped"], again["posted_amount"]) == (1, 1, "11.00")

    second = upload(env, body).json()  # the same file imported again
    states = [one["state"] for one in second["lines"]]
    assert states == ["already_posted", "unmatched"]
    done = confirm(
        env, second["id"], {"assignments": [{"line": 3, "client_id": world["a"]}]}
    ).json()
    assert (done["posted"], done["skipped"]) == (1, 1)
    third = upload(env, body).json()
    assert [one["state"] for one in third["lines"]] == ["already_posted", "already_posted"]
    assert confirm(env, third["id"]).json()["posted"] == 0
    assert statement_payments(env, sorted(refs)) == sorted(
        [(refs[0], Decimal("11.00")), (refs[1], Decimal("12.00"))]
    )
    after = balance(env, world["a"])
    owed_before = Decimal(before["amount_due"]) - Decimal(before["credit"])
    owed_after = Decimal(after["amount_due"]) - Decimal(after["credit"])
    assert owed_before - owed_after == Decimal("23.00")


def test_a_bank_transfer_typed_by_hand_is_already_posted(env: Env, world: dict[str, Any]) -> None:
    reference = ref()
    typed = env.pay(
        {"client_id": world["b"], "amount": "3.00", "reference": reference, "received_on": DAY}
    )
    assert typed.status_code == 201
    found = upload(env, csv((DAY, "3.00", f"CIN {world['cin_b']}", reference))).json()
    assert found["lines"][0]["state"] == "already_posted"
    assert confirm(env, found["id"]).json()["posted"] == 0
    assert statement_payments(env, [reference]) == [(reference, Decimal("3.00"))]


def test_concurrent_confirmations_post_once(env: Env, world: dict[str, Any]) -> None:
    refs = [ref() for _ in range(6)]
    body = csv(*[(DAY, "1.00", f"CIN {world['cin_a']}", r) for r in refs])
    imports = [upload(env, body).json()["id"] for _ in range(2)]  # the same file, twice
    answers: list[httpx.Response] = []

    def go(import_id: str) -> None:
        answers.append(confirm(env, import_id))

    threads = [threading.Thread(target=go, args=(i,)) for i in [*imports, *imports]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers) == [200] * 4
    posted = {a.json()["id"]: a.json()["posted"] for a in answers}
    assert sum(posted.values()) == 6  # one import posted every line, the other none
    assert statement_payments(env, sorted(refs)) == [(r, Decimal("1.00")) for r in sorted(refs)]


def test_a_camt053_statement_imports_its_booked_credits(env: Env, world: dict[str, Any]) -> None:
    r1, r2 = ref(), ref()
    entry = (
        '<Ntry><Amt Ccy="MAD">{amount}</Amt><CdtDbtInd>{way}</CdtDbtInd><Sts>BOOK</Sts>'
        "<BookgDt><Dt>{day}</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef>"
        "<NtryDtls><TxDtls><RmtInf><Ustrd>{label}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n'
        "<BkToCstmrStmt><Stmt><Id>S1</Id>\n"
        + entry.format(amount="14.00", way="CRDT", day=DAY, ref=r1, label=f"ICE {world['ice_c']}")
        + entry.format(amount="99.00", way="DBIT", day=DAY, ref=r2, label="FRAIS")
        + "</Stmt></BkToCstmrStmt></Document>\n"
    )
    found = upload(env, document, "application/xml")
    assert found.status_code == 201, found.text
    body = found.json()
    assert (body["format"], body["debits_ignored"], len(body["lines"])) == ("camt053", 1, 1)
    assert body["lines"][0]["line"] == 4 and body["lines"][0]["client_id"] == world["c"]
    assert confirm(env, body["id"]).json()["posted_amount"] == "14.00"
    # the same statement as the `file` part of a form: already posted
    form = httpx.post(
        env.url("collections", IMPORTS),
        files={"file": ("releve.xml", document.encode(), "application/xml")},
        headers=env.headers,
    )
    assert form.status_code == 201, form.text
    assert form.json()["lines"][0]["state"] == "already_posted"


def imports_recorded(env: Env) -> int:
    with psycopg.connect(env.settings.database_url) as conn:
        row = conn.execute("SELECT count(*) FROM collections.statement_imports").fetchone()
    assert row is not None
    return int(row[0])


FUTURE = (today() + timedelta(days=2)).isoformat()
GOOD = (DAY, "10.00", "x", "R1")


@pytest.mark.parametrize(
    ("body", "media_type", "field", "words"),
    [
        ("", "text/csv", "body", "empty"),
        ("date,amount,label\n2026-01-01,1.00,x\n", "text/csv", "lines.1.bank_reference", "column"),
        ("date,amount,label,bank_reference\n", "text/csv", "lines.2", "no line"),
        (csv(GOOD, (DAY, '"12,50"', "x", "R2")), "text/csv", "lines.3.amount", "dot"),
        (csv(GOOD, (DAY, "-4.00", "x", "R2")), "text/csv", "lines.3.amount", "debit"),
        (csv(GOOD, (DAY, "abc", "x", "R2")), "text/csv", "lines.3.amount", "decimal"),
        (csv(GOOD, ("04/12/2026", "1.00", "x", "R2")), "text/csv", "lines.3.date", "ISO"),
        (csv(GOOD, (FUTURE, "1.00", "x", "R2")), "text/csv", "lines.3.date", "future"),
        (csv(GOOD, (DAY, "1.00", "x", "")), "text/csv", "lines.3.bank_reference", "required"),
        (csv(GOOD, (DAY, "1.00", "x", "R1")), "text/csv", "lines.3.bank_reference", "line 2"),
        (csv(GOOD) + "2026-01-01,1.00\n", "text/csv", "lines.3", "fields"),
        ("date,amount,label,bank_reference\n\xff\n", "text/csv", "lines.2", "UTF-8"),
        ("this is not xml", "application/xml", "lines.1", "not XML"),
        ("<Document><a></Document>", "application/xml", "lines.1", "not XML"),
        ("<root/>", "application/xml", "lines.1", "camt.053"),
        (
            '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&b;</Document>',
            "application/xml",
            "lines.1",
            "DTD",
        ),
        (
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<Stmt>\n'
            '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n'
            "</Stmt></Document>",
            "application/xml",
            "lines.3.Amt",
            "MAD",
        ),
    ],
)
def test_a_bad_statement_is_a_422_naming_the_line_and_records_nothing(
    env: Env, body: str, media_type: str, field: str, words: str
) -> None:
    before = imports_recorded(env)
    raw = body.encode("latin-1") if "\xff" in body else body.encode()
    r = upload(env, raw, media_type)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["errors"][0]["field"] == field, problem
    assert words.lower() in problem["detail"].lower(), problem
    assert imports_recorded(env) == before


def test_other_refusals_are_problems(env: Env, world: dict[str, Any]) -> None:
    before = imports_recorded(env)
    assert upload(env, "{}", "application/json").status_code == 415
    big = "date,amount,label,bank_reference\n" + "x" * (6 * 1024 * 1024)
    too_large = upload(env, big)
    assert too_large.status_code == 413
    assert too_large.headers["content-type"].startswith("application/problem+json")
    no_file = httpx.post(
        env.url("collections", IMPORTS), files={"other": ("a.csv", b"x")}, headers=env.headers
    )
    assert no_file.status_code == 422 and no_file.json()["errors"][0]["field"] == "file"
    assert imports_recorded(env) == before
    missing = confirm(env, str(uuid.uuid4()))
    assert missing.status_code == 404
    found = upload(env, csv((DAY, "2.00", "RIEN", ref()))).json()
    for assignment, field in (
        ({"line": 9, "client_id": world["a"]}, "assignments.0.line"),
        ({"line": 2, "client_id": str(uuid.uuid4())}, "assignments.0.client_id"),
        ({"line": 2, "client_id": "nope"}, "assignments.0.client_id"),
        (
            {"line": 2, "client_id": world["a"], "invoice_ids": [world["inv"]["b"]["id"]]},
            "assignments.0.invoice_ids",
        ),
    ):
        r = confirm(env, found["id"], {"assignments": [assignment]})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    assert env.get("collections", f"{IMPORTS}/{found['id']}")["status"] == "preview"
    reader = issue_access_token(
        env.settings.jwt_secret, subject="ro", username="ro", permissions=[], ttl_seconds=60
    )
    refused = httpx.post(
        env.url("collections", f"{IMPORTS}/{found['id']}/confirm"),
        json={},
        headers={"Authorization": f"Bearer {reader}"},
    )
    assert refused.status_code == 403


statement_lines = st.lists(
    st.tuples(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2),
        st.sampled_from(["cin_a", "ice_c", "none"]),
        st.booleans(),  # an unmatched line the operator assigns (to B)
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=statement_lines, times=st.integers(min_value=1, max_value=3))
def test_money_posted_is_the_confirmed_credits_once_whatever_is_imported_again(
    env: Env, world: dict[str, Any], rows: list[tuple[Decimal, str, bool]], times: int
) -> None:
    refs = [ref() for _ in rows]
    labels = {"cin_a": f"CIN {world['cin_a']}", "ice_c": f"ICE {world['ice_c']}", "none": "X"}
    body = csv(*[(DAY, str(a), labels[who], r) for (a, who, _), r in zip(rows, refs, strict=True)])
    expected = sum((a for a, who, assign in rows if who != "none" or assign), start=Decimal("0.00"))
    confirmed = Decimal("0.00")
    for _ in range(times):  # the same statement imported and confirmed again
        found = upload(env, body).json()
        assignments = [
            {"line": one["line"], "client_id": world["b"]}
            for one, (_, who, assign) in zip(found["lines"], rows, strict=True)
            if one["state"] == "unmatched" and assign
        ]
        done = confirm(env, found["id"], {"assignments": assignments}).json()
        confirmed += Decimal(done["posted_amount"])
    posted = statement_payments(env, refs)
    assert sum((amount for _, amount in posted), start=Decimal("0.00")) == expected == confirmed
    assert len(posted) == len({r for r, _ in posted})  # never twice


def test_a_confirmation_that_stopped_half_way_resumes_and_posts_the_rest_once(
    env: Env, world: dict[str, Any]
) -> None:
    refs = [ref() for _ in range(3)]
    body = csv(*[(DAY, "4.00", f"CIN {world['cin_a']}", r) for r in refs])
    found = upload(env, body).json()
    # the state a confirmation leaves when its process stops after posting line 2: that line's
    # payment recorded (by another import of the same statement) and the import `posting`
    other = upload(env, csv((DAY, "4.00", f"CIN {world['cin_a']}", refs[0]))).json()
    assert confirm(env, other["id"]).json()["posted"] == 1
    with psycopg.connect(env.settings.database_url) as conn:
        conn.execute(
            "UPDATE collections.statement_imports SET status = 'posting' WHERE id = %s",
            (found["id"],),
        )
        conn.execute(
            "UPDATE collections.statement_lines SET outcome = 'posted' "
            "WHERE import_id = %s AND line = 2",
            (found["id"],),
        )
    progress = env.get("collections", f"{IMPORTS}/{found['id']}")
    assert (progress["status"], progress["lines_done"], progress["lines_total"]) == (
        "posting",
        1,
        3,
    )
    done = confirm(env, found["id"]).json()
    assert (done["status"], done["posted"], done["skipped"]) == ("posted", 3, 0)
    assert statement_payments(env, refs) == sorted((r, Decimal("4.00")) for r in refs)
