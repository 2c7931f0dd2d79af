"""The programme feature (acute collaboration programmes) as the composition root sees it."""

from pathlib import Path

from openbook.kernel.feature import Feature
from openbook.programme import tables
from openbook.programme.rules import ProgrammeRules

FEATURE = Feature(
    "programme",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
    rule_providers=(ProgrammeRules(),),
)
