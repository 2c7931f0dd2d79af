"""The quality feature (quality returns, CQC ratings, funnels) as the composition root sees it."""

from pathlib import Path

from openbook.kernel.feature import Feature
from openbook.quality import tables
from openbook.quality.rules import QualityRules

FEATURE = Feature(
    "quality",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
    rule_providers=(QualityRules(),),
)
