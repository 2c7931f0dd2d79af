"""Every table module, imported so that `Base.metadata` knows the whole schema
(Alembic's comparison and the migration test use it)."""

from openbook.accounts import tables as account_schema
from openbook.activity import tables as activity_schema
from openbook.governance import tables as governance_schema
from openbook.kernel import tables as schema
from openbook.rebalancing import tables as proposal_schema

__all__ = [
    "account_schema",
    "activity_schema",
    "governance_schema",
    "proposal_schema",
    "schema",
]
