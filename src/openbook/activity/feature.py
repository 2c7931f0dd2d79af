"""The activity feature as the composition root sees it: its tables, migrations and rules."""

from pathlib import Path

from openbook.activity import tables
from openbook.activity.rules import ActivityRules
from openbook.kernel.feature import Feature

FEATURE = Feature(
    "activity",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
    rule_providers=(ActivityRules(),),
)
