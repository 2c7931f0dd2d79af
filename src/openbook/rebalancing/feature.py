"""The rebalancing feature as the composition root sees it."""

from openbook.kernel.feature import Feature
from openbook.rebalancing import tables

FEATURE = Feature("rebalancing", tables=tables)
