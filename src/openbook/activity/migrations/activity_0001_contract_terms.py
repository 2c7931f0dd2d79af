"""activity: aligned payment contract terms and elective value targets (every version kept)

Revision ID: activity_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "activity_0001"
down_revision = "0011_issued_packs"
branch_labels = ("activity",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_contract_terms",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("commissioner_code", sa.String(length=12), nullable=False),
        sa.Column("provider_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fixed_element", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("elective_baseline", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("variable_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("low_value_threshold", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_contract_terms")),
        sa.UniqueConstraint(
            "commissioner_code",
            "provider_code",
            "financial_year",
            "version",
            name=op.f("uq_activity_contract_terms_commissioner_code"),
        ),
    )
    with op.batch_alter_table("activity_contract_terms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_contract_terms_provider_code"), ["provider_code"], unique=False
        )
    op.create_table(
        "activity_elective_target",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("system_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Numeric(precision=6, scale=1), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_elective_target")),
        sa.UniqueConstraint(
            "system_code",
            "financial_year",
            "version",
            name=op.f("uq_activity_elective_target_system_code"),
        ),
    )


def downgrade() -> None:
    op.drop_table("activity_elective_target")
    with op.batch_alter_table("activity_contract_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_contract_terms_provider_code"))
    op.drop_table("activity_contract_terms")
