"""programme: programmes with their versions (the file as loaded) and the postings of their
investment into organisations' plans

Revision ID: programme_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "programme_0001"
down_revision = "0011_issued_packs"
branch_labels = ("programme",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programme",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("system_code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme")),
        sa.UniqueConstraint("code", name=op.f("uq_programme_code")),
    )
    op.create_index(op.f("ix_programme_system_code"), "programme", ["system_code"])
    op.create_table(
        "programme_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_programme_version_programme_id_programme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_version")),
        sa.UniqueConstraint(
            "programme_id", "version", name=op.f("uq_programme_version_programme_id")
        ),
    )
    op.create_index(
        op.f("ix_programme_version_programme_id"), "programme_version", ["programme_id"]
    )
    op.create_table(
        "programme_posting",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=True),
        sa.Column("effective_month", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_programme_posting_programme_id_programme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_posting")),
    )
    op.create_index(
        op.f("ix_programme_posting_programme_id"), "programme_posting", ["programme_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_programme_posting_programme_id"), "programme_posting")
    op.drop_table("programme_posting")
    op.drop_index(op.f("ix_programme_version_programme_id"), "programme_version")
    op.drop_table("programme_version")
    op.drop_index(op.f("ix_programme_system_code"), "programme")
    op.drop_table("programme")
