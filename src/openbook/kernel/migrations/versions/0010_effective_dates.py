"""effective dates: control totals and plans apply from a month; plans record when they were
agreed; systems carry their own settings

Revision ID: 0010_effective_dates
Revises: 0009_proposal_lifecycle
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_effective_dates"
down_revision = "0009_proposal_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_version",
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_month", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_code"],
            ["organisation.org_code"],
            name=op.f("fk_plan_version_org_code_organisation"),
        ),
        sa.PrimaryKeyConstraint(
            "org_code", "financial_year", "version", name=op.f("pk_plan_version")
        ),
    )
    # Plans stored before versions were recorded applied to the whole year.
    op.execute(
        """
        INSERT INTO plan_version (org_code, financial_year, version, effective_month,
            recorded_at, recorded_by, reason)
        SELECT DISTINCT org_code, financial_year, version, 1, CURRENT_TIMESTAMP, 'migration',
            'Agreed plan (stored before plan versions were recorded)'
        FROM plan_line
        """
    )
    with op.batch_alter_table("control_total", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("effective_month", sa.Integer(), server_default="1", nullable=False)
        )
    with op.batch_alter_table("health_system", schema=None) as batch_op:
        batch_op.add_column(sa.Column("settings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("health_system", schema=None) as batch_op:
        batch_op.drop_column("settings")
    with op.batch_alter_table("control_total", schema=None) as batch_op:
        batch_op.drop_column("effective_month")
    op.drop_table("plan_version")
