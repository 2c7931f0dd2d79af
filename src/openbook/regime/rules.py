"""The regime's escalation rule providers, on the capital, cash and workforce return:
`CapitalRules` (settings section `capital`), `CashRules` (`cash`) and `WorkforceSpendRules`
(`workforce_spend`, for the body whose remit is workforce); and the reader that gives
finance's rules the year's tests (`wire_year_tests`). Defaults in docs/governance.md.

Every provider reads the year's regime (`openbook.regime.catalogue.get_regime`): a year
without a rules file is an error naming the file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openbook.finance.model.year_test import YEAR_TEST_READER, FundTerms, YearTest
from openbook.finance.position_report import read_system_position
from openbook.kernel.database import Database
from openbook.kernel.organisation import Organisation
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition, ProviderSettings, Remit, Rule, RuleProvider, RuleSetting
from openbook.reference import store as organisations
from openbook.regime import store
from openbook.regime.catalogue import get_regime
from openbook.regime.model.ccw import calculate_ccw_figures
from openbook.regime.model.ccw_rules import (
    AGENCY_ABOVE,
    BANK_ABOVE,
    BPPC_BELOW,
    CAPITAL_ABOVE,
    CASH_DAYS_LOW,
    RUNNING_COSTS_ABOVE,
    WTE_ABOVE,
    WTE_GROUP_ABOVE,
    CcwSubject,
    find_bppc_below,
    find_capital_above,
    find_cash_low,
    find_pay_above,
    find_running_costs_above,
    find_wte_above,
    find_wte_above_by_staff_group,
)
from openbook.regime.model.regime import OrganisationTest, PositionShape, Regime, SystemTest

RULES_DIR = "regime.rules_dir"  # a system's own rules directory, set by a shell


def rules_dir_of(db: Database) -> Path | None:
    found: Path | None = db.extensions.get(RULES_DIR)
    return found


def year_test_of(regime: Regime) -> YearTest:
    """What finance's forecast rules need of the regime."""
    return YearTest(
        regime_name=regime.name,
        organisation_breakeven=regime.organisation_test is OrganisationTest.BREAKEVEN,
        organisation_duty=regime.organisation_accountable,
        system_breakeven=regime.system_test in (SystemTest.BREAKEVEN_DUTY, SystemTest.LOCAL),
        system_duty=regime.system_test.is_duty,
        amber_margin_pct=regime.rag.amber_margin_pct,
        financial_year=regime.financial_year.label,
        system_label=regime.system_test.label,
        incentive_funds=tuple(
            FundTerms(f.code, f.name, f.conditions, f.finance_share) for f in regime.incentive_funds
        ),
        reports_regime=regime.position_shape is PositionShape.REGIME,
    )


def wire_year_tests(db: Database, providers: tuple[RuleProvider, ...]) -> None:
    """Give finance's rules the year's tests, read from the rules files."""
    del providers
    db.extensions[YEAR_TEST_READER] = lambda year: year_test_of(get_regime(year, rules_dir_of(db)))


def read_subjects(
    db: Database, system_code: str, year: FinancialYear, month: int
) -> list[CcwSubject]:
    """Each partner's CCW return for the month (those with one), with its figures."""
    with db.reading() as session:
        report = read_system_position(session, system_code, year, month)
        codes = [p.code for p in report.organisations]
        latest = store.get_latest_ccw_returns(session, codes, year, month)
        before = store.get_latest_ccw_returns(session, codes, year.previous(), month)
        kinds = {code: organisations.get_organisation(session, code) for code in latest}
    return [
        CcwSubject(
            p.code,
            p.name,
            calculate_ccw_figures(latest[p.code][0], p.operating_expenditure),
            latest[p.code][0],
            before[p.code][0] if p.code in before else None,
            _is_provider(kinds.get(p.code)),
        )
        for p in report.organisations
        if p.code in latest
    ]


def _is_provider(org: Organisation | None) -> bool:
    return org is None or org.kind.is_provider


class CapitalRules:
    """Capital forecast above the envelope, at the regime's envelope level."""

    section = "capital"
    rules = (
        Rule(CAPITAL_ABOVE, "Capital forecast above the envelope (organisation or system)",
             Remit.FINANCE),
    )  # fmt: skip
    settings = (
        RuleSetting("capital_overrun_pounds", Decimal(100_000), "£ above the envelope, more than"),
    )

    def find(
        self, db: Database, system_code: str, year: FinancialYear, month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:  # fmt: skip
        regime = get_regime(year, rules_dir_of(db))
        if not settings.enabled(CAPITAL_ABOVE):
            return []
        subjects = read_subjects(db, system_code, year, month)
        return find_capital_above(subjects, regime, settings, system_code)


class CashRules:
    """Cash days below a minimum; BPPC below the regime's target."""

    section = "cash"
    rules = (
        Rule(CASH_DAYS_LOW, "Cash below the minimum days of operating expenditure",
             Remit.FINANCE),
        Rule(BPPC_BELOW, "Invoices paid within 30 days below the regime's BPPC target",
             Remit.FINANCE),
    )  # fmt: skip
    settings = (
        RuleSetting("cash_days_minimum", Decimal(10), "days of operating expenditure in cash"),
    )

    def find(
        self, db: Database, system_code: str, year: FinancialYear, month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:  # fmt: skip
        regime = get_regime(year, rules_dir_of(db))
        wanted = [rule.code for rule in self.rules if settings.enabled(rule.code)]
        if not wanted:
            return []
        subjects = read_subjects(db, system_code, year, month)
        found = find_cash_low(subjects, settings) if CASH_DAYS_LOW in wanted else []
        return found + (find_bppc_below(subjects, regime) if BPPC_BELOW in wanted else [])


class IcbRules:
    """A commissioner's running costs above its running cost allowance (its CCW return's
    ICB section)."""

    section = "icb"
    rules = (
        Rule(RUNNING_COSTS_ABOVE, "An ICB's running costs above its running cost allowance",
             Remit.FINANCE),
    )  # fmt: skip
    settings: tuple[RuleSetting, ...] = ()

    def find(
        self, db: Database, system_code: str, year: FinancialYear, month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:  # fmt: skip
        get_regime(year, rules_dir_of(db))
        if not settings.enabled(RUNNING_COSTS_ABOVE):
            return []
        return find_running_costs_above(read_subjects(db, system_code, year, month))


class WorkforceSpendRules:
    """Agency or bank pay above the regime's reduction target; WTE above plan, in all and by
    staff group (for the body whose remit is workforce)."""

    section = "workforce_spend"
    rules = (
        Rule(AGENCY_ABOVE, "Agency pay not down by the regime's reduction", Remit.WORKFORCE),
        Rule(BANK_ABOVE, "Bank pay not down by the regime's reduction", Remit.WORKFORCE),
        Rule(WTE_ABOVE, "WTE in post above plan", Remit.WORKFORCE),
        Rule(WTE_GROUP_ABOVE, "A staff group's WTE in post above its plan", Remit.WORKFORCE),
    )
    settings = (
        RuleSetting("wte_above_plan_pct", Decimal(2), "% of planned WTE over, more than"),
        RuleSetting(
            "staff_group_wte_above_plan_pct", Decimal(2),
            "% of a staff group's planned WTE over, more than",
        ),
    )  # fmt: skip

    def find(
        self, db: Database, system_code: str, year: FinancialYear, month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:  # fmt: skip
        regime = get_regime(year, rules_dir_of(db))
        wanted = {rule.code for rule in self.rules if settings.enabled(rule.code)}
        if not wanted:
            return []
        subjects = read_subjects(db, system_code, year, month)
        found = [c for c in find_pay_above(subjects, regime) if c.rule in wanted]
        found += find_wte_above(subjects, settings) if WTE_ABOVE in wanted else []
        if WTE_GROUP_ABOVE in wanted:
            found += find_wte_above_by_staff_group(subjects, settings)
        return found
