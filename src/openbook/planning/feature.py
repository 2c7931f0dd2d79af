"""The planning feature (medium-term financial plans) as the composition root sees it."""

from pathlib import Path

from openbook.kernel.feature import Feature
from openbook.planning import tables

FEATURE = Feature("planning", tables=tables, migrations=Path(__file__).parent / "migrations")
