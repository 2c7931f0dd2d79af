"""Quality's escalation rule: a provider beyond a 99.8% funnel limit on the worse side of a
quality measure, for the body whose remit is quality."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition, ProviderSettings, Remit, Rule, RuleSetting
from openbook.quality.compare import QualityFunnel, quality_funnels
from openbook.quality.file import QualityReturn

FUNNEL_OUTLIER = "quality-funnel-outlier"

# Reads a system's quality returns for a month, one per provider.
ReturnsReader = Callable[[Database, str, FinancialYear, int], Sequence[QualityReturn]]


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


def no_returns(
    _db: Database, _system_code: str, _year: FinancialYear, _month: int
) -> list[QualityReturn]:
    """Until quality returns are stored, there is nothing to compare."""
    return []


class QualityRules:
    """The quality rule provider (settings section `quality`); reads returns through
    `read`, so that the storage of returns plugs in without changing the rule."""

    section = "quality"
    rules = (Rule(FUNNEL_OUTLIER, "Quality measure beyond the 99.8% funnel limit", Remit.QUALITY),)
    settings: tuple[RuleSetting, ...] = ()

    def __init__(self, read: ReturnsReader = no_returns) -> None:
        self.read = read

    def find(
        self,
        db: Database,
        system_code: str,
        year: FinancialYear,
        month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:
        if not settings.enabled(FUNNEL_OUTLIER):
            return []
        return find_outliers(quality_funnels(self.read(db, system_code, year, month)))
