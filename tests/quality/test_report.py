"""The demonstration's quality report: the seed's ranges, the built-in story (Poole's swallow
assessments falling from August 2018) found by the rules, and the CLI and API agreeing."""

from __future__ import annotations

from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import ProviderSettings
from openbook.quality.report import quality_report
from openbook.quality.report_json import report_json
from openbook.quality.rules import FUNNEL_OUTLIER, SPECIAL_CAUSE, QualityRules

YEAR = FinancialYear(2018)


def test_the_demonstration_fills_the_seed_ranges_for_each_acute_trust(
    sqlite_demo_db: Database,
) -> None:
    report = quality_report(sqlite_demo_db, "QVV", YEAR, 3)
    assert report.providers == ("RBD", "RD3", "RDZ") and report.missing == ()
    minutes = {k.org_code: k.value for k in report.kpis if k.measure.code == "ae_admitted_time"}
    assert min(minutes.values()) > 175 and max(minutes.values()) < 290  # 193-272 +- a month
    assert {r.org_code for r in report.ratings} == {"RBD", "RD3", "RDZ", "RDY"}
    assert [r.rating.label for r in report.ratings if r.org_code == "RD3"] == [
        "Requires improvement"
    ]
    assert {f.measure.code for f in report.funnels} == {"stroke_swallow_72h", "mortality_ratio"}


def test_poole_s_falling_swallow_assessments_are_found(sqlite_demo_db: Database) -> None:
    report = quality_report(sqlite_demo_db, "QVV", YEAR, 12)
    rd3 = next(
        k for k in report.kpis if k.org_code == "RD3" and k.measure.code == "stroke_swallow_72h"
    )
    assert rd3.points == 24 and rd3.variation_icon == "concern_low"
    found = QualityRules().find(sqlite_demo_db, "QVV", YEAR, 12, ProviderSettings({}))
    assert (SPECIAL_CAUSE, "RD3", "stroke_swallow_72h") in {
        (c.rule, c.subject, c.extra) for c in found
    }
    assert all(c.rule in {SPECIAL_CAUSE, FUNNEL_OUTLIER, "cqc-rating-fell"} for c in found)


def test_the_json_has_every_kpi_with_its_funnel_position(sqlite_demo_db: Database) -> None:
    report = quality_report(sqlite_demo_db, "QVV", YEAR, 12)
    payload = report_json(report)
    assert payload["financial_year"] == "2018/19" and payload["month"] == 12
    assert len(payload["kpis"]) == 9
    swallow = next(f for f in payload["funnels"] if f["measure"] == "stroke_swallow_72h")
    for point in swallow["points"]:
        assert point["ll998"] < point["ll95"] < swallow["target"] < point["ul95"] < point["ul998"]
