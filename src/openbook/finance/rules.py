"""Finance's escalation rules: an organisation or the system behind its control total, a
forecast worsening two months running, CIP behind plan, a forecast that needs an implausible
change in run rate. Defaults in docs/governance.md.

Each `find_*` is a pure function of positions; `FinanceRules` reads the positions."""

from __future__ import annotations

from decimal import Decimal

from openbook.finance.model.position import Position
from openbook.finance.model.run_rate import RunRateChallenge
from openbook.finance.model.year_test import CONTROL_TOTAL_YEAR, YearTest
from openbook.finance.position_report import get_system_position
from openbook.finance.run_rate import get_run_rate_challenges, thresholds_from_settings
from openbook.finance.year_test import read_year_test
from openbook.kernel.database import Database
from openbook.kernel.money import format_k
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition, ProviderSettings, Remit, Rule, RuleSetting

ORG_BEHIND = "org-behind-control-total"
SYSTEM_BEHIND = "system-behind-control-total"
WORSENING = "forecast-worsening"
CIP_BEHIND = "cip-behind-plan"
RUN_RATE = "forecast-beyond-run-rate"


def find_org_behind(
    positions: list[Position], settings: ProviderSettings, year: YearTest = CONTROL_TOTAL_YEAR
) -> list[Condition]:
    """An organisation's forecast below the year's target (its control total, or breakeven
    where the regime's organisation test is breakeven) by more than the greatest of £500k,
    0.25% of its operating expenditure (the defaults) and the regime's RAG margin."""
    found = []
    for p in positions:
        target = year.organisation_target(p.control_total)
        if target is None or not p.has_return:
            continue
        gap = p.forecast_outturn - target
        threshold = max(
            settings["org_shortfall_pounds"],
            p.operating_expenditure * settings["org_shortfall_turnover_pct"] / 100,
            p.operating_expenditure * year.amber_margin_pct / 100,
        )
        if -gap > threshold:
            found.append(_org_condition(p, -gap, threshold, year))
    return found


def _org_condition(p: Position, short: Decimal, threshold: Decimal, year: YearTest) -> Condition:
    when = f"M{p.month} {p.financial_year.label}"
    if not year.organisation_breakeven:
        return Condition(
            ORG_BEHIND,
            p.code,
            Remit.FINANCE,
            f"{p.code} forecast {format_k(short)} behind its control total",
            f"{p.name} forecasts {format_k(p.forecast_outturn)} against a control total "
            f"of {format_k(p.control_total or Decimal(0))} at {when}: {format_k(short)} "
            f"short, more than the {format_k(threshold)} threshold.",
        )
    whose = "its own duty" if year.organisation_duty else "its share of the system's breakeven duty"
    return Condition(
        ORG_BEHIND,
        p.code,
        Remit.FINANCE,
        f"{p.code} forecast {format_k(short)} short of breakeven",
        f"{p.name} forecasts {format_k(p.forecast_outturn)} at {when}, where the regime "
        f"({year.regime_name}) asks it to break even ({whose}): {format_k(short)} short, "
        f"more than the {format_k(threshold)} threshold.",
    )


def find_system_behind(
    system: Position, settings: ProviderSettings, year: YearTest = CONTROL_TOTAL_YEAR
) -> list[Condition]:
    """The partners' forecast below the system control total (the sum of theirs) or, where
    the regime judges the system on breakeven, below zero, by more than £500k (default)."""
    target = Decimal(0) if year.system_breakeven else system.control_total
    if target is None or not system.has_return:
        return []
    short = target - system.forecast_outturn
    if short <= settings["system_shortfall_pounds"]:
        return []
    when = f"M{system.month} {system.financial_year.label}"
    if not year.system_breakeven:
        return [
            Condition(
                SYSTEM_BEHIND,
                system.code,
                Remit.SYSTEM,
                f"System forecast {format_k(short)} behind the system control total",
                f"The partners together forecast {format_k(system.forecast_outturn)} against "
                f"a system control total of {format_k(target)} at {when}.",
            )
        ]
    what = "the system's duty to break even" if year.system_duty else "a local measure, not a duty"
    return [
        Condition(
            SYSTEM_BEHIND,
            system.code,
            Remit.SYSTEM,
            f"System forecast {format_k(short)} short of breakeven",
            f"The partners together forecast {format_k(system.forecast_outturn)} at {when}; "
            f"under the regime ({year.regime_name}) the system total at breakeven is {what}.",
        )
    ]


def find_worsening(history: list[list[Position]], settings: ProviderSettings) -> list[Condition]:
    """A forecast worse than the month before by more than £250k (default) two months
    running. `history` is the positions of three consecutive months, oldest first."""
    if len(history) < 3:
        return []
    found = []
    by_month = [{p.code: p for p in month} for month in history]
    for code, latest in by_month[2].items():
        chain = [month.get(code) for month in by_month]
        if any(p is None or not p.has_return for p in chain):
            continue
        first, middle, last = (p.forecast_outturn for p in chain if p is not None)
        drops = (first - middle, middle - last)
        if all(drop > settings["worsening_pounds"] for drop in drops):
            found.append(
                Condition(
                    WORSENING,
                    code,
                    Remit.FINANCE,
                    f"{code} forecast worsening two months running",
                    f"{latest.name}'s forecast fell by {format_k(drops[0])} and then "
                    f"{format_k(drops[1])} to {format_k(last)} at M{latest.month} "
                    f"{latest.financial_year.label}.",
                )
            )
    return found


def find_cip_behind(positions: list[Position], settings: ProviderSettings) -> list[Condition]:
    """CIP delivered year to date behind plan by more than 10% of the plan and £250k."""
    found = []
    for p in positions:
        behind = -p.cip_variance_ytd
        if p.cip_plan_ytd <= 0 or not p.has_return:
            continue
        pct = behind * 100 / p.cip_plan_ytd
        if behind > settings["cip_behind_pounds"] and pct > settings["cip_behind_pct"]:
            found.append(
                Condition(
                    CIP_BEHIND,
                    p.code,
                    Remit.FINANCE,
                    f"{p.code} CIP {pct:.0f}% behind plan",
                    f"{p.name} has delivered {format_k(p.cip_actual_ytd)} of savings against a "
                    f"plan of {format_k(p.cip_plan_ytd)} to M{p.month} {p.financial_year.label}.",
                )
            )
    return found


def find_beyond_run_rate(challenges: list[RunRateChallenge]) -> list[Condition]:
    """Forecasts whose remaining months must beat the run rate by more than the threshold
    (`finance.model.run_rate`)."""
    found = []
    for c in challenges:
        change = c.required_change_per_month
        if not c.flagged or change is None:
            continue
        phased = (
            ""
            if c.phased_outturn is None
            else f", {format_k(c.phased_outturn)} on last year's phasing"
        )
        found.append(
            Condition(
                RUN_RATE,
                c.code,
                Remit.FINANCE,
                f"{c.code} forecast needs {format_k(change)} a month better than its run rate",
                f"{c.name} is at {format_k(c.ytd_actual)} year to date at M{c.month}, a run "
                f"rate of {format_k(c.monthly_run_rate)} a month: {format_k(c.run_rate_outturn)} "
                f"for the year at that rate{phased}, against a forecast of "
                f"{format_k(c.forecast_outturn)}. The remaining months must each come in at "
                f"{format_k(c.needed_per_month or Decimal(0))}, {format_k(change)} better than "
                f"the run rate, more than the {format_k(c.threshold)} threshold.",
            )
        )
    return found


class FinanceRules:
    """The finance rule provider (settings section `finance`)."""

    section = "finance"
    rules = (
        Rule(ORG_BEHIND, "An organisation's forecast behind its control total", Remit.FINANCE),
        Rule(SYSTEM_BEHIND, "The system's forecast behind the system control total", Remit.SYSTEM),
        Rule(WORSENING, "A forecast worsening two months running", Remit.FINANCE),
        Rule(CIP_BEHIND, "Savings (CIP) delivered behind plan", Remit.FINANCE),
        Rule(RUN_RATE, "A forecast needing an implausible change in run rate", Remit.FINANCE),
    )
    settings = (
        RuleSetting("org_shortfall_pounds", Decimal(500_000), "£ behind, at least"),
        RuleSetting(
            "org_shortfall_turnover_pct", Decimal("0.25"), "% of operating expenditure behind"
        ),
        RuleSetting("system_shortfall_pounds", Decimal(500_000), "£ the system is behind"),
        RuleSetting("worsening_pounds", Decimal(250_000), "£ fall per month, two months running"),
        RuleSetting("cip_behind_pct", Decimal(10), "% of the year-to-date CIP plan behind"),
        RuleSetting("cip_behind_pounds", Decimal(250_000), "... and at least this many £"),
        RuleSetting(
            "run_rate_change_pounds", Decimal(500_000), "£ a month better than the run rate"
        ),
        RuleSetting(
            "run_rate_change_opex_pct", Decimal(1), "... or % of monthly operating expenditure"
        ),
        RuleSetting("run_rate_from_month", Decimal(3), "months in before judging the run rate"),
    )

    def defaults(self, **chosen: Decimal) -> ProviderSettings:
        return ProviderSettings({s.name: chosen.get(s.name, s.default) for s in self.settings})

    def find(
        self,
        db: Database,
        system_code: str,
        year: FinancialYear,
        month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:
        year_test = read_year_test(db, year)
        current = get_system_position(db, system_code, year, month)
        partners = [p for p in current.organisations if p.has_return]
        found: list[Condition] = []
        if settings.enabled(ORG_BEHIND):
            found += find_org_behind(partners, settings, year_test)
        if settings.enabled(SYSTEM_BEHIND):
            found += find_system_behind(current.position, settings, year_test)
        if settings.enabled(CIP_BEHIND):
            found += find_cip_behind(partners, settings)
        if settings.enabled(WORSENING) and month >= 3:
            history = [
                get_system_position(db, system_code, year, m).organisations
                for m in (month - 2, month - 1)
            ]
            found += find_worsening([*history, current.organisations], settings)
        if settings.enabled(RUN_RATE):
            found += find_beyond_run_rate(self._challenges(db, system_code, year, month, settings))
        return found

    @staticmethod
    def _challenges(
        db: Database, system_code: str, year: FinancialYear, month: int, settings: ProviderSettings
    ) -> list[RunRateChallenge]:
        report = get_run_rate_challenges(
            db, system_code, year, month, thresholds_from_settings(settings)
        )
        return [c for c in report.challenges if c.code in report.partners]
