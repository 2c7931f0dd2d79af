"""audit chains: one per system and one for the store; numbered counters for references

Revision ID: 0012_audit_chains
Revises: 0011_issued_packs
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_audit_chains"
down_revision = "0011_issued_packs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every event so far is the store's chain, and its place in it is its sequence.
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(
            sa.Column("chain", sa.String(length=12), nullable=False, server_default="store")
        )
        batch.add_column(sa.Column("chain_sequence", sa.Integer(), nullable=True))
    op.execute("UPDATE audit_event SET chain_sequence = sequence")
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("chain_sequence", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_audit_event_chain", ["chain", "chain_sequence"])
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(
            sa.Column("chain", sa.String(length=12), nullable=False, server_default="store")
        )
        batch.create_unique_constraint("uq_audit_head_chain", ["chain"])
    if op.get_bind().dialect.name == "postgresql":
        # The store-wide order comes from a sequence, so writers to different chains never
        # wait for one another to number an event (SQLite numbers rows itself, and its
        # writers are serial anyway).
        op.execute("CREATE SEQUENCE audit_event_sequence_seq")
        op.execute(
            "SELECT setval('audit_event_sequence_seq', "
            "COALESCE((SELECT MAX(sequence) FROM audit_event), 0) + 1, false)"
        )
        op.execute(
            "ALTER TABLE audit_event ALTER COLUMN sequence "
            "SET DEFAULT nextval('audit_event_sequence_seq')"
        )
        # The store's head was inserted with its id, so the ids of systems' heads start after.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('audit_head', 'id'), "
            "(SELECT MAX(id) FROM audit_head))"
        )
    op.create_table(
        "counter",
        sa.Column("scope", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "name", name=op.f("pk_counter")),
    )


def downgrade() -> None:
    op.drop_table("counter")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_event ALTER COLUMN sequence DROP DEFAULT")
        op.execute("DROP SEQUENCE audit_event_sequence_seq")
    op.execute("DELETE FROM audit_head WHERE chain <> 'store'")
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_constraint("uq_audit_head_chain", type_="unique")
        batch.drop_column("chain")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_constraint("uq_audit_event_chain", type_="unique")
        batch.drop_column("chain_sequence")
        batch.drop_column("chain")
