"""The accounts feature (users, roles, tokens) as the composition root sees it."""

from pathlib import Path

from openbook.accounts import tables
from openbook.accounts.audit_check import UserCheck
from openbook.kernel.feature import Feature

FEATURE = Feature(
    "accounts",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
    state_checks=(UserCheck(),),
)
