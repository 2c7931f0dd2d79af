"""The programme feature (acute collaboration programmes) as the composition root sees it."""

from pathlib import Path

from openbook.kernel.feature import Feature
from openbook.programme import tables

FEATURE = Feature("programme", tables=tables, migrations=Path(__file__).parent / "migrations")
