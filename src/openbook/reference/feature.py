"""The reference feature as the composition root sees it."""

from openbook.kernel.feature import Feature
from openbook.reference import tables

FEATURE = Feature("reference", tables=tables)
