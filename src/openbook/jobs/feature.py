"""The jobs feature as the composition root sees it: its table and migrations."""

from pathlib import Path

from openbook.jobs import tables
from openbook.kernel.feature import Feature

FEATURE = Feature(
    "jobs",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
)
