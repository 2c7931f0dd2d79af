"""The finance feature as the composition root sees it."""

from pathlib import Path

from openbook.finance import tables
from openbook.finance.audit_check import LedgerCheck, ReturnCheck
from openbook.finance.rules import FinanceRules
from openbook.kernel.feature import Feature

FEATURE = Feature(
    "finance",
    tables=tables,
    rule_providers=(FinanceRules(),),
    state_checks=(ReturnCheck(), LedgerCheck()),
    migrations=Path(__file__).parent / "migrations",
)
