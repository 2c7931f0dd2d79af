"""The programme's escalation rules, for the body whose remit is the whole system: a
milestone overdue, a milestone slipped against its baseline, a benefit off its trajectory
(measured by its linked figure), and spend above the amount committed. Each month is judged
as at its last day, so replaying past months finds what was so then."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear, month_end
from openbook.kernel.rule import Condition, ProviderSettings, Remit, Rule, RuleSetting
from openbook.programme.benefit_spc import BenefitSpc
from openbook.programme.load import get_benefit_charts, read_stored_programmes
from openbook.programme.model import (
    Milestone,
    MilestoneStatus,
    Programme,
    is_off_trajectory,
    months_between,
)

MILESTONE_OVERDUE = "programme-milestone-overdue"
MILESTONE_SLIPPED = "programme-milestone-slipped"
BENEFIT_OFF_TRAJECTORY = "programme-benefit-off-trajectory"
SPEND_ABOVE_COMMITTED = "programme-spend-above-committed"
BENEFIT_MEASURE_CONCERN = "programme-benefit-measure-concern"


def _delivered_by(milestone: Milestone, day: date) -> bool:
    if milestone.actual is not None:
        return months_between(milestone.actual, day) >= 0
    return milestone.status is MilestoneStatus.COMPLETE


def find_overdue(programme: Programme, day: date) -> list[Condition]:
    """Milestones whose due month (forecast, else baseline) ended before `day`, undelivered."""
    return [
        Condition(
            MILESTONE_OVERDUE,
            programme.system_code,
            Remit.SYSTEM,
            f"{programme.name}: {m.ref} {m.title} is overdue",
            f"Due {m.due:%B %Y} (baseline {m.planned_due:%B %Y}); not delivered by {day:%d %B %Y}.",
            extra=m.ref,
        )
        for m in programme.milestones
        if months_between(m.due, day) > 0 and not _delivered_by(m, day)
    ]


def find_slipped(programme: Programme, day: date, allowed_months: int) -> list[Condition]:
    """Undelivered milestones now forecast more than `allowed_months` after the baseline."""
    found = []
    for m in programme.milestones:
        if m.forecast is None or _delivered_by(m, day):
            continue
        slip = months_between(m.planned_due, m.forecast)
        if slip > allowed_months:
            found.append(
                Condition(
                    MILESTONE_SLIPPED,
                    programme.system_code,
                    Remit.SYSTEM,
                    f"{programme.name}: {m.ref} {m.title} has slipped {slip} months",
                    f"Forecast {m.forecast:%B %Y} against its baseline of {m.planned_due:%B %Y}.",
                    extra=m.ref,
                )
            )
    return found


def find_off_trajectory(
    programme: Programme,
    year: FinancialYear,
    measured: Mapping[str, Mapping[str, Decimal]],
    tolerance: Decimal,
) -> list[Condition]:
    """Benefits whose value for the year (from the linked measure, else as typed) is worse
    than the year's trajectory by more than `tolerance` of the distance from baseline."""
    found = []
    for benefit in programme.benefits:
        values = measured.get(benefit.ref, {}) if benefit.link else benefit.progress
        value = values.get(year.label)
        if value is None or not is_off_trajectory(benefit, year.label, value, tolerance):
            continue
        found.append(
            Condition(
                BENEFIT_OFF_TRAJECTORY,
                programme.system_code,
                Remit.SYSTEM,
                f"{programme.name}: {benefit.name} is off trajectory",
                f"{benefit.measure}: {value:,} in {year.label} against a trajectory of "
                f"{benefit.trajectory[year.label]:,} (baseline {benefit.baseline:,} in "
                f"{benefit.baseline_year}).",
                extra=benefit.ref,
            )
        )
    return found


def find_measure_concern(programme: Programme, charts: Mapping[str, BenefitSpc]) -> list[Condition]:
    """Benefits whose linked measure, charted month by month (Making Data Count), shows
    special-cause concern or consistently fails its trajectory."""
    found = []
    for benefit in programme.benefits:
        chart = charts.get(benefit.ref)
        if chart is None or not (chart.is_concern or chart.fails):
            continue
        target = (
            "" if chart.target is None else f" against a monthly trajectory of {chart.target:,}"
        )
        found.append(
            Condition(
                BENEFIT_MEASURE_CONCERN,
                programme.system_code,
                Remit.SYSTEM,
                f"{programme.name}: {benefit.name} is off trajectory month by month",
                f"{benefit.measure}: {chart.points} months to {chart.last:%B %Y}, latest "
                f"{chart.latest:,}, mean {chart.mean:,} (process limits {chart.lpl:,} to "
                f"{chart.upl:,}){target}; {chart.words}.",
                extra=benefit.ref,
            )
        )
    return found


def _charted(
    db: Database, system_code: str, year: FinancialYear, month: int
) -> dict[str, dict[str, BenefitSpc]]:
    """Programme code -> benefit ref -> its chart as returned by the month."""
    return {
        programme.code: {ref: summary for ref, (_, summary) in charts.items()}
        for programme, charts in get_benefit_charts(db, system_code, (year, month))
    }


def _within(programme: Programme, year: FinancialYear) -> bool:
    """Is the year within some linked benefit's span (baseline to last trajectory year)?"""
    return any(
        FinancialYear.parse(b.baseline_year) <= year <= FinancialYear.parse(max(b.trajectory))
        for b in programme.benefits
        if b.link is not None and b.trajectory
    )


def find_spend_above_committed(programme: Programme, year: FinancialYear) -> list[Condition]:
    found = []
    for line in programme.cost_lines:
        amount = line.years.get(year.label)
        if amount is None or amount.spent is None:
            continue
        committed = amount.committed or ZERO
        planned = "TBC" if amount.planned is None else f"£{amount.planned:,}"
        if amount.spent > committed:
            found.append(
                Condition(
                    SPEND_ABOVE_COMMITTED,
                    line.spending_org,
                    Remit.SYSTEM,
                    f"{programme.name}: {line.name} spend above committed",
                    f"£{amount.spent:,} spent in {year.label} against £{committed:,} "
                    f"committed (planned {planned}).",
                    extra=line.ref,
                )
            )
    return found


class ProgrammeRules:
    """The programme rule provider (settings section `programme`)."""

    section = "programme"
    rules = (
        Rule(MILESTONE_OVERDUE, "Programme milestone overdue", Remit.SYSTEM),
        Rule(MILESTONE_SLIPPED, "Programme milestone slipped against its baseline", Remit.SYSTEM),
        Rule(BENEFIT_OFF_TRAJECTORY, "Programme benefit off its trajectory", Remit.SYSTEM),
        Rule(SPEND_ABOVE_COMMITTED, "Programme spend above the amount committed", Remit.SYSTEM),
        Rule(
            BENEFIT_MEASURE_CONCERN,
            "Programme benefit's measure off trajectory month by month (SPC)",
            Remit.SYSTEM,
        ),
    )
    settings = (
        RuleSetting(
            "programme_slip_months",
            Decimal(0),
            "A milestone forecast more than this many months after its baseline has slipped",
        ),
        RuleSetting(
            "programme_trajectory_tolerance_pct",
            Decimal(10),
            "A benefit is off trajectory when worse than the year's target by more than this "
            "% of the distance from its baseline",
        ),
    )

    def find(
        self,
        db: Database,
        system_code: str,
        year: FinancialYear,
        month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:
        try:
            stored = read_stored_programmes(db, system_code, (year, month))
        except NotFoundError:
            return []
        day = month_end(year, month)
        found: list[Condition] = []
        charted = (
            _charted(db, system_code, year, month)
            if settings.enabled(BENEFIT_MEASURE_CONCERN)
            and any(_within(programme, year) for programme, _ in stored)
            else {}
        )
        for programme, measured in stored:
            if settings.enabled(MILESTONE_OVERDUE):
                found += find_overdue(programme, day)
            if settings.enabled(MILESTONE_SLIPPED):
                found += find_slipped(programme, day, int(settings["programme_slip_months"]))
            if settings.enabled(BENEFIT_OFF_TRAJECTORY):
                tolerance = settings["programme_trajectory_tolerance_pct"] / 100
                found += find_off_trajectory(programme, year, measured, tolerance)
            if settings.enabled(SPEND_ABOVE_COMMITTED):
                found += find_spend_above_committed(programme, year)
            if _within(programme, year):
                found += find_measure_concern(programme, charted.get(programme.code, {}))
        return found
