"""The JSON shape of a cluster position, the one the CLI prints, the page shows and the
API answers: amounts as strings of pounds with two decimals."""

from __future__ import annotations

from typing import Any

from openbook.finance.position_report import position_to_dict, system_position_to_dict
from openbook.kernel.money import money_str
from openbook.kernel.period import month_label
from openbook.regime.cluster_position import ClusterPosition
from openbook.regime.model.elimination import Elimination, Pair


def _pair(pair: Pair) -> dict[str, str]:
    return {"ytd": money_str(pair.ytd), "forecast_outturn": money_str(pair.forecast)}


def _elimination(e: Elimination) -> dict[str, Any]:
    return {
        "commissioner_code": e.commissioner_code,
        "commissioner_system": e.commissioner_system,
        "provider_code": e.provider_code,
        "provider_system": e.provider_system,
        "annual_value": money_str(e.annual_value),
        "provider_income": _pair(e.income),
        "commissioner_expenditure": _pair(e.expenditure),
        "difference_to_agree": _pair(e.difference),
        "provider_reported": e.provider_reported,
        "commissioner_reported": e.commissioner_reported,
    }


def consolidation_lines(report: ClusterPosition) -> list[tuple[str, str, Pair]]:
    """(key, label, amounts) in the order a consolidated statement reads."""
    c = report.consolidation
    return [
        ("income", "Total income of the member organisations", c.income),
        ("eliminated_income", "Less intra-cluster contract income", c.eliminated_income),
        ("consolidated_income", "Consolidated income", c.consolidated_income),
        ("expenditure", "Total operating expenditure of the member organisations",
         c.expenditure),
        ("eliminated_expenditure", "Less intra-cluster contract expenditure",
         c.eliminated_expenditure),
        ("consolidated_expenditure", "Consolidated operating expenditure",
         c.consolidated_expenditure),
        ("difference_to_agree", "Difference to agree (contract income less expenditure)",
         c.difference_to_agree),
    ]  # fmt: skip


def cluster_position_to_dict(report: ClusterPosition) -> dict[str, Any]:
    cluster = position_to_dict(report.position)
    cluster.pop("org_code")
    cluster.pop("return_version")
    return {
        "synthetic": report.synthetic,
        "cluster": {
            "cluster_code": report.cluster.cluster_code,
            "name": report.cluster.name,
            "financial_year": report.financial_year.label,
            "month": month_label(report.month),
            "systems": [r.system.system_code for r in report.systems],
        },
        "position": cluster,
        "consolidation": {key: _pair(pair) for key, _, pair in consolidation_lines(report)},
        "eliminations": [_elimination(e) for e in report.eliminations],
        "systems": [system_position_to_dict(r) for r in report.systems],
    }
