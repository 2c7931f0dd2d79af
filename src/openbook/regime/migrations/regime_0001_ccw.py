"""regime: capital, cash and workforce returns (every version kept) and their lines

Revision ID: regime_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "regime_0001"
down_revision = "0011_issued_packs"
branch_labels = ("regime",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ccw_return",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisation.org_code"],
            name=op.f("fk_ccw_return_org_code_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ccw_return")),
        sa.UniqueConstraint(
            "org_code", "financial_year", "month", "version", name=op.f("uq_ccw_return_org_code")
        ),
    )
    op.create_table(
        "ccw_line",
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("line_code", sa.String(length=60), nullable=False),
        sa.Column("plan", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("actual", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("forecast_outturn", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"], ["ccw_return.id"], name=op.f("fk_ccw_line_return_id_ccw_return")
        ),
        sa.PrimaryKeyConstraint("return_id", "line_code", name=op.f("pk_ccw_line")),
    )


def downgrade() -> None:
    op.drop_table("ccw_line")
    op.drop_table("ccw_return")
