"""contracts: migration imports (each import, its rows' outcomes, the source rows imported)

Revision ID: contracts_0007
Revises: contracts_0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "contracts_0007"
down_revision = "contracts_0006"
branch_labels = None
depends_on = None

# What `downgrade` loses (`mtf migrate --to` refuses without --accept-loss).
LOSSY_DOWNGRADE = """the imports' reports; the contracts and clients they created stay, but the
same file imported again after an upgrade would no longer see its rows as already imported"""

UUID = postgresql.UUID(as_uuid=True)


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("cutover", sa.Date, nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("created", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unchanged", sa.Integer, nullable=False, server_default="0"),
        sa.Column("changed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failure_detail", sa.String(1000)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(
            "status IN ('running', 'completed', 'failed')", name="imports_status_known"
        ),
        sa.CheckConstraint(
            "created >= 0 AND unchanged >= 0 AND changed >= 0 AND rejected >= 0"
            " AND created + unchanged + changed + rejected <= rows",
            name="imports_counts_add_up",
        ),
    )
    op.create_table(
        "import_rows",
        sa.Column("import_id", UUID, sa.ForeignKey("imports.id"), primary_key=True),
        sa.Column("line", sa.Integer, primary_key=True),
        sa.Column("row_id", sa.String(100), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("errors", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("client_id", UUID),
        sa.Column("contract_id", UUID),
        sa.Column("number", sa.String(20)),
        sa.CheckConstraint(
            "outcome IN ('created', 'unchanged', 'changed', 'rejected')",
            name="import_rows_outcome_known",
        ),
    )
    op.create_index("import_rows_outcome", "import_rows", ["import_id", "outcome", "line"])
    op.create_table(
        "imported_rows",
        sa.Column("row_id", sa.String(100), primary_key=True),
        sa.Column("row_hash", sa.String(64), nullable=False),
        sa.Column("import_id", UUID, nullable=False),
        sa.Column("client_id", UUID, nullable=False),
        sa.Column("contract_id", UUID, nullable=False, unique=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("imported_rows")
    op.drop_index("import_rows_outcome", table_name="import_rows")
    op.drop_table("import_rows")
    op.drop_table("imports")
