"""customer: business clients (kind, company name, ICE, IF, RC in clear; the ICE registry)

A business's identity is not personal data: the clients view holds it in clear and keeps it
after an erasure; `ice_registry` makes each ICE unique (the database decides, like the CIN
registry). Both are filled from the client events: the upgrade empties the view and rewinds
its tracking, and the customer projector replays the events (registering each ICE again),
so an upgrade after a downgrade ends where it started.

Revision ID: customer_0004
Revises: customer_0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "customer_0004"
down_revision = "customer_0003"
branch_labels = None
depends_on = None


def _hold_clients_projector() -> None:
    """The customer projector's tracking row first, as the projector takes it: a projector
    catching up meanwhile waits here instead of deadlocking on the clients table."""
    op.execute(
        "SELECT position FROM projection_tracking WHERE projection = 'customer.clients' FOR UPDATE"
    )


def _replay_clients() -> None:
    op.execute("TRUNCATE clients")
    op.execute("UPDATE projection_tracking SET position = 0 WHERE projection = 'customer.clients'")


def upgrade() -> None:
    _hold_clients_projector()
    op.add_column(
        "clients",
        sa.Column("kind", sa.String(16), nullable=False, server_default="individual"),
    )
    op.add_column("clients", sa.Column("company_name", sa.String(120)))
    op.add_column("clients", sa.Column("ice", sa.String(15)))
    op.add_column("clients", sa.Column("tax_id", sa.String(15)))
    op.add_column("clients", sa.Column("trade_register", sa.String(40)))
    op.create_index("ix_clients_ice", "clients", ["ice"])
    op.create_table(
        "ice_registry",
        sa.Column("ice", sa.String(15), primary_key=True),
        sa.Column("client_id", postgresql.UUID(as_uuid=True), nullable=False),
    )
    _replay_clients()


def downgrade() -> None:
    _hold_clients_projector()
    op.drop_table("ice_registry")
    op.drop_index("ix_clients_ice", table_name="clients")
    for column in ("trade_register", "tax_id", "ice", "company_name", "kind"):
        op.drop_column("clients", column)
    _replay_clients()
