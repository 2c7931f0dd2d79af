"""The reference feature as the composition root sees it."""

from pathlib import Path

from openbook.kernel.feature import Feature
from openbook.reference import tables
from openbook.reference.audit_check import ControlTotalCheck

FEATURE = Feature(
    "reference",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
    state_checks=(ControlTotalCheck(),),
)
