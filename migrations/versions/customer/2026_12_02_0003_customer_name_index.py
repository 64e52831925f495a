"""customer: no names in clear in the read model; a blind index of name words instead

`clients.first_name` / `last_name` go (they were the only personal data kept in clear);
`clients.name_index` holds a keyed hash of each normalised word of the names (GIN-indexed
for search). The index can only be computed from the sealed personal data with the keys
of the running service, so this migration empties the read model and rewinds its tracking:
the customer projector replays the client events and fills it (at the service's first
catch-up, or with `mtf rebuild customer`). The events are the source of truth; nothing is
lost.

Revision ID: customer_0003
Revises: customer_0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "customer_0003"
down_revision = "customer_0002"
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
    op.drop_index("clients_last_name", table_name="clients")
    op.drop_column("clients", "first_name")
    op.drop_column("clients", "last_name")
    op.add_column(
        "clients",
        sa.Column(
            "name_index",
            postgresql.ARRAY(sa.String(32)),
            nullable=False,
            server_default=sa.text("'{}'::varchar[]"),
        ),
    )
    op.create_index(
        "clients_name_index", "clients", ["name_index"], postgresql_using="gin"
    )
    _replay_clients()


def downgrade() -> None:
    _hold_clients_projector()
    op.drop_index("clients_name_index", table_name="clients")
    op.drop_column("clients", "name_index")
    op.add_column("clients", sa.Column("first_name", sa.String(80)))
    op.add_column("clients", sa.Column("last_name", sa.String(80)))
    op.create_index("clients_last_name", "clients", ["last_name", "first_name"])
    _replay_clients()
