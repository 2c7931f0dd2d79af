"""accounts: pending role grants (four eyes on money) and who granted each user's role

Revision ID: accounts_0002
Revises: accounts_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "accounts_0002"
down_revision = "accounts_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("previous_role", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requested_by", sa.String(100), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_role_grant_user_id", "role_grant", ["user_id"])
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("role_granted_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("role_confirmed_by", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("role_confirmed_by")
        batch.drop_column("role_granted_by")
    op.drop_index("ix_role_grant_user_id", table_name="role_grant")
    op.drop_table("role_grant")
