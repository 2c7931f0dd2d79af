"""activity loads, history and prices

Revision ID: 0006_activity_loads
Revises: 0005_governance
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_activity_loads"
down_revision = "0005_governance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider_code", sa.String(length=12), nullable=False),
        sa.Column("commissioner_code", sa.String(length=12), nullable=False),
        sa.Column("pod", sa.String(length=12), nullable=False),
        sa.Column("ae_type", sa.String(length=12), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("measure", sa.String(length=12), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("breaches", sa.Integer(), nullable=True),
        sa.Column("admissions", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("replaced_by_load", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_history")),
    )
    with op.batch_alter_table("activity_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_history_provider_code"), ["provider_code"], unique=False
        )

    op.create_table(
        "activity_load",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_load")),
    )
    op.create_table(
        "activity_price",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("pod", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_price")),
        sa.UniqueConstraint(
            "financial_year", "pod", "version", name=op.f("uq_activity_price_financial_year")
        ),
    )


def downgrade() -> None:
    op.drop_table("activity_price")
    op.drop_table("activity_load")
    with op.batch_alter_table("activity_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_history_provider_code"))

    op.drop_table("activity_history")
