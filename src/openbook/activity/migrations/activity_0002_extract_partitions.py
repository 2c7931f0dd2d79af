"""activity: the manifest of partitioned extracts (each month's version, files, fingerprint,
rows) and each version's cube

Revision ID: activity_0002
Revises: activity_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "activity_0002"
down_revision = "activity_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_extract_partition",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.BigInteger(), nullable=False),
        sa.Column("cube_rows", sa.Integer(), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_extract_partition")),
        sa.UniqueConstraint(
            "source",
            "period_start",
            "version",
            name=op.f("uq_activity_extract_partition_source"),
        ),
    )
    with op.batch_alter_table("activity_extract_partition", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_extract_partition_source"), ["source"], unique=False
        )
    op.create_table(
        "activity_extract_cell",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("partition_id", sa.Integer(), nullable=False),
        sa.Column("provider_code", sa.String(length=12), nullable=False),
        sa.Column("commissioner_code", sa.String(length=12), nullable=False),
        sa.Column("pod", sa.String(length=12), nullable=False),
        sa.Column("rows", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_extract_cell")),
    )
    with op.batch_alter_table("activity_extract_cell", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_extract_cell_partition_id"), ["partition_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("activity_extract_cell", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_extract_cell_partition_id"))
    op.drop_table("activity_extract_cell")
    with op.batch_alter_table("activity_extract_partition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_extract_partition_source"))
    op.drop_table("activity_extract_partition")
