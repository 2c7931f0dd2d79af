"""reference: membership joins and leaves from a date within the year; clusters of systems
viewed as one, by year

Revision ID: reference_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "reference_0001"
down_revision = "0011_issued_packs"
branch_labels = ("reference",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("membership") as batch:
        batch.add_column(sa.Column("joined_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("left_on", sa.Date(), nullable=True))
    op.create_table(
        "system_cluster",
        sa.Column("cluster_code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("cluster_code", name=op.f("pk_system_cluster")),
    )
    op.create_table(
        "cluster_system",
        sa.Column("cluster_code", sa.String(length=12), nullable=False),
        sa.Column("system_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_code"],
            ["system_cluster.cluster_code"],
            name=op.f("fk_cluster_system_cluster_code_system_cluster"),
        ),
        sa.ForeignKeyConstraint(
            ["system_code"],
            ["health_system.system_code"],
            name=op.f("fk_cluster_system_system_code_health_system"),
        ),
        sa.PrimaryKeyConstraint(
            "cluster_code", "system_code", "financial_year", name=op.f("pk_cluster_system")
        ),
    )


def downgrade() -> None:
    op.drop_table("cluster_system")
    op.drop_table("system_cluster")
    with op.batch_alter_table("membership") as batch:
        batch.drop_column("left_on")
        batch.drop_column("joined_on")
