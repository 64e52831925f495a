"""Migration import (docs/imports.md) on a real PostgreSQL with catalog, customer, contracts
and billing as real HTTP services: what an import creates is what a checkout creates (the
published events' payloads, the read models, the audit history); the same file twice creates
nothing twice and a changed row is reported, not applied; rejected rows carry the domain's
reasons and leave nothing behind; an import killed mid-batch, then sent again, loses and
duplicates nothing; billing bills from the cut-over date, not from the historical start."""

from __future__ import annotations

import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from mtf.kernel.service_client import ServiceClient
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
    "audit:read",
]
HEADER = "row_id,client_ref,first_name,last_name,cin,phone,email,city,offer_code,start_date"
FIXTURE = ROOT / "tests" / "fixtures" / "imports" / "base.csv"


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[ServiceEnv]:
    settings = make_settings(databases.create("mtf_imports"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(settings, ("catalog", "customer", "contracts", "billing")) as running:
        yield ServiceEnv(running, operator_headers(running, PERMS))


def offer(env: ServiceEnv, service: str = "mobile", fee: str = "90.00") -> str:
    components = {
        "mobile": {"data": {"quota_gb": 5}},
        "internet": {"fiber": {"speed_mbps": 100}, "landline": {}},
    }[service]
    code = f"IM-{uuid.uuid4().hex[:8].upper()}"
    created = env.post(
        "catalog",
        "/api/v1/offers",
        {
            "code": code,
            "name": f"Offre {code}",
            "service": service,
            "monthly_fee": fee,
            "components": components,
            "commitment_months": 12,
        },
    ).json()
    env.post("catalog", f"/api/v1/offers/{created['id']}/publish").raise_for_status()
    return code


def cin() -> str:
    return f"IM{random.randint(100000, 999999)}"


def csv_of(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def post_import(
    env: ServiceEnv, content: bytes, *, key: str | None = None, cutover: date | None = None
) -> httpx.Response:
    params = {"cutover": cutover.isoformat()} if cutover else {}
    return httpx.post(
        env.url("contracts", "/api/v1/imports"),
        content=content,
        params=params,
        headers={
            **env.headers,
            "Content-Type": "text/csv",
            "Idempotency-Key": key or str(uuid.uuid4()),
        },
        timeout=60,
    )


def finished(env: ServiceEnv, import_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        found: dict[str, Any] = env.get("contracts", f"/api/v1/imports/{import_id}")
        if found["status"] != "running" or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def imported(env: ServiceEnv, content: bytes, **kwargs: Any) -> dict[str, Any]:
    response = post_import(env, content, **kwargs)
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/api/v1/imports/{response.json()['id']}"
    return finished(env, response.json()["id"])


def report(env: ServiceEnv, import_id: str, outcome: str | None = None) -> list[dict[str, Any]]:
    params = {"limit": 500, **({"outcome": outcome} if outcome else {})}
    page = env.get("contracts", f"/api/v1/imports/{import_id}/rows", **params)
    return list(page["items"])


def feed(env: ServiceEnv, service: str) -> list[dict[str, Any]]:
    client = ServiceClient(
        "billing", service, env.settings.service_urls[service], env.settings.service_keys
    )
    events: list[dict[str, Any]] = []
    after = 0
    while True:
        page = client.get(
            "/internal/events", params={"after": after, "limit": 1000}, needs=("internal:events",)
        )
        events += page["items"]
        after = page["last_position"]
        if after >= page["max_position"]:
            return events


def of(events: list[dict[str, Any]], aggregate_id: str) -> list[dict[str, Any]]:
    return [e for e in events if e["aggregate_id"] == aggregate_id]


def wait_for(predicate: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return predicate()


IDS = {"contract_id", "client_id", "subscriber_id", "order_id", "id", "created_at", "updated_at"}


def without(payload: dict[str, Any], *more: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in IDS | set(more)}


def test_an_import_creates_what_a_checkout_creates(env: ServiceEnv) -> None:
    code = offer(env)
    offers = env.get("catalog", "/api/v1/offers", code=code)["items"]
    start = today() - timedelta(days=400)
    person = {
        "first_name": "Amina",
        "last_name": "Benali",
        "phone": "0612345678",
        "email": "amina@example.ma",
        "city": "Rabat",
    }
    # the same person and contract, once by an operator's backdated checkout...
    by_checkout = env.post(
        "contracts",
        "/api/v1/provisioning/orders",
        {
            "offer_id": offers[0]["id"],
            "new_client": {**person, "cin": cin()},
            "effective_date": start.isoformat(),
        },
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert by_checkout.status_code == 201, by_checkout.text
    order = by_checkout.json()
    # ...and once by an import
    row_id = f"R-{uuid.uuid4().hex[:10]}"
    result = imported(
        env,
        csv_of(
            f"{row_id},C-{row_id},Amina,Benali,{cin()},0612345678,amina@example.ma,Rabat,"
            f"{code},{start.isoformat()}"
        ),
    )
    assert (result["status"], result["rows"], result["created"], result["rejected"]) == (
        "completed",
        1,
        1,
        0,
    )
    [row] = report(env, result["id"])
    assert row["outcome"] == "created" and row["errors"] == []
    assert row["number"].startswith("06") and len(row["number"]) == 10

    # the published events: the same types and payloads (ids aside); the import adds one
    # contract.imported naming the import and the day billing starts
    customer_events = feed(env, "customer")
    [checkout_client] = of(customer_events, order["client_id"])
    [import_client] = of(customer_events, row["client_id"])
    assert checkout_client["event_type"] == import_client["event_type"] == "client.registered"
    assert without(checkout_client["payload"]) == without(import_client["payload"])
    assert checkout_client["actor"] == import_client["actor"]
    contract_events = feed(env, "contracts")
    checkout_contract = of(contract_events, order["contract_id"])
    import_contract = of(contract_events, row["contract_id"])
    assert [e["event_type"] for e in checkout_contract] == [
        "contract.created",
        "contract.activated",
    ]
    assert [e["event_type"] for e in import_contract] == [
        "contract.created",
        "contract.imported",
        "contract.activated",
    ]
    for a, b in (
        (checkout_contract[0], import_contract[0]),
        (checkout_contract[1], import_contract[2]),
    ):
        assert without(a["payload"]) == without(b["payload"])
        assert a["actor"] == b["actor"]
    assert import_contract[0]["payload"]["order_id"] is None  # no checkout order behind it
    assert import_contract[1]["payload"] == {
        "contract_id": row["contract_id"],
        "subscriber_id": import_contract[0]["payload"]["subscriber_id"],
        "import_id": result["id"],
        "billing_from": today().isoformat(),
    }

    # the read models: the same client, line and contract as the console shows them
    def client(client_id: str) -> dict[str, Any]:
        return dict(env.get("customer", f"/api/v1/clients/{client_id}"))

    a, b = client(order["client_id"]), client(row["client_id"])
    assert without(a, "cin", "subscribers") == without(b, "cin", "subscribers")
    wait_for(lambda: client(row["client_id"])["subscribers"][0]["status"] == "active")
    [line_a], [line_b] = (
        client(order["client_id"])["subscribers"],
        client(row["client_id"])["subscribers"],
    )
    assert without(line_a, "number") == without(line_b, "number")
    ca = env.get("contracts", f"/api/v1/contracts/{order['contract_id']}")
    cb = env.get("contracts", f"/api/v1/contracts/{row['contract_id']}")
    assert without(ca) == without(cb)
    assert (cb["status"], cb["start_date"]) == ("active", start.isoformat())
    # the commitment runs from the historical start
    assert cb["commitment_end"] == ca["commitment_end"]

    # the audit history: who did what, event by event
    for client_id in (order["client_id"], row["client_id"]):
        history = env.get("customer", f"/api/v1/audit/client/{client_id}/events")
        assert [e["event_type"] for e in history["items"]] == ["Registered"]
        assert history["items"][0]["actor"] == checkout_client["actor"]
    audit = env.get("contracts", f"/api/v1/audit/contract/{row['contract_id']}/events")
    assert [e["event_type"] for e in audit["items"]] == ["Created", "Imported", "Activated"]
    assert {e["actor"] for e in audit["items"]} == {checkout_contract[0]["actor"]}


def test_the_same_file_twice_creates_nothing_twice_and_a_changed_row_is_reported(
    env: ServiceEnv,
) -> None:
    mobile, fiber = offer(env), offer(env, "internet", "249.00")
    ref = uuid.uuid4().hex[:8]
    person = f"Youssef,Alami,{cin()},0661234567,,Casablanca"
    rows = [
        f"A-{ref},C-{ref},{person},{mobile},2023-05-01",
        f"B-{ref},C-{ref},{person},{fiber},2024-02-10",
    ]
    first = imported(env, csv_of(*rows))
    assert (first["created"], first["unchanged"], first["rejected"]) == (2, 0, 0)
    # one client with two lines
    created = report(env, first["id"])
    assert len({r["client_id"] for r in created}) == 1
    client_id = created[0]["client_id"]
    lines_before = env.get("customer", f"/api/v1/clients/{client_id}")["subscribers"]
    assert len(lines_before) == 2

    again = imported(env, csv_of(*rows))
    assert again["id"] != first["id"]
    assert (again["created"], again["unchanged"], again["changed"], again["rejected"]) == (
        0,
        2,
        0,
        0,
    )
    assert {r["contract_id"] for r in report(env, again["id"])} == {
        r["contract_id"] for r in created
    }
    # the same Idempotency-Key and file answer the same import
    key = str(uuid.uuid4())
    one = imported(env, csv_of(*rows), key=key)
    two = post_import(env, csv_of(*rows), key=key)
    assert (two.status_code, two.json()["id"], two.json()["status"]) == (
        202,
        one["id"],
        "completed",
    )
    other = post_import(env, csv_of(rows[0]), key=key)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"

    # a row changed in the source since: reported, not applied
    changed = imported(env, csv_of(f"A-{ref},C-{ref},{person},{fiber},2023-05-01", rows[1]))
    assert (changed["changed"], changed["unchanged"], changed["created"]) == (1, 1, 0)
    [row] = report(env, changed["id"], "changed")
    assert row["row_id"] == f"A-{ref}" and row["errors"][0]["field"] == "row_id"
    assert "not applied" in row["errors"][0]["message"]
    contract = env.get("contracts", f"/api/v1/contracts/{row['contract_id']}")
    assert contract["offer_code"] == mobile  # unchanged
    assert env.get("customer", f"/api/v1/clients/{client_id}")["subscribers"] == lines_before
    contracts = env.get("contracts", "/api/v1/contracts", client_id=client_id)
    assert contracts["total"] == 2
    # a new line for that client, whose data changed in the source meanwhile: refused too
    moved = person.replace("Casablanca", "Kenitra")
    later = imported(env, csv_of(f"C-{ref}-new,C-{ref},{moved},{mobile},2025-01-01"))
    assert (later["created"], later["rejected"]) == (0, 1)
    [refused] = report(env, later["id"], "rejected")
    assert refused["errors"][0]["field"] == "client_ref"
    assert "imported before with other data" in refused["errors"][0]["message"]
    assert env.get("customer", f"/api/v1/clients/{client_id}")["city"] == "Casablanca"
    # with the same data, it is the client's third line
    third = imported(env, csv_of(f"C-{ref}-new,C-{ref},{person},{mobile},2025-01-01"))
    assert third["created"] == 1
    assert env.get("contracts", "/api/v1/contracts", client_id=client_id)["total"] == 3


def test_rejected_rows_carry_the_rules_reasons_and_leave_nothing_behind(env: ServiceEnv) -> None:
    code = offer(env)
    taken = cin()
    env.post(
        "contracts",
        "/api/v1/provisioning/orders",
        {
            "offer_id": env.get("catalog", "/api/v1/offers", code=code)["items"][0]["id"],
            "new_client": {
                "first_name": "Deja",
                "last_name": "Client",
                "cin": taken,
                "phone": "0611111111",
            },
        },
        **{"Idempotency-Key": str(uuid.uuid4())},
    ).raise_for_status()
    ref = uuid.uuid4().hex[:8]
    good = f"G-{ref},CG-{ref},Sara,Tazi,{cin()},0677777777,,Fes,{code},2022-01-01"
    cases = {
        f"1-{ref}": (f"1-{ref},C1-{ref},Sara,Tazi,12AB,0677777777,,Fes,{code},2022-01-01", "cin"),
        f"2-{ref}": (f"2-{ref},C2-{ref},Sara,Tazi,{cin()},12345,,Fes,{code},2022-01-01", "phone"),
        f"3-{ref}": (
            f"3-{ref},C3-{ref},Sara,Tazi,{cin()},0677777777,,Fes,NOPE-{ref},2022-01-01",
            "offer_code",
        ),
        f"4-{ref}": (
            f"4-{ref},C4-{ref},Sara,Tazi,{cin()},0677777777,,Fes,{code},2022-13-01",
            "start_date",
        ),
        f"5-{ref}": (
            f"5-{ref},C5-{ref},Sara,Tazi,{cin()},0677777777,,Fes,{code},"
            f"{(today() + timedelta(days=3)).isoformat()}",
            "start_date",
        ),
        f"6-{ref}": (
            f"6-{ref},C6-{ref},Sara,Tazi,{taken},0677777777,,Fes,{code},2022-01-01",
            "cin",
        ),
        f"7-{ref}": (
            f"7-{ref},C7-{ref},,Tazi,{cin()},0677777777,,Fes,{code},2022-01-01",
            "first_name",
        ),
    }
    duplicate = f"G-{ref},CX-{ref},Nadia,Fassi,{cin()},0677777777,,Fes,{code},2022-01-01"
    result = imported(env, csv_of(good, *(row for row, _ in cases.values()), duplicate))
    assert (result["created"], result["rejected"], result["rows"]) == (
        1,
        len(cases) + 1,
        len(cases) + 2,
    )
    rejected = {
        r["row_id"] + ":" + str(r["line"]): r for r in report(env, result["id"], "rejected")
    }
    for row_id, (_, field) in cases.items():
        [found] = [r for key, r in rejected.items() if key.startswith(row_id + ":")]
        assert field in {e["field"] for e in found["errors"]}, (row_id, found)
        assert found["client_id"] is None and found["contract_id"] is None
    [dup] = [r for r in rejected.values() if r["row_id"] == f"G-{ref}"]
    assert dup["errors"][0]["field"] == "row_id" and "duplicate" in dup["errors"][0]["message"]
    taken_error = next(r for k, r in rejected.items() if k.startswith(f"6-{ref}:"))["errors"][0]
    assert "already registered" in taken_error["message"]
    # nothing of the rejected rows was written: no client with their CINs, no contract
    for row_id, (row, _) in cases.items():
        row_cin = row.split(",")[4]
        if row_cin == taken:
            continue
        found = httpx.get(
            env.url("customer", "/api/v1/clients"),
            params={"cin": row_cin},
            headers=env.headers,
        )
        assert found.status_code in (200, 422)
        if found.status_code == 200:
            assert found.json()["total"] == 0, row_id
    with psycopg.connect(env.settings.database_url) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM contracts.imported_rows WHERE import_id = %s", (result["id"],)
        ).fetchone()
    assert stored == (1,)


def test_a_file_that_cannot_be_read_is_refused_naming_the_line(env: ServiceEnv) -> None:
    bad_column = post_import(
        env, b"row_id,client_ref,offer_code,start_date,colour\nA,B,C,2024-01-01,red\n"
    )
    assert bad_column.status_code == 422
    assert "unknown column 'colour'" in bad_column.json()["errors"][0]["message"]
    missing = post_import(env, b"row_id,client_ref,offer_code\nA,B,C\n")
    assert "'start_date' is missing" in missing.json()["errors"][0]["message"]
    too_many = post_import(env, csv_of("A,B,x,y,BE1,0611111111,,,C,2024-01-01,extra"))
    assert too_many.status_code == 422 and "line 2" in too_many.json()["errors"][0]["message"]
    not_text = post_import(env, b"\xff\xfe\x00bad")
    assert not_text.status_code == 422
    wrong_type = httpx.post(
        env.url("contracts", "/api/v1/imports"),
        json={"rows": []},
        headers={**env.headers, "Idempotency-Key": "x"},
    )
    assert wrong_type.status_code == 415
    no_key = httpx.post(
        env.url("contracts", "/api/v1/imports"),
        content=csv_of(),
        headers={**env.headers, "Content-Type": "text/csv"},
    )
    assert no_key.status_code == 400
    with psycopg.connect(env.settings.database_url) as conn:
        count = conn.execute("SELECT count(*) FROM contracts.imports WHERE rows = 0").fetchone()
    assert count == (0,)


def test_the_example_file_imports_as_multipart(env: ServiceEnv) -> None:
    """docs/imports.md's example file (tests/fixtures/imports/base.csv), uploaded as a form."""
    codes = {"MOB-20": ("mobile", "99.00"), "FIB-100": ("internet", "349.00")}
    for code, (service, fee) in codes.items():
        if not env.get("catalog", "/api/v1/offers", code=code)["items"]:
            components = {
                "mobile": {"data": {"quota_gb": 20}},
                "internet": {"fiber": {"speed_mbps": 100}, "landline": {}},
            }[service]
            created = env.post(
                "catalog",
                "/api/v1/offers",
                {
                    "code": code,
                    "name": code,
                    "service": service,
                    "monthly_fee": fee,
                    "components": components,
                },
            ).json()
            env.post("catalog", f"/api/v1/offers/{created['id']}/publish").raise_for_status()
    response = httpx.post(
        env.url("contracts", "/api/v1/imports"),
        files={"file": ("base.csv", FIXTURE.read_bytes(), "text/csv")},
        headers={**env.headers, "Idempotency-Key": str(uuid.uuid4())},
        timeout=60,
    )
    assert response.status_code == 202, response.text
    result = finished(env, response.json()["id"])
    lines = len(FIXTURE.read_text().strip().splitlines()) - 1
    assert result["status"] == "completed" and result["rows"] == lines
    assert result["created"] + result["unchanged"] == lines - 1  # one example row is wrong
    [wrong] = report(env, result["id"], "rejected")
    assert wrong["errors"][0]["field"] == "phone"


def test_a_crash_mid_batch_loses_and_duplicates_nothing(env: ServiceEnv, tmp_path: Path) -> None:
    """The import process dies (like SIGKILL) right after the customer service registered
    the clients of its second batch, before their contracts were entered; the same file sent
    again finishes the work: every row once, every client, line and contract once."""
    code = offer(env)
    ref = uuid.uuid4().hex[:8]
    rows = [
        f"K{i}-{ref},CK{i // 2}-{ref},Omar,Idrissi,{cin()},0655{i:06d},,Oujda,{code},2021-06-0{1 + i % 9}"
        for i in range(10)
    ]
    # a client's CIN appears on two rows (the client has two lines): one CIN per client
    fixed = []
    for i, row in enumerate(rows):
        parts = row.split(",")
        if i % 2:
            parts[4] = fixed[i - 1].split(",")[4]
            parts[5] = fixed[i - 1].split(",")[5]
        fixed.append(",".join(parts))
    content = csv_of(*fixed)
    (tmp_path / "settings.json").write_text(settings_json(env.settings))
    (tmp_path / "import.csv").write_bytes(content)
    died = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.import_until_killed",
            str(tmp_path / "settings.json"),
            str(tmp_path / "import.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert died.returncode == 137, died.stderr
    import_id = died.stdout.strip().splitlines()[-1]
    half = env.get("contracts", f"/api/v1/imports/{import_id}")
    assert half["status"] == "running" and half["created"] == 4  # the first batch (4 rows)

    result = imported(env, content)  # sent again, as an operator would
    assert result["rows"] == 10
    assert result["created"] + result["unchanged"] == 10 and result["rejected"] == 0
    with psycopg.connect(env.settings.database_url) as conn:
        contract_ids = [
            r[0]
            for r in conn.execute(
                "SELECT contract_id FROM contracts.imported_rows WHERE row_id LIKE %s",
                (f"%-{ref}",),
            ).fetchall()
        ]
        assert len(contract_ids) == 10
        created_events = conn.execute(
            "SELECT count(*) FROM contracts.contracts_events WHERE originator_id = ANY(%s)"
            " AND topic LIKE '%%Contract.Created'",
            (contract_ids,),
        ).fetchone()
        assert created_events == (10,)
        clients = conn.execute(
            "SELECT DISTINCT client_id FROM contracts.imported_rows WHERE row_id LIKE %s",
            (f"%-{ref}",),
        ).fetchall()
        assert len(clients) == 5
        registered = conn.execute(
            "SELECT count(*) FROM customer.customer_events WHERE originator_id = ANY(%s)"
            " AND topic LIKE '%%Client.Registered'",
            ([c[0] for c in clients],),
        ).fetchone()
        assert registered == (5,)
        lines = conn.execute(
            "SELECT count(*) FROM customer.subscribers WHERE client_id = ANY(%s)",
            ([c[0] for c in clients],),
        ).fetchone()
        assert lines == (10,)


def test_billing_bills_from_the_cut_over_date_not_the_historical_start(env: ServiceEnv) -> None:
    code = offer(env, fee="300.00")
    first = today().replace(day=1)
    period_start = (first - timedelta(days=1)).replace(day=1)  # last month, a finished one
    ref = uuid.uuid4().hex[:8]
    result = imported(
        env,
        csv_of(f"BIL-{ref},CB-{ref},Leila,Chraibi,{cin()},0699999999,,Agadir,{code},2019-03-17"),
        cutover=period_start,
    )
    assert result["created"] == 1
    [row] = report(env, result["id"])
    contract = env.get("contracts", f"/api/v1/contracts/{row['contract_id']}")
    assert contract["start_date"] == "2019-03-17"
    run = env.post(
        "billing",
        "/api/v1/bill-runs",
        {"period": month_of(period_start), "as_of": today().isoformat()},
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert run.status_code in (201, 202), run.text
    invoices = wait_for(
        lambda: env.get("billing", "/api/v1/invoices", client_id=row["client_id"])["items"], 60
    )
    [invoice] = invoices
    detail = env.get("billing", f"/api/v1/invoices/{invoice['id']}")
    # one month billed (the cut-over month), not seven years since the contract started
    assert detail["subtotal"] == "300.00", detail
    assert [(line["start_date"], line["end_date"]) for line in detail["lines"]] == [
        (period_start.isoformat(), (first - timedelta(days=1)).isoformat())
    ]


def test_mtf_import_runs_the_same_import_from_the_command_line(
    env: ServiceEnv, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mtf.platform.imports import import_file

    code = offer(env)
    ref = uuid.uuid4().hex[:8]
    path = tmp_path / "base.csv"
    path.write_bytes(
        csv_of(
            f"CLI1-{ref},CC-{ref},Hamza,Berrada,{cin()},0633333333,,Tanger,{code},2020-02-02",
            f"CLI2-{ref},CD-{ref},Hamza,Berrada,{cin()},0633,,Tanger,{code},2020-02-02",
        )
    )
    assert import_file(env.settings, path, cutover=None, key=None, operator="amina") == 1
    out = capsys.readouterr().out
    assert '"created": 1' in out and '"rejected": 1' in out
    assert f"(CLI2-{ref}): rejected: phone:" in out
    import_id = out.split()[1].rstrip(":")
    rows = report(env, import_id)
    contract = env.get("contracts", f"/api/v1/contracts/{rows[0]['contract_id']}")
    assert (contract["status"], contract["start_date"]) == ("active", "2020-02-02")
    audit = env.get("contracts", f"/api/v1/audit/contract/{contract['id']}/events")
    assert {e["actor"] for e in audit["items"]} == {"operator:amina via cli"}
    # the same file again is the same import: its report, nothing redone
    assert import_file(env.settings, path, cutover=None, key=None, operator="amina") == 1
    assert f"import {import_id}:" in capsys.readouterr().out
    # a file that cannot be read changes nothing
    bad = tmp_path / "bad.csv"
    bad.write_text("row_id,colour\nA,red\n")
    assert import_file(env.settings, bad, cutover=None, key=None, operator="amina") == 2
    assert "unknown column 'colour'" in capsys.readouterr().err
