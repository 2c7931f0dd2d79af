"""governance: the notification outbox sent by a background sender, with retries and a
dead-letter state (attempts, when it may next be tried or is claimed until, when it died)

Revision ID: governance_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "governance_0001"
down_revision = "0011_issued_packs"
branch_labels = ("governance",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.add_column(
            sa.Column("email_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("email_next_attempt_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("email_dead_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("email_dead_at")
        batch.drop_column("email_next_attempt_at")
        batch.drop_column("email_attempts")
