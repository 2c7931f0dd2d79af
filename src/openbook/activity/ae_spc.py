"""Making Data Count charts of each provider's 4-hour A&E performance, for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from openbook.activity import store as activity
from openbook.kernel.chart_note import chart_key, read_chart_notes
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear, month_start
from openbook.spc import spc
from openbook.spc.chart import vega_lite_spec

FOUR_HOUR_TARGET = 95.0  # per cent: charts show percentages, 88% not 0.88


@dataclass(frozen=True)
class SeriesChart:
    provider_code: str
    spec: dict[str, Any]
    description: str
    variation_icon: str
    assurance_icon: str | None
    points: int


def ae_four_hour_charts(
    db: Database, provider_codes: list[str], year: FinancialYear, month: int
) -> tuple[SeriesChart, ...]:
    """A chart per provider with A&E data: the percentage of all types seen within 4 hours,
    every month up to the one chosen, target 95%."""
    with db.reading() as session:
        rows = activity.list_ae_months(session, provider_codes, month_start(year, month))
    rows = [row for row in rows if row[2] > 0]
    if not rows:
        return ()
    data = pd.DataFrame(rows, columns=["provider", "month", "attendances", "breaches"])
    data["month"] = pd.to_datetime(data["month"])
    data["four_hour"] = 100 * (1 - data["breaches"] / data["attendances"])
    notes = read_chart_notes(db)
    keys = {code: chart_key("ae-4h", code) for code in data["provider"].unique()}
    result = spc(
        data,
        value_col="four_hour",
        date_col="month",
        facet_col="provider",
        target=FOUR_HOUR_TARGET,
        rebase=notes.rebase_option(keys),
    )
    charts = []
    for icon in result.icons.itertuples(index=False):
        code = str(icon.f)
        title = f"{code}: share of A&E attendances seen within 4 hours"
        spec = vega_lite_spec(
            result,
            code,
            title,
            y_title="% seen within 4 hours",
            notes=notes.annotations(keys[code]),
        )
        spec["description"] += "; figures are percentages seen within 4 hours"
        assurance = None if pd.isna(icon.assurance_icon) else str(icon.assurance_icon)
        points = int((data["provider"] == code).sum())
        charts.append(
            SeriesChart(
                code, spec, spec["description"], str(icon.variation_icon), assurance, points
            )
        )
    return tuple(charts)
