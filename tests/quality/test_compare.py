"""A month's returns compared on funnels, and the escalation for a provider beyond 99.8%."""

from __future__ import annotations

from decimal import Decimal

from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import ProviderSettings, Remit
from openbook.quality.compare import quality_funnels
from openbook.quality.file import QualityLine, QualityReturn
from openbook.quality.metrics import BY_CODE
from openbook.quality.report import QualityReport
from openbook.quality.rules import FUNNEL_OUTLIER, QualityRules, find_outliers

YEAR = FinancialYear.parse("2025/26")

# org: (swallow assessed, stroke patients), (deaths, expected deaths)
FIGURES = {
    "RBD": ((45, 50), (52, 50)),
    "RD3": ((75, 100), (98, 100)),
    "RDZ": ((186, 200), (190, 200)),  # best at swallow assessment: outside, but better
    "RDY": ((70, 100), (160, 100)),  # far more deaths than expected: worse
    "RXX": ((20, 100), (101, 100)),  # few assessed: worse
}


def returns() -> list[QualityReturn]:
    made = []
    for org, ((assessed, patients), (deaths, expected)) in FIGURES.items():
        lines = (
            QualityLine(BY_CODE["stroke_swallow_72h"], Decimal(assessed), Decimal(patients)),
            QualityLine(BY_CODE["ae_admitted_time"], Decimal(30000), Decimal(100)),
            QualityLine(BY_CODE["mortality_ratio"], Decimal(deaths), Decimal(expected)),
        )
        made.append(QualityReturn(org, YEAR, 4, lines))
    return made


def test_each_provider_has_its_value_and_limits_and_a_mean_has_no_funnel() -> None:
    funnels = {result.measure.code: result for result in quality_funnels(returns())}
    assert set(funnels) == {"stroke_swallow_72h", "mortality_ratio"}
    stroke = funnels["stroke_swallow_72h"]
    assert round(stroke.target, 2) == round(396 / 550 * 100, 2)  # pooled, in %
    points = {point.org_code: point for point in stroke.points}
    assert points["RBD"].value == 90.0
    for point in points.values():
        assert point.ll998 < point.ll95 < stroke.target < point.ul95 < point.ul998
    # the bigger provider has the narrower limits
    assert points["RDZ"].ul998 - points["RDZ"].ll998 < points["RD3"].ul998 - points["RD3"].ll998
    assert (points["RXX"].outside, points["RXX"].concern) == ("ll998", True)
    assert (points["RDZ"].outside, points["RDZ"].concern) == ("ul998", False)  # better side
    assert not points["RD3"].concern and not points["RBD"].concern
    mortality = {point.org_code: point for point in funnels["mortality_ratio"].points}
    assert (mortality["RDY"].outside, mortality["RDY"].concern) == ("ul998", True)
    assert "exact" in stroke.description


def test_the_rule_raises_only_for_providers_beyond_99_8_on_the_worse_side() -> None:
    conditions = find_outliers(quality_funnels(returns()))
    assert sorted((c.subject, c.extra) for c in conditions) == [
        ("RDY", "mortality_ratio"),
        ("RXX", "stroke_swallow_72h"),
    ]
    stroke = next(c for c in conditions if c.subject == "RXX")
    assert stroke.rule == FUNNEL_OUTLIER and stroke.remit is Remit.QUALITY
    assert stroke.key == "quality-funnel-outlier|RXX|stroke_swallow_72h"
    assert "20 % (20 of 100) is below its 99.8% limit" in stroke.detail


def report() -> QualityReport:
    codes = tuple(FIGURES)
    return QualityReport("QVV", YEAR, 4, codes, (), tuple(quality_funnels(returns())), (), (), ())


def test_the_provider_reads_the_report_and_each_rule_can_be_turned_off() -> None:
    provider = QualityRules(lambda db, system, year, month: report())
    on = ProviderSettings({})
    off = ProviderSettings({}, frozenset({FUNNEL_OUTLIER}))
    db = None  # the reader given does not use the store
    assert len(provider.find(db, "QVV", YEAR, 4, on)) == 2  # type: ignore[arg-type]
    assert provider.find(db, "QVV", YEAR, 4, off) == []  # type: ignore[arg-type]
