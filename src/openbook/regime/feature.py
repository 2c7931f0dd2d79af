"""The regime feature as the composition root sees it: its tables and migrations."""

from pathlib import Path

from openbook.kernel.feature import Feature
from openbook.regime import tables

FEATURE = Feature(
    "regime",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
)
