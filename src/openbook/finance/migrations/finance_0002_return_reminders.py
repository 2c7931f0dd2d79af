"""finance: reminders sent for late monthly returns (one per organisation, month and
deadline)

Revision ID: finance_0002
Revises: finance_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "finance_0002"
down_revision = "finance_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "return_reminder",
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("system_code", sa.String(length=12), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisation.org_code"],
            name=op.f("fk_return_reminder_org_code_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["system_code"],
            ["health_system.system_code"],
            name=op.f("fk_return_reminder_system_code_health_system"),
        ),
        sa.PrimaryKeyConstraint(
            "org_code", "financial_year", "month", "deadline", name=op.f("pk_return_reminder")
        ),
    )


def downgrade() -> None:
    op.drop_table("return_reminder")
