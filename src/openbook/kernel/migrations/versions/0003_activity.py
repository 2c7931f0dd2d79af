"""activity: plans, returns, extracts, prices (activity and contracts)

Revision ID: 0003_activity
Revises: 0002_accounts
"""

revision = "0003_activity"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
