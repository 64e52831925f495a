"""The money invariants, checked by the model-based test after every step and by the chaos
bench after its run; an auditor can run them too. Each reads the services' public API (`get`)
and the read models (`sql`), after the views have caught up.

- no contract-day and no line-day is billed twice net of credit notes; once a period is run,
  every active or suspended day up to its end of the contracts known then is billed once;
- per invoice: subtotal = sum of lines, total = subtotal + VAT, amount due >= 0;
  per credit note: subtotal + VAT = total;
- per client: received - reversed = what stays allocated + credit;
- FAC and AV numbers gapless per year, issue dates non-decreasing with the number;
- every line's status agrees with its current contract's.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol


class Reader(Protocol):
    def get(self, service: str, path: str, **params: Any) -> Any: ...

    def call(self, method: str, service: str, path: str, body: Any = None, **kw: Any) -> Any: ...

    def sql(self, query: str, *args: Any) -> list[Any]: ...


def month_end(period: str) -> date:
    year, m = int(period[:4]), int(period[5:])
    nxt = date(year + (m == 12), m % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _table_exists(stack: Reader, name: str) -> bool:
    return bool(stack.sql("SELECT to_regclass(%s) IS NOT NULL", name)[0][0])


def check_invoices(stack: Reader, clients: list[uuid.UUID]) -> None:
    for number, subtotal, lines, vat, total, credited, paid in stack.sql(
        "SELECT i.number, i.subtotal, coalesce(sum(l.amount), 0), i.vat, i.total, i.credited, "
        "i.paid FROM billing.invoices i LEFT JOIN billing.invoice_lines l ON l.invoice_id = i.id "
        "WHERE i.client_id = ANY(%s) GROUP BY i.id",
        clients,
    ):
        assert subtotal == lines, f"{number}: subtotal {subtotal} but its lines add to {lines}"
        assert total == subtotal + vat, f"{number}: total {total} != {subtotal} + {vat}"
        assert credited <= total, f"{number}: credited {credited} above its total {total}"
        assert paid >= 0, f"{number}: paid {paid}"
    columns = {
        r[0]
        for r in stack.sql(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'billing' AND table_name = 'credit_notes'"
        )
    }
    if {"subtotal", "vat"} <= columns:
        for number, subtotal, vat, amount in stack.sql(
            "SELECT number, subtotal, vat, amount FROM billing.credit_notes "
            "WHERE client_id = ANY(%s)",
            clients,
        ):
            assert subtotal + vat == amount, f"{number}: {subtotal} + {vat} != {amount}"


def check_numbering(stack: Reader) -> None:
    for table in ("invoices", "credit_notes"):
        rows = stack.sql(f"SELECT number, issue_date FROM billing.{table} ORDER BY number")
        by_year: dict[str, list[tuple[int, date]]] = defaultdict(list)
        for number, issued in rows:
            _, year, n = number.split("-")
            by_year[year].append((int(n), issued))
        for year, numbers in by_year.items():
            assert [n for n, _ in numbers] == list(range(1, len(numbers) + 1)), (
                f"{table} {year}: numbers with a gap {[n for n, _ in numbers]}"
            )
            dates = [d for _, d in numbers]
            assert dates == sorted(dates), f"{table} {year}: issue dates go backward {dates}"


def _net_days(stack: Reader, key: str, clients: list[uuid.UUID]) -> Counter[tuple[Any, date]]:
    net: Counter[tuple[Any, date]] = Counter()
    for who, start, end in stack.sql(
        f"SELECT l.{key}, l.start_date, l.end_date FROM billing.invoice_lines l "
        "JOIN billing.invoices i ON i.id = l.invoice_id WHERE i.client_id = ANY(%s)",
        clients,
    ):
        for n in range((end - start).days + 1):
            net[(who, start + timedelta(days=n))] += 1
    if _table_exists(stack, "billing.credit_note_lines"):
        # a credit note line names its contract; the contract's line is on the invoice lines
        who_sql = (
            "l.contract_id"
            if key == "contract_id"
            else "(SELECT il.subscriber_id FROM billing.invoice_lines il "
            "WHERE il.contract_id = l.contract_id LIMIT 1)"
        )
        for who, start, end in stack.sql(
            f"SELECT {who_sql}, l.start_date, l.end_date FROM billing.credit_note_lines l "
            "JOIN billing.credit_notes n ON n.id = l.credit_note_id WHERE n.client_id = ANY(%s)",
            clients,
        ):
            for n in range((end - start).days + 1):
                net[(who, start + timedelta(days=n))] -= 1
    return net


def check_days(
    stack: Reader,
    clients: list[uuid.UUID],
    latest: tuple[str, datetime, dict[str, dict[str, Any]]] | None,
) -> None:
    by_contract = _net_days(stack, "contract_id", clients)
    twice = sorted((str(c), d.isoformat(), n) for (c, d), n in by_contract.items() if n > 1)
    assert not twice, f"contract-days billed more than once (net of credit notes): {twice[:5]}"
    negative = sorted((str(c), d.isoformat(), n) for (c, d), n in by_contract.items() if n < 0)
    assert not negative, f"contract-days credited more than billed: {negative[:5]}"
    by_line = _net_days(stack, "subscriber_id", clients)
    twice = sorted((str(c), d.isoformat(), n) for (c, d), n in by_line.items() if n > 1)
    assert not twice, f"line-days billed under more than one contract: {twice[:5]}"
    if latest is None:
        return
    period, started, known = latest
    last = month_end(period)
    for contract_id, before in known.items():
        now = stack.get("contracts", f"/api/v1/contracts/{contract_id}")
        changed = datetime.fromisoformat(now["updated_at"]) > started
        if changed or before["status"] in ("pending", "cancelled") or now["status"] == "cancelled":
            continue
        start = date.fromisoformat(now["start_date"])
        end = min(date.fromisoformat(now["end_date"]) if now["end_date"] else last, last)
        missing = [
            (start + timedelta(days=n)).isoformat()
            for n in range((end - start).days + 1)
            if by_contract[(uuid.UUID(contract_id), start + timedelta(days=n))] != 1
        ]
        assert not missing, (
            f"contract {contract_id} ({now['status']}) not billed exactly once on "
            f"{missing[:3]}... after the {period} run"
        )


def check_clients(stack: Reader, clients: list[str]) -> None:
    for client in clients:
        payments = stack.get("collections", "/api/v1/payments", client_id=client, limit=500)
        received = sum((Decimal(p["amount"]) for p in payments["items"]), Decimal("0"))
        reversed_ = sum(
            (Decimal(p["amount"]) for p in payments["items"] if p["status"] == "reversed"),
            Decimal("0"),
        )
        invoices = stack.get("billing", "/api/v1/invoices", client_id=client, limit=500)["items"]
        kept = Decimal("0")
        for i in invoices:
            total, credited, paid = (Decimal(i[k]) for k in ("total", "credited", "paid"))
            due = Decimal(i["amount_due"])
            assert due >= 0 and due == max(Decimal("0"), total - credited - paid), i["number"]
            kept += min(paid, total - credited)
        credit = Decimal(stack.get("collections", f"/api/v1/clients/{client}/balance")["credit"])
        assert received - reversed_ == kept + credit, (
            f"client {client}: received {received} - reversed {reversed_} != allocated {kept} "
            f"+ credit {credit}"
        )


def check_lines(stack: Reader, clients: list[str]) -> None:
    for client in clients:
        contracts = stack.get("contracts", "/api/v1/contracts", client_id=client, limit=500)
        by_line: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in contracts["items"]:
            by_line[c["subscriber_id"]].append(c)
        for line_id, on_line in by_line.items():
            current = [c for c in on_line if c["status"] in ("pending", "active", "suspended")]
            assert len(current) <= 2, f"line {line_id} has {len(current)} current contracts"
            live = [c for c in current if c["status"] != "pending"]
            assert len(live) <= 1, f"line {line_id} has two live contracts: {live}"
            line = stack.call("GET", "customer", f"/api/v1/subscribers/{line_id}")
            if line.status_code != 200:
                continue
            status = line.json()["status"]
            if live:
                expected = {live[0]["status"]}
            elif current:
                expected = {"pending"}
            else:
                expected = {"terminated", "cancelled"}
            assert status in expected, (
                f"line {line_id} is {status}, its contracts say {[c['status'] for c in on_line]}"
            )
