"""proposals: a closing reason (rejected, withdrawn, superseded) and an open key that makes an
identical open proposal impossible

Revision ID: 0009_proposal_lifecycle
Revises: 0008_enactment_once
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_proposal_lifecycle"
down_revision = "0008_enactment_once"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closing_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("open_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_proposal_open_key"), ["open_key"])


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_proposal_open_key"), type_="unique")
        batch_op.drop_column("open_key")
        batch_op.drop_column("closing_reason")
