"""proposal enactments: at most one per proposal, per idempotency key and per basis

Revision ID: 0008_enactment_once
Revises: 0007_governance
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_enactment_once"
down_revision = "0007_governance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_enactment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("system_code", sa.String(length=12), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("basis_hash", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=80), nullable=False),
        sa.Column("enacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enacted_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_proposal_enactment_proposal_id_proposal"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_enactment")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_proposal_enactment_idempotency_key")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_proposal_enactment_proposal_id")),
        sa.UniqueConstraint(
            "system_code",
            "financial_year",
            "month",
            "basis_hash",
            name=op.f("uq_proposal_enactment_system_code"),
        ),
    )
    # Proposals enacted before this table existed get their enactment row, so the
    # constraints cover them too. (Two enactments on one basis from before cannot both
    # be kept: the later one keeps its proposal state but its key records the clash.)
    op.execute(
        """
        INSERT INTO proposal_enactment (proposal_id, system_code, financial_year, month,
            basis_hash, idempotency_key, enacted_at, enacted_by)
        SELECT p.id, p.system_code, p.financial_year, p.month, p.basis_hash,
            'migrated-' || p.ref, p.closed_at, p.closed_by
        FROM proposal p
        WHERE p.status = 'enacted' AND p.id = (
            SELECT MIN(q.id) FROM proposal q
            WHERE q.status = 'enacted' AND q.system_code = p.system_code
              AND q.financial_year = p.financial_year AND q.month = p.month
              AND q.basis_hash = p.basis_hash)
        """
    )


def downgrade() -> None:
    op.drop_table("proposal_enactment")
