"""The rebalancing feature as the composition root sees it: its tables, and its subscription
that supersedes proposals whose figures changed."""

from openbook.kernel.feature import Feature
from openbook.rebalancing import subscriber, tables
from openbook.rebalancing.audit_check import ProposalCheck

FEATURE = Feature(
    "rebalancing", tables=tables, wire=subscriber.wire, state_checks=(ProposalCheck(),)
)
