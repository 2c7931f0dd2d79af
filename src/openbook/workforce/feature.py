"""The workforce feature (the county passport and shared rotas) as the composition root sees it."""

from pathlib import Path

from openbook.kernel.feature import Feature
from openbook.workforce import tables
from openbook.workforce.rules import WorkforceRules

FEATURE = Feature(
    "workforce",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
    rule_providers=(WorkforceRules(),),
)
