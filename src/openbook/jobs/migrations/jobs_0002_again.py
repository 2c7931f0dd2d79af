"""jobs: `again`, a run asked for while the job was running (the figures it read may be
out of date), so the job is queued again when that run ends instead of being marked done

Revision ID: jobs_0002
Revises: jobs_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "jobs_0002"
down_revision = "jobs_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(
            sa.Column("again", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_column("again")
