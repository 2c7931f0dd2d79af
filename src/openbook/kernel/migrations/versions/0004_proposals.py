"""proposals: year-end transfers and control-total changes agreed jointly

Revision ID: 0004_proposals
Revises: 0003_activity
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_proposals"
down_revision = "0003_activity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("system_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("affected", sa.JSON(), nullable=False),
        sa.Column("basis_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["system_code"],
            ["health_system.system_code"],
            name=op.f("fk_proposal_system_code_health_system"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
        sa.UniqueConstraint("ref", name=op.f("uq_proposal_ref")),
    )
    op.create_table(
        "proposal_approval",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=12), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_proposal_approval_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("proposal_id", "slot", name=op.f("pk_proposal_approval")),
    )


def downgrade() -> None:
    op.drop_table("proposal_approval")
    op.drop_table("proposal")
