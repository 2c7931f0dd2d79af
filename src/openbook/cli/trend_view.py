"""Rendering a month-by-month trend as a table (£000, brackets for negatives), JSON or CSV."""

from __future__ import annotations

from decimal import Decimal

from openbook.cli.output import OutputFormat, print_csv, print_json, print_table
from openbook.finance.trend import Trend, trend_to_dict
from openbook.kernel.money import format_thousands
from openbook.kernel.period import FinancialYear, month_label

HEADER = ["month", "control total", "forecast outturn", "gap", "YTD variance", "run rate"]


def _k(value: Decimal | None) -> str:
    return "–" if value is None else format_thousands(value)


def render_trend(trend: Trend, year: FinancialYear, output_format: OutputFormat) -> None:
    if output_format is OutputFormat.json:
        print_json(trend_to_dict(trend))
        return
    if output_format is OutputFormat.csv:
        shape = trend_to_dict(trend)["months"]
        keys = list(shape[0].keys()) if shape else []
        print_csv(keys, [[m[k] for k in keys] for m in shape])
        return
    rows = [
        [
            month_label(p.month),
            _k(p.control_total),
            _k(p.forecast_outturn),
            _k(p.gap),
            _k(p.ytd_variance),
            _k(p.run_rate),
        ]
        for p in trend.points
    ]
    print_table(
        f"{trend.code} {trend.name}: {year.label} month by month (£000)", HEADER, rows, right_from=1
    )
