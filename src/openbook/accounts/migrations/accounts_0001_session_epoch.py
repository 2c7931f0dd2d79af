"""accounts: a per-user session epoch, so sign-out, a password change or "sign out
everywhere" ends every session of the user

Revision ID: accounts_0001
Revises: 0010_effective_dates
"""

import sqlalchemy as sa
from alembic import op

revision = "accounts_0001"
down_revision = "0010_effective_dates"
branch_labels = ("accounts",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("session_epoch")
