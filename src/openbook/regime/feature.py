"""The regime feature as the composition root sees it: its tables and migrations, its rule
providers on the capital, cash and workforce return, and the year's tests for finance's
rules."""

from pathlib import Path

from openbook.kernel.feature import Feature
from openbook.regime import tables
from openbook.regime.rules import (
    CapitalRules,
    CashRules,
    IcbRules,
    WorkforceSpendRules,
    wire_year_tests,
)

FEATURE = Feature(
    "regime",
    tables=tables,
    migrations=Path(__file__).parent / "migrations",
    rule_providers=(CapitalRules(), CashRules(), WorkforceSpendRules(), IcbRules()),
    wire=wire_year_tests,
)
