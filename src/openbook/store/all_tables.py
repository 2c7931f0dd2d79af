"""Every table module, imported so that `Base.metadata` knows the whole schema
(Alembic's comparison and the migration test use it)."""

from openbook.store import schema

__all__ = ["schema"]
