"""issued packs: a body's board pack frozen as issued for a meeting

Revision ID: 0011_issued_packs
Revises: 0010_effective_dates
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_issued_packs"
down_revision = "0010_effective_dates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_pack",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("system_code", sa.String(length=12), nullable=False),
        sa.Column("body_code", sa.String(length=20), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("file_format", sa.String(length=8), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("as_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_code"],
            ["health_system.system_code"],
            name=op.f("fk_issued_pack_system_code_health_system"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_pack")),
        sa.UniqueConstraint(
            "system_code",
            "body_code",
            "meeting_date",
            "file_format",
            name=op.f("uq_issued_pack_system_code"),
        ),
    )


def downgrade() -> None:
    op.drop_table("issued_pack")
