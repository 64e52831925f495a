"""customer: which master key wrapped each client's data key (PII key rotation)

`client_keys.master_key_id` is the id (`mtf.kernel.crypto.key_id`, a keyed fingerprint) of
the master key that wrapped the row's data key, so a process holding the current and the
previous master key opens each with the right one and `mtf keys rotate pii` knows what is
left to re-wrap. Rows stored before this column have none (NULL): they are opened by trying
the current key, then the previous one, and a rotation re-wraps them (and records the id).

The downgrade drops the column: nothing is lost (the wrapped keys stay; the ids only say
which key to use), but the previous release opens every data key with MTF_PII_KEY alone, so
it refuses while the rows name more than one master key (a rotation half done: finish it
with `mtf keys rotate pii` first).

Revision ID: customer_0005
Revises: customer_0004
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "customer_0005"
down_revision = "customer_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("client_keys", sa.Column("master_key_id", sa.String(16)))


def downgrade() -> None:
    named = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT count(DISTINCT master_key_id) FROM client_keys "
                "WHERE master_key_id IS NOT NULL"
            )
        )
        .scalar_one()
    )
    if named > 1:
        raise RuntimeError(
            "client data keys are wrapped by more than one master key (a PII key rotation is "
            "not finished): run `mtf keys rotate pii` to the end before this downgrade"
        )
    op.drop_column("client_keys", "master_key_id")
