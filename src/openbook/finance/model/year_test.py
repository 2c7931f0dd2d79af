"""What the year's finance regime asks of an organisation and of the system, as finance's
escalation rules need it. The regime feature (`openbook.regime`) reads the year's rules file
and the composition root hands finance a reader (`YEAR_TEST_READER`); finance never imports
the regime. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from openbook.kernel.period import FinancialYear

YEAR_TEST_READER = "finance.year_test_reader"


@dataclass(frozen=True)
class FundTerms:
    """An incentive fund of the year: its code, name, conditions in words, and the share of
    it paid on the organisation's financial result (None where the rules give none)."""

    code: str
    name: str
    conditions: tuple[str, ...] = ()
    finance_share: Decimal | None = None


@dataclass(frozen=True)
class YearTest:
    """The year's tests: the organisation's target (its control total, or breakeven) and
    whether it is the body's own duty; the system's target (`none` and
    `sum_of_control_totals` judge the sum of the control totals, `breakeven_duty` and
    `local` judge breakeven); the RAG margin (a share of operating expenditure, %)."""

    regime_name: str
    organisation_breakeven: bool
    organisation_duty: bool
    system_breakeven: bool
    system_duty: bool
    amber_margin_pct: Decimal = Decimal(0)
    financial_year: str = ""
    system_label: str = ""  # the system test in words
    incentive_funds: tuple[FundTerms, ...] = ()
    reports_regime: bool = False  # positions add the regime (from 2019/20); 2017/18's shape not

    def organisation_target(self, control_total: Decimal | None) -> Decimal | None:
        return Decimal(0) if self.organisation_breakeven else control_total


# The 2017/18 rules: each organisation's control total, the system's summed (Dorset's local
# agreement), no margin. Used where no regime reader is wired (a store opened bare).
CONTROL_TOTAL_YEAR = YearTest(
    regime_name="Control totals and the Sustainability and Transformation Fund",
    organisation_breakeven=False,
    organisation_duty=True,
    system_breakeven=False,
    system_duty=False,
    incentive_funds=(
        FundTerms("STF", "Sustainability and Transformation Fund", finance_share=Decimal("0.70")),
    ),
)

YearTestReader = Callable[[FinancialYear], YearTest]
