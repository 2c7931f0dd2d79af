"""The reference feature as the composition root sees it."""

from openbook.kernel.feature import Feature
from openbook.reference import tables
from openbook.reference.audit_check import ControlTotalCheck

FEATURE = Feature("reference", tables=tables, state_checks=(ControlTotalCheck(),))
