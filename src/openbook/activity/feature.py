"""The activity feature as the composition root sees it."""

from openbook.activity import tables
from openbook.activity.rules import ActivityRules
from openbook.kernel.feature import Feature

FEATURE = Feature("activity", tables=tables, rule_providers=(ActivityRules(),))
