"""The collections schema's tables (Alembic owns them)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT, JSONB
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from mtf.kernel.projection import tracking_table

metadata = MetaData()
tracking = tracking_table(metadata)
UUIDT = PGUUID(as_uuid=True)
MONEY = Numeric(14, 2)

feed_tracking = Table(
    "feed_tracking",
    metadata,
    Column("follower", String(100), primary_key=True),
    Column("position", BIGINT, nullable=False, server_default="0"),
)

receivables = Table(
    "receivables",
    metadata,
    Column("invoice_id", UUIDT, primary_key=True),
    Column("client_id", UUIDT, nullable=False, index=True),
    Column("number", String(20), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date, nullable=False, index=True),
    Column("total", MONEY, nullable=False),
    Column("credited", MONEY, nullable=False, server_default="0"),
    Column("paid", MONEY, nullable=False, server_default="0"),
    Column("contract_ids", ARRAY(UUIDT), nullable=False),
)
# the open ones by due date (aging, overdue balances): collections_0006
Index(
    "ix_receivables_open_due",
    receivables.c.due_date,
    postgresql_where=text("credited + paid < total"),
)

# credit notes followed from billing (the receivables' `credited` adds them up)
credit_notes = Table(
    "credit_notes",
    metadata,
    Column("credit_note_id", UUIDT, primary_key=True),
    Column("invoice_id", UUIDT, nullable=False, index=True),
    Column("client_id", UUIDT, nullable=False),
    Column("number", String(20), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("refundable", MONEY),  # as billing saw it (None in older events)
)

# the write-side ledger: what is paid on each invoice, written with the payment events
settlements = Table(
    "settlements",
    metadata,
    Column("invoice_id", UUIDT, primary_key=True),
    Column("client_id", UUIDT, nullable=False, index=True),
    Column("paid", MONEY, nullable=False, server_default="0"),
)

payments = Table(
    "payments",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("client_id", UUIDT, nullable=False, index=True),
    Column("amount", MONEY, nullable=False),
    Column("method", String(20), nullable=False),
    Column("reference", String(100), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("credit", MONEY, nullable=False),
    Column("credit_left", MONEY, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("reversed_at", DateTime(timezone=True)),
    Column("reversal_reason", String(500)),
)

# how many payments have each status: kept by statement triggers on `payments` in the same
# transaction as its rows (collections_0006), so a list's total needs no count over them all
payment_counts = Table(
    "payment_counts",
    metadata,
    Column("status", String(16), primary_key=True),
    Column("payments", BIGINT, nullable=False),
)

allocations = Table(
    "allocations",
    metadata,
    Column("payment_id", UUIDT, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("invoice_id", UUIDT, nullable=False, index=True),
    Column("client_id", UUIDT, nullable=False),
    Column("number", String(20), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("reversed", Boolean, nullable=False, server_default="false"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("client_id", UUIDT, nullable=False, index=True),
    Column("status", String(10), nullable=False),
    Column("stage", String(24), nullable=False),
    Column("promise_to_pay_until", Date),
    Column("suspended_contract_ids", ARRAY(UUIDT), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_at", DateTime(timezone=True)),
)

case_timeline = Table(
    "case_timeline",
    metadata,
    Column("case_id", UUIDT, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("detail", Text, nullable=False),
    Column("actor", String(200), nullable=False),
)

collections_runs = Table(
    "collections_runs",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("as_of", Date, nullable=False, unique=True),
    Column("figures", JSONB, nullable=False),  # the day's totals over its passes
    Column("passes", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("client_id", UUIDT, nullable=False),
    Column("case_id", UUIDT, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
)

# bank statement imports: the operator's working copy between upload and confirmation (the
# payments they post are events like any other)
statement_imports = Table(
    "statement_imports",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("format", String(16), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("lines_total", Integer, nullable=False),
    Column("debits_ignored", Integer, nullable=False, server_default="0"),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_by", String(200)),
    Column("confirmed_at", DateTime(timezone=True)),
    Column("posted", Integer, nullable=False, server_default="0"),
    Column("skipped", Integer, nullable=False, server_default="0"),
    Column("posted_amount", MONEY, nullable=False, server_default="0"),
)

statement_lines = Table(
    "statement_lines",
    metadata,
    Column("import_id", UUIDT, primary_key=True),
    Column("line", Integer, primary_key=True),
    Column("booked_on", Date, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("label", String(500), nullable=False),
    Column("bank_reference", String(100), nullable=False),
    Column("state", String(16), nullable=False),
    Column("client_id", UUIDT),
    Column("invoice_ids", ARRAY(UUIDT), nullable=False),
    Column("candidates", ARRAY(UUIDT), nullable=False),
    Column("assigned", Boolean, nullable=False, server_default="false"),
    Column("outcome", String(16)),
    Column("payment_id", UUIDT),
)
