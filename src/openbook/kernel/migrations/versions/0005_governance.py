"""governance: bodies, escalations, actions, decisions, notifications

Revision ID: 0005_governance
Revises: 0004_proposals
"""

revision = "0005_governance"
down_revision = "0004_proposals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
