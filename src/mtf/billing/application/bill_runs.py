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
    AlreadyBilled,
    BillRun,
    Invoice,
    IssueDateBehind,
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

    def _latest_issue(self, as_of: date) -> date | None:
        last: date | None = getattr(
            self.store.numbering("FAC", as_of.year), "last_issue_date", None
        )
        return last

    def _check(self, period_raw: str, as_of: date | None) -> tuple[Period, date]:
        period = Period.parse(period_raw)
        today = self.clock.today()
        as_of = as_of or today
        latest = self._latest_issue(as_of) if as_of <= today else None
        check_run_dates(period, as_of, today, latest)
        return period, as_of

    def latest_pass(self, period: str) -> BillRun | None:
        """The period's latest run (pass), or None."""
        latest: BillRun | None = None
        n = 1
        while (run := self.store.bill_run(bill_run_id_for(period, n))) is not None:
            latest, n = run, n + 1
        return latest

    def start(self, period_raw: str, as_of: date | None, actor: str) -> UUID:
        """Start the period's run; the run in progress if there is one; once the period's
        latest pass is completed, a supplementary pass (for the clients with no invoice for
        that period yet)."""
        period, as_of = self._check(period_raw, as_of)
        for _attempt in range(5):
            latest = self.latest_pass(str(period))
            if latest is not None and latest.status != COMPLETED:
                # started by another request a moment ago: its view may not be written yet
                # (the caller reads it next), so catch up as the starter does
                self.read_model.catch_up()
                return latest.id
            pass_number = 1 if latest is None else latest.pass_number + 1
            try:
                self.store.save(
                    BillRun(
                        period=str(period),
                        as_of=as_of,
                        issue_date=as_of,
                        actor=actor,
                        pass_number=pass_number,
                    )
                )
            except Conflict:
                continue  # started at the same moment by another request: that run
            self.read_model.catch_up()
            return bill_run_id_for(str(period), pass_number)
        raise Conflict("the run of this period is being started by another request; retry")

    def preview(self, period_raw: str, as_of: date | None) -> dict[str, Any]:
        """A dry run: what the real run would issue next (the same computation on the same
        ledger, for the clients it would plan), nothing written."""
        period, as_of = self._check(period_raw, as_of)
        self.contracts_feed.catch_up()
        latest = self.latest_pass(str(period))
        pass_number = (
            1 if latest is None else latest.pass_number + (1 if latest.status == COMPLETED else 0)
        )
        by_client: dict[UUID, list[Any]] = defaultdict(list)
        for row in self.work.preview_rows(period.last_day, str(period)):
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
            "pass_number": pass_number,
            "as_of": as_of,
            "clients": len(by_client),
            "contracts": contracts,
            "invoices": invoices,
            "amount": amount,
        }

    def work_on(self, run_id: UUID, max_batches: int | None = None) -> int:
        """Plan, bill and complete a run; safe to call from several processes at once. With
        `max_batches`, at most that many batches of clients are billed by this call (the
        worker's share, so its feeds get their turns between batches; the run is completed
        by the call that finds nothing left). Answers how many clients this call billed."""
        run = self.store.bill_run(run_id)
        if run is None or run.status == COMPLETED:
            return 0
        period = Period.parse(run.period)
        if run.status == PLANNING:
            self.contracts_feed.catch_up()
            # the billed days come from the ledger (moved with the invoices), so no wait
            # for the read model; clients invoiced for the period already are left out
            contracts_total, clients_total = self.work.plan(run_id, period.last_day, run.period)
            run.planned(contracts_total=contracts_total, clients_total=clients_total)
            try:
                self.store.save(run)
            except Conflict:
                pass
            run = self.store.bill_run(run_id)
        assert run is not None
        billed = 0
        if run.status == RUNNING:
            batches = 0
            while max_batches is None or batches < max_batches:
                done = self.process_batch(run, period)
                if not done:
                    break
                billed += done
                batches += 1
            if not self.work.any_pending(run_id):
                # the report names the invoice series' chain head after the run: an auditor
                # keeps it, and a later verification must still find it (docs/audit-journal.md)
                summary = self.work.summary(run_id)
                summary["journal"] = self.work.journal_head(f"FAC-{run.issue_date.year:04d}")
                run.complete(summary=summary)
                try:
                    self.store.save(run)
                    log.info("bill_run_completed", period=run.period, **run.summary)
                except Conflict:
                    pass  # completed by another worker
        self.read_model.catch_up()
        return billed

    def process_batch(self, run: BillRun, period: Period) -> int:
        with self.work.claim(run.id, self.batch_size) as claim:
            if not claim.clients:
                return 0
            results: dict[UUID, ClientResult] = {}
            for _attempt in range(10):
                try:
                    self._bill_claimed(claim, run, period, results)
                    break
                except AlreadyBilled:
                    # another run in flight billed some of these days (or a contract ended
                    # meanwhile): nothing was recorded; read the unbilled days again
                    continue
            for client in claim.clients:
                if client not in results:
                    results[client] = ClientResult(
                        "error", 0, error="billed concurrently by another run; try again"
                    )
            self.work.record(claim.conn, run.id, results)
            return len(claim.clients)

    def _bill_claimed(
        self, claim: Any, run: BillRun, period: Period, results: dict[UUID, ClientResult]
    ) -> None:
        rows_by_client: dict[UUID, list[Any]] = defaultdict(list)
        for row in claim.unbilled(period.last_day):
            rows_by_client[row.client_id].append(row)
        ids = {client: invoice_id_for(client, run.period) for client in claim.clients}
        already = self.store.existing(claim.conn, list(ids.values()))
        to_issue: list[tuple[UUID, list[dict[str, Any]], int]] = []
        for client in claim.clients:
            rows = rows_by_client.get(client, [])
            if ids[client] in already:
                issued = self.store.invoice(ids[client])
                if issued.bill_run_id == run.id:  # issued before a crash, recorded here now
                    results[client] = ClientResult("done", len(rows), issued.id, issued.total)
                else:  # invoiced for this period by another pass: late days go on the next
                    results[client] = ClientResult("nothing", len(rows))
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
        try:
            issued_now = self._issue(run, to_issue, ids)
        except IssueDateBehind as exc:
            for client, _, n in to_issue:
                results[client] = ClientResult("error", n, error=exc.detail[:500])
            return
        contracts_of = {client: n for client, _, n in to_issue}
        for invoice in issued_now:
            client = invoice.client_id
            results[client] = ClientResult("done", contracts_of[client], invoice.id, invoice.total)

    def _issue(
        self,
        run: BillRun,
        to_issue: list[tuple[UUID, list[dict[str, Any]], int]],
        ids: dict[UUID, UUID] | None = None,
    ) -> list[Invoice]:
        if not to_issue:
            return []
        issue_date = run.issue_date
        for _attempt in range(20):
            numbering = self.store.numbering("FAC", issue_date.year)
            numbers = numbering.take(
                [
                    ids[client] if ids else invoice_id_for(client, run.period)
                    for client, _, _ in to_issue
                ],
                issue_date,
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
                # the numbers, the invoices they number and the days they bill (the ledger)
                # are recorded together, or not at all
                self.store.save(numbering, *invoices)
                return invoices
            except AlreadyBilled:
                raise
            except Conflict:
                continue  # another worker took numbers meanwhile: take the next ones
        raise Conflict("could not take invoice numbers: too much contention; the run will resume")

    def work_on_open_runs(self, max_batches: int | None = None) -> int:
        """Carry on every open run (`max_batches` each, see `work_on`); answers how much was
        done: the clients billed, at least the number of runs still open."""
        runs = self.work.open_runs()
        billed = sum(self.work_on(run_id, max_batches) for run_id in runs)
        return max(billed, len(runs))

    def start_due_run(self) -> UUID | None:
        """On the first day of a month (or later, to catch up), the month before is billed."""
        period = Period(self.clock.today().year, self.clock.today().month).previous()
        run_id = bill_run_id_for(str(period))
        if self.store.bill_run(run_id) is not None:
            return None
        return self.start(str(period), self.clock.today(), "system:scheduler")
