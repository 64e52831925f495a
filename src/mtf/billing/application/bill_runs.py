"""The monthly bill run: bill every billable day not billed before, one invoice per client
and period, gapless numbers, resumable after any crash, shared by any number of workers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from mtf.billing.application.ports import BillingStore, BillRunWork, ClientResult
from mtf.billing.domain.invoice import (
    COMPLETED,
    PLANNING,
    RUNNING,
    BillRun,
    Invoice,
    bill_run_id_for,
    invoice_id_for,
)
from mtf.billing.domain.rating import Period, check_run_dates, totals, unbilled_stretches
from mtf.kernel.clock import Clock
from mtf.kernel.errors import Conflict
from mtf.kernel.logging import get_logger

log = get_logger("mtf.billing.runs")


class Refresher(Protocol):
    def catch_up(self) -> int:
        """Apply what is new."""
        ...


def lines_for(rows: list[Any], up_to: date) -> list[dict[str, Any]]:
    """Invoice lines for one client's unbilled contracts (a line per contract and month)."""
    lines: list[dict[str, Any]] = []
    for row in rows:
        for stretch in unbilled_stretches(
            start=row.start_date,
            end=row.end_date,
            last_billed=row.last_billed,
            up_to=up_to,
            monthly_fee=row.monthly_fee,
        ):
            lines.append(
                {
                    "contract_id": str(row.contract_id),
                    "subscriber_id": str(row.subscriber_id),
                    "description": f"{row.offer_name} ({row.offer_code})",
                    "start_date": stretch.start.isoformat(),
                    "end_date": stretch.end.isoformat(),
                    "days": stretch.days,
                    "monthly_fee": str(row.monthly_fee),
                    "amount": str(stretch.amount),
                }
            )
    return lines


class BillRunner:
    def __init__(
        self,
        *,
        store: BillingStore,
        work: BillRunWork,
        contracts_feed: Refresher,
        read_model: Refresher,
        clock: Clock,
        vat_rate: Decimal,
        payment_days: int = 30,
        currency: str = "MAD",
        batch_size: int = 200,
    ) -> None:
        self.store = store
        self.work = work
        self.contracts_feed = contracts_feed
        self.read_model = read_model
        self.clock = clock
        self.vat_rate = vat_rate
        self.payment_days = payment_days
        self.currency = currency
        self.batch_size = batch_size

    def start(self, period_raw: str, as_of: date | None, actor: str) -> UUID:
        """Start the period's run, or return the one that exists (one run per period)."""
        period = Period.parse(period_raw)
        as_of = as_of or self.clock.today()
        check_run_dates(period, as_of, self.clock.today())
        run_id = bill_run_id_for(str(period))
        if self.store.bill_run(run_id) is None:
            try:
                self.store.save(
                    BillRun(period=str(period), as_of=as_of, issue_date=as_of, actor=actor)
                )
            except Conflict:
                pass  # started at the same moment by another request: same run
        self.read_model.catch_up()
        return run_id

    def preview(self, period_raw: str, as_of: date | None) -> dict[str, Any]:
        """A dry run: the same computation, nothing written."""
        period = Period.parse(period_raw)
        as_of = as_of or self.clock.today()
        check_run_dates(period, as_of, self.clock.today())
        self.contracts_feed.catch_up()
        self.read_model.catch_up()
        by_client: dict[UUID, list[Any]] = defaultdict(list)
        for row in self.work.preview_rows(period.last_day):
            by_client[row.client_id].append(row)
        invoices, amount, contracts = 0, Decimal("0.00"), 0
        for rows in by_client.values():
            lines = lines_for(rows, period.last_day)
            contracts += len(rows)
            if lines:
                invoices += 1
                amount += totals([Decimal(line["amount"]) for line in lines], self.vat_rate).total
        return {
            "period": str(period),
            "as_of": as_of,
            "clients": len(by_client),
            "contracts": contracts,
            "invoices": invoices,
            "amount": amount,
        }

    def work_on(self, run_id: UUID) -> None:
        """Plan, bill and complete a run; safe to call from several processes at once."""
        run = self.store.bill_run(run_id)
        if run is None or run.status == COMPLETED:
            return
        period = Period.parse(run.period)
        if run.status == PLANNING:
            self.contracts_feed.catch_up()
            self.read_model.catch_up()  # last billed days of earlier runs
            contracts_total, clients_total = self.work.plan(run_id, period.last_day)
            run.planned(contracts_total=contracts_total, clients_total=clients_total)
            try:
                self.store.save(run)
            except Conflict:
                pass
            run = self.store.bill_run(run_id)
        assert run is not None
        if run.status == RUNNING:
            while self.process_batch(run, period):
                pass
            if self.work.pending(run_id) == 0:
                run.complete(summary=self.work.summary(run_id))
                try:
                    self.store.save(run)
                    log.info("bill_run_completed", period=run.period, **run.summary)
                except Conflict:
                    pass  # completed by another worker
        self.read_model.catch_up()

    def process_batch(self, run: BillRun, period: Period) -> int:
        with self.work.claim(run.id, self.batch_size) as claim:
            if not claim.clients:
                return 0
            rows_by_client: dict[UUID, list[Any]] = defaultdict(list)
            for row in claim.unbilled(period.last_day):
                rows_by_client[row.client_id].append(row)
            ids = {client: invoice_id_for(client, run.period) for client in claim.clients}
            already = self.store.existing(claim.conn, list(ids.values()))
            results: dict[UUID, ClientResult] = {}
            to_issue: list[tuple[UUID, list[dict[str, Any]], int]] = []
            for client in claim.clients:
                rows = rows_by_client.get(client, [])
                if ids[client] in already:
                    # issued before a crash, recorded here now
                    issued = self.store.invoice(ids[client])
                    results[client] = ClientResult("done", len(rows), issued.id, issued.total)
                    continue
                try:
                    lines = lines_for(rows, period.last_day)
                except Exception as exc:
                    results[client] = ClientResult("error", len(rows), error=str(exc)[:500])
                    continue
                if not lines:
                    results[client] = ClientResult("nothing", len(rows))
                else:
                    to_issue.append((client, lines, len(rows)))
            for invoice in self._issue(run, to_issue):
                client = invoice.client_id
                results[client] = ClientResult(
                    "done",
                    next(n for c, _, n in to_issue if c == client),
                    invoice.id,
                    invoice.total,
                )
            self.work.record(claim.conn, run.id, results)
            return len(claim.clients)

    def _issue(
        self, run: BillRun, to_issue: list[tuple[UUID, list[dict[str, Any]], int]]
    ) -> list[Invoice]:
        if not to_issue:
            return []
        issue_date = run.issue_date
        for _attempt in range(20):
            numbering = self.store.numbering("FAC", issue_date.year)
            numbers = numbering.take(
                [invoice_id_for(client, run.period) for client, _, _ in to_issue]
            )
            invoices = []
            for (client, lines, _), number in zip(to_issue, numbers, strict=True):
                t = totals([Decimal(line["amount"]) for line in lines], self.vat_rate)
                invoices.append(
                    Invoice(
                        client_id=client,
                        period=run.period,
                        number=number,
                        issue_date=issue_date,
                        due_date=issue_date + timedelta(days=self.payment_days),
                        currency=self.currency,
                        vat_rate=self.vat_rate,
                        lines=lines,
                        subtotal=t.subtotal,
                        vat=t.vat,
                        total=t.total,
                        bill_run_id=run.id,
                        actor="system:bill-run",
                    )
                )
            try:
                # the numbers and the invoices they number are recorded together, or not at all
                self.store.save(numbering, *invoices)
                return invoices
            except Conflict:
                continue  # another worker took numbers meanwhile: take the next ones
        raise Conflict("could not take invoice numbers: too much contention; the run will resume")

    def work_on_open_runs(self) -> int:
        runs = self.work.open_runs()
        for run_id in runs:
            self.work_on(run_id)
        return len(runs)

    def start_due_run(self) -> UUID | None:
        """On the first day of a month (or later, to catch up), the month before is billed."""
        period = Period(self.clock.today().year, self.clock.today().month).previous()
        run_id = bill_run_id_for(str(period))
        if self.store.bill_run(run_id) is not None:
            return None
        return self.start(str(period), self.clock.today(), "system:scheduler")
