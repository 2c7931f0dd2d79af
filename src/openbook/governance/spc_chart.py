"""One of openbook's SPC charts by its key, as its feature draws it (with its notes: the
annotations as labelled rules, the agreed rebases as split limits), for `openbook spc
chart` and the notes page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openbook.activity.ae_spc import ae_four_hour_charts
from openbook.activity.report import activity_series_charts
from openbook.governance.model.spc_note import check_chart
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear
from openbook.quality.report import quality_report


@dataclass(frozen=True)
class StoredChart:
    key: str
    spec: dict[str, Any]  # Vega-Lite

    @property
    def description(self) -> str:
        return str(self.spec.get("description", ""))

    def limits(self) -> list[dict[str, Any]]:
        """Each month's value, mean and limits as drawn (the chart's data)."""
        fields = ("x", "y", "mean", "lpl", "upl", "group", "point_type")
        return [{f: row.get(f) for f in fields} for row in self.spec["data"]["values"]]


def _spec(db: Database, system_code: str, key: str, year: FinancialYear, month: int) -> Any:
    family, *parts = key.split("/")
    if family == "activity":
        provider, pod = parts
        found = activity_series_charts(db, system_code, year, month, provider=provider, pod=pod)
        return found[0].spec if found else None
    if family == "ae-4h":
        charts = ae_four_hour_charts(db, parts, year, month)
        return charts[0].spec if charts else None
    org, measure = parts
    report = quality_report(db, system_code, year, month)
    return next((s for o, m, s in report.spc_charts if (o, m) == (org, measure)), None)


def stored_chart(
    db: Database, system_code: str, key: str, year: FinancialYear, month: int
) -> StoredChart:
    """The chart named by `key` (no `*`), every month held up to the one given."""
    problems = check_chart(key)
    if "*" in key.split("/"):
        problems.append("a chart to draw names one provider and series, without '*'")
    if problems:
        raise OpenbookError("; ".join(problems))
    spec = _spec(db, system_code, key, year, month)
    if spec is None:
        raise NotFoundError(f"there is no chart {key!r} in {system_code} to M{month} {year.label}")
    return StoredChart(key, spec)
