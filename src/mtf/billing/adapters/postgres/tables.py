"""The billing schema's tables (Alembic owns them; see migrations/versions/billing)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import BIGINT, JSONB
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from mtf.kernel.projection import tracking_table

metadata = MetaData()
tracking = tracking_table(metadata)
UUIDT = PGUUID(as_uuid=True)

feed_tracking = Table(
    "feed_tracking",
    metadata,
    Column("follower", String(100), primary_key=True),
    Column("position", BIGINT, nullable=False, server_default="0"),
)

billable_contracts = Table(
    "billable_contracts",
    metadata,
    Column("contract_id", UUIDT, primary_key=True),
    Column("client_id", UUIDT, nullable=False, index=True),
    Column("subscriber_id", UUIDT, nullable=False, index=True),
    Column("offer_id", UUIDT, nullable=False),
    Column("offer_version", Integer, nullable=False),
    Column("offer_code", String(32), nullable=False),
    Column("offer_name", String(120), nullable=False),
    Column("service", String(16), nullable=False),
    Column("monthly_fee", Numeric(14, 2), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("status", String(16), nullable=False),
)

# write-side ledgers: moved in the same transaction as the events (see event_store.py)
contract_billing = Table(
    "contract_billing",
    metadata,
    Column("contract_id", UUIDT, primary_key=True),
    Column("last_billed", Date, nullable=False),
)

invoice_ledger = Table(
    "invoice_ledger",
    metadata,
    Column("invoice_id", UUIDT, primary_key=True),
    Column("client_id", UUIDT, nullable=False),
    Column("period", String(7), nullable=False),
    Column("total", Numeric(14, 2), nullable=False),
    Column("credited", Numeric(14, 2), nullable=False, server_default="0"),
)

# contract ends seen on the contracts feed, to compare with the billed days
credit_backs = Table(
    "credit_backs",
    metadata,
    Column("contract_id", UUIDT, primary_key=True),
    Column("end_date", Date, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
)

bill_runs = Table(
    "bill_runs",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("period", String(7), nullable=False),
    Column("pass_number", Integer, nullable=False, server_default="1"),
    Column("as_of", Date, nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("contracts_total", Integer, nullable=False, server_default="0"),
    Column("clients_total", Integer, nullable=False, server_default="0"),
    Column("summary", JSONB),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
)

bill_run_items = Table(
    "bill_run_items",
    metadata,
    Column("run_id", UUIDT, primary_key=True),
    Column("client_id", UUIDT, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("contracts", Integer, nullable=False),
    Column("invoice_id", UUIDT),
    Column("amount", Numeric(14, 2)),
    Column("error", Text),
)

invoices = Table(
    "invoices",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("client_id", UUIDT, nullable=False, index=True),
    Column("period", String(7), nullable=False, index=True),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("subtotal", Numeric(14, 2), nullable=False),
    Column("vat", Numeric(14, 2), nullable=False),
    Column("total", Numeric(14, 2), nullable=False),
    Column("credited", Numeric(14, 2), nullable=False, server_default="0"),
    Column("paid", Numeric(14, 2), nullable=False, server_default="0"),
    Column("bill_run_id", UUIDT),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

invoice_lines = Table(
    "invoice_lines",
    metadata,
    Column("invoice_id", UUIDT, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("contract_id", UUIDT, nullable=False),
    Column("subscriber_id", UUIDT, nullable=False),
    Column("description", String(200), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("days", Integer, nullable=False),
    Column("monthly_fee", Numeric(14, 2), nullable=False),
    Column("amount", Numeric(14, 2), nullable=False),
)

credit_notes = Table(
    "credit_notes",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("invoice_id", UUIDT, nullable=False, index=True),
    Column("client_id", UUIDT, nullable=False),
    Column("amount", Numeric(14, 2), nullable=False),
    Column("subtotal", Numeric(14, 2), nullable=False),
    Column("vat", Numeric(14, 2), nullable=False),
    Column("total", Numeric(14, 2), nullable=False),
    Column("refundable", Numeric(14, 2), nullable=False, server_default="0"),
    Column("reason", String(500), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

credit_note_lines = Table(
    "credit_note_lines",
    metadata,
    Column("credit_note_id", UUIDT, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("contract_id", UUIDT, nullable=False, index=True),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("days", Integer, nullable=False),
    Column("monthly_fee", Numeric(14, 2), nullable=False),
    Column("amount", Numeric(14, 2), nullable=False),
)

invoice_documents = Table(
    "invoice_documents",
    metadata,
    Column("invoice_id", UUIDT, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("pdf", LargeBinary, nullable=False),
    Column("rendered_at", DateTime(timezone=True), nullable=False),
    Column("redacted_at", DateTime(timezone=True)),  # re-rendered without the erased person
    Column("replaced_sha256", String(64)),  # the hash of the document it replaced
)

erased_clients = Table(
    "erased_clients",
    metadata,
    Column("client_id", UUIDT, primary_key=True),
    Column("erased_at", DateTime(timezone=True), nullable=False),
)

# the tamper-evident journal (write-side, recorded with the events that number the
# documents; never replayed, never updated): see mtf.billing.domain.journal
document_journal = Table(
    "document_journal",
    metadata,
    Column("series", String(16), primary_key=True),  # FAC-2026, AV-2026
    Column("seq", Integer, primary_key=True),  # the number within the series
    Column("number", String(20), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # invoice | credit_note
    Column("document_id", UUIDT, nullable=False, unique=True),
    Column("content_sha256", String(64), nullable=False),
    Column("previous_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# the business figures of the console's home (GET /api/v1/analytics/*): monthly aggregates
# kept as the events arrive, never computed from the invoices on a read (docs/analytics.md)
# per billing month: from billing's own events (billed, credited) and, for `collected`, from
# collections' feed (what is paid on that month's invoices, as `invoices.paid`)
analytics_periods = Table(
    "analytics_periods",
    metadata,
    Column("period", String(7), primary_key=True),
    Column("invoices", Integer, nullable=False, server_default="0"),
    Column("billed", Numeric(14, 2), nullable=False, server_default="0"),
    Column("credited", Numeric(14, 2), nullable=False, server_default="0"),
    Column("collected", Numeric(14, 2), nullable=False, server_default="0"),
)
# per calendar month: the credit notes issued in it (whatever month they correct)
analytics_credit_months = Table(
    "analytics_credit_months",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("credit_notes", Integer, nullable=False, server_default="0"),
    Column("amount", Numeric(16, 2), nullable=False, server_default="0"),
)
# what became due (invoices, minus credit notes) per due date and the day it happened, from
# billing's events; what was settled on them, from collections' feed: the amount overdue on
# any day is a sum over these few rows (one per due date and day), never over the invoices
analytics_due = Table(
    "analytics_due",
    metadata,
    Column("due_date", Date, primary_key=True),
    Column("on_date", Date, primary_key=True),
    Column("amount", Numeric(16, 2), nullable=False),
)
analytics_settled = Table(
    "analytics_settled",
    metadata,
    Column("due_date", Date, primary_key=True),
    Column("on_date", Date, primary_key=True),
    Column("amount", Numeric(16, 2), nullable=False),
)
# lines, from the contracts' feed (with billable_contracts): active lines and their monthly
# fees per service, the clients with an active line, new and ended lines per month
analytics_lines = Table(
    "analytics_lines",
    metadata,
    Column("service", String(16), primary_key=True),
    Column("active", Integer, nullable=False, server_default="0"),
    Column("mrr", Numeric(16, 2), nullable=False, server_default="0"),
)
analytics_client_lines = Table(
    "analytics_client_lines",
    metadata,
    Column("client_id", UUIDT, primary_key=True),
    Column("active", Integer, nullable=False),
)
analytics_line_months = Table(
    "analytics_line_months",
    metadata,
    Column("period", String(7), primary_key=True),
    Column("new_lines", Integer, nullable=False, server_default="0"),
    Column("ended_lines", Integer, nullable=False, server_default="0"),
)
