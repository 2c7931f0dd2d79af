"""Every table module, imported so that `Base.metadata` knows the whole schema
(Alembic's comparison and the migration test use it)."""

from openbook.store import proposal_schema, schema

__all__ = ["proposal_schema", "schema"]
