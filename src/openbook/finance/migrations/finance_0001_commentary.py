"""finance: commentary on returns (per line and overall) and questions on lines with their
answers

Revision ID: finance_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "finance_0001"
down_revision = "0011_issued_packs"
branch_labels = ("finance",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "return_commentary",
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("line_code", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["finance_return.id"],
            name=op.f("fk_return_commentary_return_id_finance_return"),
        ),
        sa.PrimaryKeyConstraint("return_id", "line_code", name=op.f("pk_return_commentary")),
    )
    op.create_table(
        "return_question",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("line_code", sa.String(length=60), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_by", sa.String(length=100), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisation.org_code"],
            name=op.f("fk_return_question_org_code_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_question")),
    )
    op.create_index(
        "ix_return_question_period",
        "return_question",
        ["org_code", "financial_year", "month"],
    )


def downgrade() -> None:
    op.drop_index("ix_return_question_period", "return_question")
    op.drop_table("return_question")
    op.drop_table("return_commentary")
