"""billing: write-side ledgers moved with the invoice and credit-note events, backdated ends
to credit, supplementary bill-run passes, credit notes with their VAT split, CHECK constraints
that agree with the money rules

- `contract_billing` (each contract's last billed day) is no longer a view: it is written in
  the same transaction as the invoice events that bill the days (and moved back by the
  credit notes of a backdated end).
- `invoice_ledger`: each issued invoice's total and what credit notes have taken from it,
  written with the events, so a credit note is capped whatever the concurrency.
- `credit_backs`: contract ends (terminations, supersessions) to compare with the billed days.
- `credit_note_lines`: the days a credit note gives back.

Revision ID: billing_0003
Revises: billing_0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "billing_0003"
down_revision = "billing_0002"
branch_labels = None
depends_on = None

# What `downgrade` loses (`mtf migrate --to` refuses without --accept-loss). The views come
# back from the events (`mtf rebuild billing` after the upgrade), the ledgers too.
LOSSY_DOWNGRADE = """supplementary bill-run passes leave the bill_runs view and credit
notes lose their VAT split and refundable part until `mtf rebuild billing` after the next
upgrade; the ends to credit (credit_backs) are dropped and found again by the upgrade
(from billable_contracts; a day is credited once whatever the passes)"""

UUID = postgresql.UUID(as_uuid=True)
MONEY = sa.Numeric(14, 2)


def upgrade() -> None:
    op.create_table(
        "invoice_ledger",
        sa.Column("invoice_id", UUID, primary_key=True),
        sa.Column("client_id", UUID, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("credited", MONEY, nullable=False, server_default="0"),
        sa.CheckConstraint("total >= 0", name="invoice_ledger_total_not_negative"),
        sa.CheckConstraint(
            "credited >= 0 AND credited <= total", name="invoice_ledger_credited_within_total"
        ),
        sa.UniqueConstraint("client_id", "period", name="invoice_ledger_one_per_client_period"),
    )
    op.execute(
        "INSERT INTO invoice_ledger (invoice_id, client_id, period, total, credited) "
        "SELECT id, client_id, period, total, LEAST(credited, total) FROM invoices"
    )
    op.create_table(
        "credit_backs",
        sa.Column("contract_id", UUID, primary_key=True),
        sa.Column("end_date", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
    )
    # the ends billing already knows (a first upgrade, or this upgrade again after a
    # downgrade dropped the table): compared with the billed days by the worker, which
    # credits a day billed past an end once (the credit note's id derives from the end)
    op.execute(
        "INSERT INTO credit_backs (contract_id, end_date, kind, status) "
        "SELECT contract_id, end_date, status, 'pending' FROM billable_contracts "
        "WHERE end_date IS NOT NULL AND status IN ('terminated', 'superseded', 'cancelled')"
    )
    op.create_index(
        "credit_backs_pending",
        "credit_backs",
        ["contract_id"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "credit_note_lines",
        sa.Column("credit_note_id", UUID, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("contract_id", UUID, nullable=False, index=True),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("monthly_fee", MONEY, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.CheckConstraint("days >= 1 AND end_date >= start_date", name="credit_note_lines_days"),
        sa.CheckConstraint("amount >= 0", name="credit_note_lines_amount_not_negative"),
    )
    op.add_column("credit_notes", sa.Column("subtotal", MONEY))
    op.add_column("credit_notes", sa.Column("vat", MONEY))
    op.add_column("credit_notes", sa.Column("total", MONEY))
    op.add_column("credit_notes", sa.Column("refundable", MONEY, server_default="0"))
    # notes issued before the split: the invoice's own ratio of subtotal to total
    op.execute(
        "UPDATE credit_notes c SET total = c.amount, refundable = 0, "
        "subtotal = CASE WHEN i.total > 0 THEN ROUND(c.amount * i.subtotal / i.total, 2) ELSE c.amount END "
        "FROM invoices i WHERE i.id = c.invoice_id"
    )
    op.execute("UPDATE credit_notes SET total = amount, subtotal = amount WHERE total IS NULL")
    op.execute("UPDATE credit_notes SET vat = total - subtotal")
    for column in ("subtotal", "vat", "total", "refundable"):
        op.alter_column("credit_notes", column, nullable=False)
    op.create_check_constraint(
        "credit_notes_amounts",
        "credit_notes",
        "amount > 0 AND subtotal >= 0 AND vat >= 0 AND total = subtotal + vat AND amount = total "
        "AND refundable >= 0 AND refundable <= total",
    )
    op.create_check_constraint(
        "invoices_amounts",
        "invoices",
        "subtotal >= 0 AND vat >= 0 AND total = subtotal + vat AND credited >= 0 "
        "AND credited <= total",
    )
    op.create_check_constraint(
        "invoice_lines_amounts",
        "invoice_lines",
        "days >= 1 AND end_date >= start_date AND monthly_fee >= 0 AND amount >= 0",
    )
    op.create_check_constraint(
        "bill_run_items_amount", "bill_run_items", "amount IS NULL OR amount >= 0"
    )
    # supplementary passes: several runs per period, one per pass
    op.add_column(
        "bill_runs", sa.Column("pass_number", sa.Integer, nullable=False, server_default="1")
    )
    op.drop_constraint("bill_runs_period_key", "bill_runs", type_="unique")
    op.create_unique_constraint("bill_runs_period_pass", "bill_runs", ["period", "pass_number"])


def downgrade() -> None:
    op.drop_constraint("bill_runs_period_pass", "bill_runs", type_="unique")
    op.execute("DELETE FROM bill_runs WHERE pass_number > 1")
    op.create_unique_constraint("bill_runs_period_key", "bill_runs", ["period"])
    op.drop_column("bill_runs", "pass_number")
    for name, table in (
        ("bill_run_items_amount", "bill_run_items"),
        ("invoice_lines_amounts", "invoice_lines"),
        ("invoices_amounts", "invoices"),
        ("credit_notes_amounts", "credit_notes"),
    ):
        op.drop_constraint(name, table, type_="check")
    for column in ("refundable", "total", "vat", "subtotal"):
        op.drop_column("credit_notes", column)
    op.drop_table("credit_note_lines")
    op.drop_table("credit_backs")
    op.drop_table("invoice_ledger")
