"""proposals: year-end transfers and control-total changes agreed jointly

Revision ID: 0004_proposals
Revises: 0003_activity
"""

revision = "0004_proposals"
down_revision = "0003_activity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
