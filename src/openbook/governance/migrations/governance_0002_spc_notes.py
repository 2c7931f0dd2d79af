"""governance: notes on SPC charts (annotations and rebases) with every version kept

Revision ID: governance_0002
Revises: governance_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "governance_0002"
down_revision = "governance_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "spc_note",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("system_code", sa.String(length=12), nullable=False),
        sa.Column("chart", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_code"],
            ["health_system.system_code"],
            name=op.f("fk_spc_note_system_code_health_system"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spc_note")),
        sa.UniqueConstraint("ref", name=op.f("uq_spc_note_ref")),
    )
    op.create_index(op.f("ix_spc_note_chart"), "spc_note", ["chart"], unique=False)
    op.create_index(op.f("ix_spc_note_system_code"), "spc_note", ["system_code"], unique=False)
    op.create_table(
        "spc_note_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decision_ref", sa.String(length=40), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["spc_note.id"], name=op.f("fk_spc_note_version_note_id_spc_note")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spc_note_version")),
        sa.UniqueConstraint("note_id", "version", name=op.f("uq_spc_note_version_note_id")),
    )
    op.create_index(
        op.f("ix_spc_note_version_note_id"), "spc_note_version", ["note_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("spc_note_version")
    op.drop_table("spc_note")
