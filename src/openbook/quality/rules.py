"""Quality's escalation rules, for the body whose remit is quality (in Dorset, the quality
surveillance group): a provider beyond a 99.8% funnel limit on the worse side of a
measure, a provider's measure in special-cause concern, and a CQC rating that falls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition, ProviderSettings, Remit, Rule, RuleSetting

if TYPE_CHECKING:  # the report needs pandas and scipy: read only when the rules run
    from openbook.quality.compare import QualityFunnel
    from openbook.quality.report import KpiRow, QualityReport

FUNNEL_OUTLIER = "quality-funnel-outlier"
SPECIAL_CAUSE = "quality-measure-special-cause"
RATING_FELL = "cqc-rating-fell"

ReportReader = Callable[[Database, str, FinancialYear, int], "QualityReport"]


def read_quality_report(
    db: Database, system_code: str, year: FinancialYear, month: int
) -> QualityReport:
    from openbook.quality.report import quality_report

    return quality_report(db, system_code, year, month, with_charts=False)  # icons only


def find_outliers(funnels: Sequence[QualityFunnel]) -> list[Condition]:
    """One condition per provider and measure beyond its 99.8% limit on the worse side."""
    found = []
    for result in funnels:
        measure = result.measure
        for point in result.concerns:
            limit = point.ll998 if point.outside == "ll998" else point.ul998
            side = "below" if point.outside == "ll998" else "above"
            found.append(
                Condition(
                    FUNNEL_OUTLIER,
                    point.org_code,
                    Remit.QUALITY,
                    f"{point.org_code} {measure.name}: outside the 99.8% funnel limit",
                    f"{point.value:.3g} {measure.unit} ({point.numerator:g} of "
                    f"{point.denominator:g}) is {side} its 99.8% limit of {limit:.3g} "
                    f"{measure.unit}; the system's value is {result.target:.3g}. "
                    "Check the data first, then the care.",
                    extra=measure.code,
                )
            )
    return found


def find_special_causes(kpis: Sequence[KpiRow], label: str) -> list[Condition]:
    """One condition per provider and measure whose latest point is special-cause concern."""
    return [
        Condition(
            SPECIAL_CAUSE,
            kpi.org_code,
            Remit.QUALITY,
            f"{kpi.org_code} {kpi.measure.name}: special-cause concern",
            f"{kpi.value:.3g} {kpi.measure.unit} at {label} shows special-cause concern over "
            f"{kpi.points} months (Making Data Count).",
            extra=kpi.measure.code,
        )
        for kpi in kpis
        if kpi.variation_icon is not None and kpi.variation_icon.startswith("concern")
    ]


def find_falls(report: QualityReport) -> list[Condition]:
    return [
        Condition(
            RATING_FELL,
            latest.org_code,
            Remit.QUALITY,
            f"{latest.org_code}: CQC rating fell to {latest.rating.label}",
            f"Rated {latest.rating.label} on {latest.published:%d %B %Y}, down from "
            f"{previous.rating.label} ({previous.published:%d %B %Y}).",
            extra=latest.published.isoformat(),
        )
        for previous, latest in report.falls()
    ]


class QualityRules:
    """The quality rule provider (settings section `quality`)."""

    section = "quality"
    rules = (
        Rule(FUNNEL_OUTLIER, "Quality measure beyond the 99.8% funnel limit", Remit.QUALITY),
        Rule(SPECIAL_CAUSE, "Quality measure in special-cause concern (SPC)", Remit.QUALITY),
        Rule(RATING_FELL, "CQC rating fell", Remit.QUALITY),
    )
    settings: tuple[RuleSetting, ...] = ()

    def __init__(self, read: ReportReader = read_quality_report) -> None:
        self.read = read

    def find(
        self,
        db: Database,
        system_code: str,
        year: FinancialYear,
        month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:
        wanted = [rule.code for rule in self.rules if settings.enabled(rule.code)]
        if not wanted:
            return []
        report = self.read(db, system_code, year, month)
        found: list[Condition] = []
        if FUNNEL_OUTLIER in wanted:
            found += find_outliers(report.funnels)
        if SPECIAL_CAUSE in wanted:
            found += find_special_causes(report.kpis, f"M{month} {year.label}")
        if RATING_FELL in wanted:
            found += find_falls(report)
        return found
