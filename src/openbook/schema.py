"""Every table module, imported so that `Base.metadata` knows the whole schema
(Alembic's comparison and the migration test use it)."""

from openbook.store import (
    account_schema,
    activity_schema,
    governance_schema,
    proposal_schema,
    schema,
)

__all__ = [
    "account_schema",
    "activity_schema",
    "governance_schema",
    "proposal_schema",
    "schema",
]
