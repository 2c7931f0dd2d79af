"""workforce: the stored passport register (every load a version: sites, people,
credentials and competences, acceptance rules, move agreements)

Revision ID: workforce_0001
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "workforce_0001"
down_revision = "0011_issued_packs"
branch_labels = ("workforce",)
depends_on = None


def _id() -> "sa.Column[int]":
    return sa.Column("id", sa.Integer(), autoincrement=True, nullable=False)


def _version(table: str) -> "list[sa.schema.SchemaItem]":
    return [
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["passport_version.id"],
            name=op.f(f"fk_{table}_version_id_passport_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _index(table: str) -> None:
    op.create_index(op.f(f"ix_{table}_version_id"), table, ["version_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "passport_version",
        _id(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passport_version")),
        sa.UniqueConstraint("version", name=op.f("uq_passport_version_version")),
    )
    op.create_table(
        "passport_site",
        _id(),
        sa.Column("site", sa.String(length=20), nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        *_version("passport_site"),
        sa.UniqueConstraint("version_id", "site", name=op.f("uq_passport_site_version_id")),
    )
    _index("passport_site")
    op.create_table(
        "passport_person",
        _id(),
        sa.Column("person_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("manager", sa.String(length=100), nullable=True),
        *_version("passport_person"),
        sa.UniqueConstraint("version_id", "person_id", name=op.f("uq_passport_person_version_id")),
    )
    _index("passport_person")
    op.create_table(
        "passport_credential",
        _id(),
        sa.Column("person_id", sa.String(length=40), nullable=False),
        sa.Column("check_name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("evidence_ref", sa.String(length=200), nullable=False),
        *_version("passport_credential"),
    )
    _index("passport_credential")
    op.create_table(
        "passport_rule",
        _id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("org_code", sa.String(length=12), nullable=False),
        sa.Column("site", sa.String(length=20), nullable=True),
        sa.Column("service", sa.String(length=60), nullable=True),
        sa.Column("requires", sa.Text(), nullable=False),
        *_version("passport_rule"),
        sa.UniqueConstraint("version_id", "position", name=op.f("uq_passport_rule_version_id")),
    )
    _index("passport_rule")
    op.create_table(
        "passport_move",
        _id(),
        sa.Column("agreement_id", sa.String(length=60), nullable=False),
        sa.Column("person_id", sa.String(length=40), nullable=False),
        sa.Column("from_org", sa.String(length=12), nullable=False),
        sa.Column("to_org", sa.String(length=12), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("recharge_percent", sa.Numeric(precision=7, scale=2), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        *_version("passport_move"),
    )
    _index("passport_move")


def downgrade() -> None:
    for table in ("move", "rule", "credential", "person", "site"):
        op.drop_index(op.f(f"ix_passport_{table}_version_id"), f"passport_{table}")
        op.drop_table(f"passport_{table}")
    op.drop_table("passport_version")
