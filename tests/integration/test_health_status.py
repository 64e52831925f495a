"""Health that says what is wrong (docs/operations/health.md): on real services over real HTTP,
a lagging then stuck projector, a webhook delivery waiting for an hour, invoices whose PDF is
not archived and a bill run with a client in error are named by the service's
/health/ready, the gateway's /health/ready, `mtf status` (exit 1) and /metrics; every metric
the example alert rules (docs/operations/alerts.yml) use is exported."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import yaml

from mtf.kernel.settings import SERVICES
from mtf.platform.migrate import migrate_all
from mtf.platform.status import status_report
from tests.conftest import ROOT, Databases, make_settings
from tests.dates import today
from tests.integration.services import ServiceEnv, operator_headers, running_services
from tests.integration.test_collections_health import head, record_payment


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[ServiceEnv]:
    settings = make_settings(databases.create("mtf_status"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(settings, (*SERVICES, "gateway")) as running:
        yield ServiceEnv(running, operator_headers(running))


def sql(env: ServiceEnv, query: str, *args: Any) -> None:
    with psycopg.connect(env.settings.database_url, autocommit=True) as conn:
        conn.execute(query, args)


def a_webhook_waiting_for_an_hour(env: ServiceEnv) -> None:
    subscription = uuid.uuid4()
    sql(
        env,
        "INSERT INTO identity.webhook_subscriptions (id, name, url, event_types, secret, active, "
        "last_sequence, created_by, created_at) VALUES (%s, 'erp', 'http://127.0.0.1:9/hook', "
        "ARRAY['invoice.issued.v1'], 'whsec', true, 1, 'op', now() - interval '2 hours')",
        subscription,
    )
    sql(
        env,
        "INSERT INTO identity.webhook_events (subscription_id, sequence, id, event_type, payload, "
        "occurred_at, status, attempts, next_attempt_at, created_at) VALUES (%s, 1, %s, "
        "'invoice.issued.v1', '{}', now() - interval '1 hour', 'pending', 4, now(), "
        "now() - interval '1 hour')",
        subscription,
        uuid.uuid4(),
    )


def a_bill_run_left_with_invoices_unarchived_and_a_client_in_error(env: ServiceEnv) -> None:
    """What a worker that stopped after a bill run leaves: invoices without their PDF."""
    run = uuid.uuid4()
    period = (today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    sql(
        env,
        "INSERT INTO billing.bill_runs (id, period, as_of, issue_date, status, contracts_total, "
        "clients_total, summary, created_at, pass_number) VALUES (%s, %s, %s, %s, 'running', 2, "
        "2, '{}', now() - interval '40 minutes', 1)",
        run,
        period,
        today(),
        today(),
    )
    for status in ("done", "error"):
        sql(
            env,
            "INSERT INTO billing.bill_run_items (run_id, client_id, status, contracts) "
            "VALUES (%s, %s, %s, 1)",
            run,
            uuid.uuid4(),
            status,
        )
    sql(
        env,
        "INSERT INTO billing.invoices (id, number, client_id, period, issue_date, due_date, "
        "currency, subtotal, vat, total, bill_run_id, created_at) VALUES (%s, 'FAC-2099-000001', "
        "%s, %s, %s, %s, 'MAD', 100, 20, 120, %s, now() - interval '30 minutes')",
        uuid.uuid4(),
        uuid.uuid4(),
        period,
        today(),
        today() + timedelta(days=30),
        run,
    )


def metric_names(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^# TYPE (\S+) ", text, re.M)}


def value(text: str, name: str) -> float:
    found = re.search(rf"^{name}\{{[^}}]*\}} (\S+)$", text, re.M)
    assert found, f"no {name} in /metrics"
    return float(found.group(1))


def test_ready_status_and_metrics_name_what_is_wrong(
    env: ServiceEnv, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # payments recorded while no one reads: the collections views are behind their events
    for amount in ("10.00", "20.00", "30.00"):
        record_payment(env.settings, amount)
    report = status_report(env.settings, ask_services=False)  # (/health/ready caches 5 s)
    views = report["streams"]["collections/projection:collections.views"]
    assert views == {"position": 0, "lag": head(env.settings)}
    assert views["lag"] >= 3
    assert report["services"]["collections"]["ready"] == "not asked"

    # a read catches them up; then an event they cannot apply: the next read moves them up
    # to it and they stick there
    assert httpx.get(env.url("collections", "/api/v1/payments"), headers=env.headers).is_success
    record_payment(env.settings, "1000000000000.00")
    poisoned = head(env.settings)
    record_payment(env.settings, "40.00")
    assert httpx.get(env.url("collections", "/api/v1/payments"), headers=env.headers).is_success
    a_webhook_waiting_for_an_hour(env)
    a_bill_run_left_with_invoices_unarchived_and_a_client_in_error(env)

    # each service's /health/ready: what is stuck, lags, its own facts, warnings
    body = httpx.get(env.url("collections", "/health/ready")).json()
    assert body["status"] == "degraded" and body["lag"]["projection:collections.views"] == 2
    assert body["operations"]["collections_run"] == {"last": None}
    assert body["operations"]["database"]["connections"] > 0
    identity = httpx.get(env.url("identity", "/health/ready")).json()
    hooks = identity["operations"]["webhooks"]
    assert hooks["pending"] == 1 and hooks["oldest_pending_seconds"] >= 3600
    assert any(w.startswith("webhook deliveries waiting: 1") for w in identity["warnings"])
    billing = httpx.get(env.url("billing", "/health/ready")).json()
    assert billing["operations"]["pdf_archive"]["backlog"] == 1
    assert billing["operations"]["pdf_archive"]["oldest_pending_seconds"] >= 1800
    last = billing["operations"]["bill_runs"]["last"]
    assert (last["status"], last["clients_done"], last["clients_failed"]) == ("running", 2, 1)
    assert billing["operations"]["bill_runs"]["open"] == 1
    assert any("invoice PDFs not archived: 1" in w for w in billing["warnings"])

    # the gateway's: every service's, in one answer
    gateway = httpx.get(env.url("gateway", "/health/ready")).json()
    assert gateway["status"] == "degraded"
    assert gateway["services"]["identity"]["operations"]["webhooks"]["pending"] == 1
    assert any(w.startswith("identity: webhook deliveries waiting") for w in gateway["warnings"])
    assert [s["name"] for s in gateway["stuck"]] == ["collections.views"]

    # `mtf status`, as on-call runs it: exit 1, each problem in a line
    monkeypatch.setenv("DATABASE_URL", env.settings.database_url)
    for service in SERVICES:
        monkeypatch.setenv(f"MTF_{service.upper()}_URL", env.settings.service_urls[service])
    from mtf.cli import main

    assert main(["status"]) == 1
    out = capsys.readouterr().out
    assert f"collections: projection collections.views stuck at event {poisoned}" in out
    assert "(Payment.Posted: DataError)" in out
    assert "identity: webhook deliveries waiting: 1, the oldest for" in out
    assert "billing: invoice PDFs not archived: 1" in out
    assert "billing: the last bill run (" in out and "1 client(s) in error" in out
    assert re.search(rf"collections/projection:collections.views\s+{poisoned - 1}\s+2$", out, re.M)
    assert "1000000000000" not in out  # no event data in the report

    # /metrics: the same facts
    metrics = {s: httpx.get(env.url(s, "/metrics")).text for s in SERVICES}
    assert value(metrics["identity"], "mtf_webhook_deliveries_pending") == 1
    assert value(metrics["identity"], "mtf_webhook_oldest_pending_seconds") >= 3600
    assert value(metrics["billing"], "mtf_pdf_archive_backlog") == 1
    assert value(metrics["billing"], "mtf_bill_runs_open") == 1
    assert value(metrics["billing"], "mtf_bill_run_last_failed_clients") == 1
    assert value(metrics["collections"], "mtf_db_connections") > 0
    assert "mtf_collections_run_last_as_of_timestamp_seconds" in metric_names(
        metrics["collections"]
    )


def test_every_alert_rule_uses_metrics_the_services_export(env: ServiceEnv) -> None:
    rules = yaml.safe_load(Path(ROOT, "docs/operations/alerts.yml").read_text())
    alerts = [r for g in rules["groups"] for r in g["rules"]]
    assert len(alerts) >= 10
    exported: set[str] = set()
    for service in SERVICES:
        exported |= metric_names(httpx.get(env.url(service, "/metrics")).text)
    for alert in alerts:
        assert set(alert) <= {"alert", "expr", "for", "labels", "annotations"}, alert
        assert re.fullmatch(r"Mtf[A-Za-z]+", alert["alert"]) and alert["labels"]["severity"]
        used = set(re.findall(r"\bmtf_[a-z_]+\b", alert["expr"]))
        assert used, alert["alert"]
        assert used <= exported, f"{alert['alert']}: {used - exported} not in /metrics"
