"""collections: what the busiest reads need at an operator's size (issue #13, reads)

- The open receivables by due date (partial index): `GET /api/v1/collections/aging` and the
  overdue part of a balance read the receivables past due that are not settled. With only
  `ix_receivables_due_date` PostgreSQL walked every receivable due before today, paid ones
  included (9 ms at 23,000 receivables on the 5,000-client dataset, growing with every month
  billed); the partial index holds the open ones only (0.5 ms on the same data).
- The payments by status, counted (`payment_counts`): `GET /api/v1/payments` answers its
  `total` exactly; without a client filter that was a window count over every payment
  (17 ms at 16,000 payments, ~20 times that at 100,000 clients, for each page asked). The
  counts are kept by statement triggers on `payments` in the same transaction as its rows
  (whatever writes them: the projection, a rebuild's TRUNCATE and replay), so they are exact
  and never drift; the page itself comes from `ix_payments_created_at` (the default sort).

Revision ID: collections_0006
Revises: collections_0005
Create Date: 2026-12-04
"""

from alembic import op

revision = "collections_0006"
down_revision = "collections_0005"
branch_labels = None
depends_on = None

# the condition the queries state (`credited + paid < total`), word for word, so the
# planner can use the index
OPEN = "credited + paid < total"
STATUSES = ("posted", "reversed")  # payments_status_known (collections_0004)


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_receivables_open_due ON receivables (due_date) WHERE {OPEN}")
    op.execute("CREATE INDEX ix_payments_created_at ON payments (created_at)")
    op.execute(
        "CREATE TABLE payment_counts (status varchar(16) PRIMARY KEY, "
        "payments bigint NOT NULL CONSTRAINT payment_counts_not_negative CHECK (payments >= 0))"
    )
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    op.execute(
        "INSERT INTO payment_counts (status, payments) SELECT s, "
        "(SELECT count(*) FROM payments p WHERE p.status = s) "
        f"FROM unnest(ARRAY[{statuses}]) AS s"
    )
    # each statement on payments moves the counts by what it changed (transition tables:
    # one UPDATE per statement, not per row)
    op.execute(
        """
        CREATE FUNCTION payment_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                UPDATE payment_counts SET payments = 0;
            ELSIF TG_OP = 'INSERT' THEN
                UPDATE payment_counts c SET payments = c.payments + d.n
                FROM (SELECT status, count(*) AS n FROM new_rows GROUP BY status) d
                WHERE c.status = d.status;
            ELSIF TG_OP = 'DELETE' THEN
                UPDATE payment_counts c SET payments = c.payments - d.n
                FROM (SELECT status, count(*) AS n FROM old_rows GROUP BY status) d
                WHERE c.status = d.status;
            ELSE
                UPDATE payment_counts c SET payments = c.payments + d.n
                FROM (
                    SELECT status, sum(n) AS n FROM (
                        SELECT status, 1 AS n FROM new_rows
                        UNION ALL SELECT status, -1 FROM old_rows
                    ) moved GROUP BY status HAVING sum(n) <> 0
                ) d
                WHERE c.status = d.status;
            END IF;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER payment_counts_insert AFTER INSERT ON payments "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION payment_counts_move()"
    )
    op.execute(
        "CREATE TRIGGER payment_counts_update AFTER UPDATE ON payments "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION payment_counts_move()"
    )
    op.execute(
        "CREATE TRIGGER payment_counts_delete AFTER DELETE ON payments "
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION payment_counts_move()"
    )
    op.execute(
        "CREATE TRIGGER payment_counts_truncate AFTER TRUNCATE ON payments "
        "FOR EACH STATEMENT EXECUTE FUNCTION payment_counts_move()"
    )


def downgrade() -> None:
    for name in ("truncate", "delete", "update", "insert"):
        op.execute(f"DROP TRIGGER payment_counts_{name} ON payments")
    op.execute("DROP FUNCTION payment_counts_move()")
    op.execute("DROP TABLE payment_counts")
    op.execute("DROP INDEX ix_payments_created_at")
    op.execute("DROP INDEX ix_receivables_open_due")
