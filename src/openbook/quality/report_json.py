"""The quality report as JSON: one shape for the CLI's `--format json` and the REST API."""

from __future__ import annotations

from typing import Any

from openbook.quality.report import KpiRow, QualityReport


def kpi_json(kpi: KpiRow) -> dict[str, Any]:
    return {
        "org_code": kpi.org_code,
        "measure": kpi.measure.code,
        "name": kpi.measure.name,
        "unit": kpi.measure.unit,
        "numerator": kpi.numerator,
        "denominator": kpi.denominator,
        "value": round(kpi.value, 4),
        "months": kpi.points,
        "variation_icon": kpi.variation_icon,
        "assurance_icon": kpi.assurance_icon,
        "funnel_outside": kpi.funnel_outside,
        "funnel_concern": kpi.funnel_concern,
    }


def report_json(report: QualityReport) -> dict[str, Any]:
    return {
        "system_code": report.system_code,
        "financial_year": report.financial_year.label,
        "month": report.month,
        "providers": list(report.providers),
        "missing_returns": list(report.missing),
        "kpis": [kpi_json(kpi) for kpi in report.kpis],
        "funnels": [
            {
                "measure": result.measure.code,
                "target": round(result.target, 4),
                "method": result.description,
                "points": [
                    {
                        "org_code": p.org_code,
                        "numerator": p.numerator,
                        "denominator": p.denominator,
                        "value": round(p.value, 4),
                        "ll95": round(p.ll95, 4),
                        "ul95": round(p.ul95, 4),
                        "ll998": round(p.ll998, 4),
                        "ul998": round(p.ul998, 4),
                        "outside": p.outside,
                        "concern": p.concern,
                    }
                    for p in result.points
                ],
            }
            for result in report.funnels
        ],
        "ratings": [
            {
                "org_code": r.org_code,
                "published": r.published.isoformat(),
                "rating": r.rating.label,
                "source": r.source,
            }
            for r in report.ratings
        ],
    }
