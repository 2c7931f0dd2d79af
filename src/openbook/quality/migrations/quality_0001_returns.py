"""quality: monthly quality returns (every version kept) and CQC ratings

Revision ID: quality_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "quality_0001"
down_revision = "0011_issued_packs"
branch_labels = ("quality",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quality_return",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_return")),
        sa.UniqueConstraint(
            "org_code",
            "financial_year",
            "month",
            "version",
            name=op.f("uq_quality_return_org_code"),
        ),
    )
    op.create_index(
        op.f("ix_quality_return_org_code"), "quality_return", ["org_code"], unique=False
    )
    op.create_table(
        "quality_line",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("numerator", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("denominator", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["quality_return.id"],
            name=op.f("fk_quality_line_return_id_quality_return"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_line")),
        sa.UniqueConstraint("return_id", "measure", name=op.f("uq_quality_line_return_id")),
    )
    op.create_index(op.f("ix_quality_line_return_id"), "quality_line", ["return_id"], unique=False)
    op.create_table(
        "cqc_rating",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("rating", sa.String(length=30), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cqc_rating")),
        sa.UniqueConstraint("org_code", "published", name=op.f("uq_cqc_rating_org_code")),
    )
    op.create_index(op.f("ix_cqc_rating_org_code"), "cqc_rating", ["org_code"], unique=False)


def downgrade() -> None:
    op.drop_table("cqc_rating")
    op.drop_table("quality_line")
    op.drop_table("quality_return")
