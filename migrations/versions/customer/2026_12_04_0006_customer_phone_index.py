"""customer: find a client by phone (a blind index of the phone number)

`clients.phone_index` holds a keyed hash of the client's normalised phone number (never the
number in clear; `name_index.py`), indexed for search. Like the name index it can only be
computed from the sealed personal data with the running service's keys, so this migration
empties the clients view and rewinds its tracking: the customer projector replays the client
events and fills it (at the service's first catch-up, or with `mtf rebuild customer`). The
downgrade does the same without the column. Nothing is lost: the events are the source.

Revision ID: customer_0006
Revises: customer_0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "customer_0006"
down_revision = "customer_0005"
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
    op.add_column("clients", sa.Column("phone_index", sa.String(32)))
    op.create_index("ix_clients_phone_index", "clients", ["phone_index"])
    _replay_clients()


def downgrade() -> None:
    _hold_clients_projector()
    op.drop_index("ix_clients_phone_index", table_name="clients")
    op.drop_column("clients", "phone_index")
    _replay_clients()
