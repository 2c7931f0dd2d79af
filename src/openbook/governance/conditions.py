"""The conditions a system's figures show for a month: every escalation rule, run on the
positions, the activity report and the A&E 4-hour SPC charts."""

from __future__ import annotations

from openbook.activity.ae_spc import ae_four_hour_charts
from openbook.activity.report import activity_report
from openbook.finance.position_report import SystemPosition, get_system_position
from openbook.governance.model.escalation_rule import (
    ACTIVITY_ABOVE,
    ACTIVITY_CONCERN,
    CIP_BEHIND,
    ORG_BEHIND,
    QUALITY_CONCERN,
    SYSTEM_BEHIND,
    WORSENING,
    RuleSettings,
    find_activity,
    find_cip_behind,
    find_org_behind,
    find_quality,
    find_system_behind,
    find_worsening,
)
from openbook.governance.model.governance import Condition
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear

QUALITY_METRIC = "A&E 4-hour"


def _finance(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    settings: RuleSettings,
    current: SystemPosition,
) -> list[Condition]:
    partners = [p for p in current.organisations if p.has_return]
    found: list[Condition] = []
    if settings.enabled(ORG_BEHIND):
        found += find_org_behind(partners, settings)
    if settings.enabled(SYSTEM_BEHIND):
        found += find_system_behind(current.position, settings)
    if settings.enabled(CIP_BEHIND):
        found += find_cip_behind(partners, settings)
    if settings.enabled(WORSENING) and month >= 3:
        history = [
            get_system_position(db, system_code, year, m).organisations
            for m in (month - 2, month - 1)
        ]
        found += find_worsening([*history, current.organisations], settings)
    return found


def _activity(
    db: Database, system_code: str, year: FinancialYear, month: int, settings: RuleSettings
) -> list[Condition]:
    wanted = [
        k
        for k, rule in (("special-cause", ACTIVITY_CONCERN), ("above-plan", ACTIVITY_ABOVE))
        if settings.enabled(rule)
    ]
    if not wanted:
        return []
    try:
        report = activity_report(
            db, system_code, year, month, flag_percent=settings.activity_above_pct
        )
    except NotFoundError:
        return []
    if report.month < month:
        return []  # activity for this month is not in yet: judge it when it is
    if month < settings.activity_min_months and "above-plan" in wanted:
        wanted.remove("above-plan")  # a month or two is too few to judge a year's run
    flags = [(f.provider_code, f.pod, f.kind, f.reason) for f in report.flags if f.kind in wanted]
    return find_activity(flags)


def _quality(
    db: Database, year: FinancialYear, month: int, providers: list[str], settings: RuleSettings
) -> list[Condition]:
    if not settings.enabled(QUALITY_CONCERN):
        return []
    charts = ae_four_hour_charts(db, providers, year, month)
    return find_quality(
        [
            (
                chart.provider_code,
                QUALITY_METRIC,
                f"The share of A&E attendances seen within 4 hours shows special-cause "
                f"concern (fewer seen in time than the process predicts) at "
                f"M{month} {year.label}.",
            )
            for chart in charts
            if chart.variation_icon == "concern_low"
        ]
    )


def find_conditions(
    db: Database, system_code: str, year: FinancialYear, month: int, settings: RuleSettings
) -> list[Condition]:
    """Every condition the rules find in the month's figures, each once."""
    current = get_system_position(db, system_code, year, month)
    providers = [p.code for p in [*current.organisations, *current.associates]]
    found = _finance(db, system_code, year, month, settings, current)
    found += _activity(db, system_code, year, month, settings)
    found += _quality(db, year, month, providers, settings)
    unique = {condition.key: condition for condition in found}
    return list(unique.values())
