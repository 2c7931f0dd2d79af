"""planning: stored scenarios and assumption sets, each with versions that only append

Revision ID: planning_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "planning_0001"
down_revision = "0011_issued_packs"
branch_labels = ("planning",)
depends_on = None


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "planning_scenario",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("copied_from", sa.String(length=220), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_scenario")),
        sa.UniqueConstraint("name", name=op.f("uq_planning_scenario_name")),
    )
    op.create_table(
        "planning_scenario_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("assumption_set", sa.String(length=220), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["planning_scenario.id"],
            name=op.f("fk_planning_scenario_version_scenario_id_planning_scenario"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_scenario_version")),
        sa.UniqueConstraint(
            "scenario_id", "version", name=op.f("uq_planning_scenario_version_scenario_id")
        ),
    )
    op.create_index(
        op.f("ix_planning_scenario_version_scenario_id"),
        "planning_scenario_version",
        ["scenario_id"],
    )
    op.create_table(
        "planning_assumption_set",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_assumption_set")),
        sa.UniqueConstraint("name", name=op.f("uq_planning_assumption_set_name")),
    )
    op.create_table(
        "planning_assumption_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["planning_assumption_set.id"],
            name=op.f("fk_planning_assumption_version_set_id_planning_assumption_set"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_assumption_version")),
        sa.UniqueConstraint(
            "set_id", "version", name=op.f("uq_planning_assumption_version_set_id")
        ),
    )
    op.create_index(
        op.f("ix_planning_assumption_version_set_id"), "planning_assumption_version", ["set_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_planning_assumption_version_set_id"), "planning_assumption_version")
    op.drop_table("planning_assumption_version")
    op.drop_table("planning_assumption_set")
    op.drop_index(op.f("ix_planning_scenario_version_scenario_id"), "planning_scenario_version")
    op.drop_table("planning_scenario_version")
    op.drop_table("planning_scenario")
