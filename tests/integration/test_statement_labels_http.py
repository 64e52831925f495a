"""The bank's free text on a statement line (often the payer's name) is the one piece of
personal data a statement import keeps: blanked when its client is erased (the collections
worker follows the customer feed) and, for every line, once the import is older than the
retention (the worker's daily pass; `MTF_STATEMENT_LABEL_DAYS`, 90 by default). Over real
HTTP on real PostgreSQL (catalog, customer, contracts, billing, collections)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from mtf.collections import app as collections_app
from mtf.collections.app import CollectionsContext
from mtf.kernel.db import make_engine
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import today
from tests.integration.services import ServiceEnv, operator_headers, running_services

IMPORTS = "/api/v1/payments/imports"
DAY = (today() - timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[ServiceEnv]:
    settings = make_settings(databases.create("mtf_labels"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        yield ServiceEnv(running, operator_headers(running))


def register(env: ServiceEnv) -> tuple[str, str]:
    cin = f"LB{random.randint(100000, 999999)}"
    person = {"first_name": "Nadia", "last_name": "Alaoui", "cin": cin, "phone": "0661223344"}
    r = env.post("customer", "/api/v1/clients", person)
    assert r.status_code == 201, r.text
    return str(r.json()["id"]), cin


def upload(env: ServiceEnv, rows: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    body = "date,amount,label,bank_reference\n" + "".join(f"{','.join(r)}\n" for r in rows)
    r = httpx.post(
        env.url("collections", IMPORTS),
        content=body.encode(),
        headers={**env.headers, "Content-Type": "text/csv"},
        timeout=60,
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def labels(env: ServiceEnv, import_id: str) -> dict[str, str]:
    found = env.get("collections", f"{IMPORTS}/{import_id}")
    return {line["bank_reference"]: line["label"] for line in found["lines"]}


def test_an_erased_client_s_statement_labels_are_blanked_and_the_others_kept(
    env: ServiceEnv,
) -> None:
    client_id, cin = register(env)
    named, other = f"BK-{uuid.uuid4().hex[:10]}", f"BK-{uuid.uuid4().hex[:10]}"
    found = upload(
        env, [(DAY, "10.00", f"VIR NADIA ALAOUI {cin}", named), (DAY, "5.00", "SANS NOM", other)]
    )
    [line] = [one for one in found["lines"] if one["bank_reference"] == named]
    assert line["client_id"] == client_id  # the CIN in the label named the client
    erased = httpx.delete(env.url("customer", f"/api/v1/clients/{client_id}"), headers=env.headers)
    assert erased.status_code == 200, erased.text
    assert labels(env, found["id"])[named] == f"VIR NADIA ALAOUI {cin}"  # until the worker
    worker = CollectionsContext(env.settings, make_engine(env.settings.database_url, "collections"))
    try:
        assert worker.erasures_feed.catch_up() >= 1
    finally:
        worker.engine.dispose()
    assert labels(env, found["id"]) == {named: "", other: "SANS NOM"}


def test_the_worker_s_daily_pass_blanks_labels_older_than_the_retention(
    env: ServiceEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = f"BK-{uuid.uuid4().hex[:10]}"
    found = upload(env, [(DAY, "7.00", "VIREMENT M. BENANI", reference)])
    [daily] = collections_app.build_jobs(env.settings)
    daily()  # the retention (90 days) has not passed
    assert labels(env, found["id"]) == {reference: "VIREMENT M. BENANI"}
    monkeypatch.setenv("MTF_STATEMENT_LABEL_DAYS", "0")  # every import is past it now
    [daily] = collections_app.build_jobs(env.settings)
    daily()
    assert labels(env, found["id"]) == {reference: ""}
    # the import itself (lines, amounts, references) stays for the operator
    again = env.get("collections", f"{IMPORTS}/{found['id']}")
    assert [(one["amount"], one["bank_reference"]) for one in again["lines"]] == [
        ("7.00", reference)
    ]
