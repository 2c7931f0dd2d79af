"""How the activity report reads in a terminal, and as rows for CSV and JSON."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openbook.activity.model.activity import POINTS_OF_DELIVERY
from openbook.cli.activity_value import print_aligned
from openbook.cli.output import console, print_table
from openbook.kernel.money import ZERO, format_thousands
from openbook.kernel.period import month_label

if TYPE_CHECKING:
    from openbook.activity.report import ActivityReport

YTD_HEADER = (
    "provider",
    "pod",
    "description",
    "plan_ytd",
    "actual_ytd",
    "variance",
    "variance_pct",
    "four_hour_pct",
    "variation_icon",
    "flags",
)
MONTH_HEADER = (
    "provider",
    "pod",
    "month",
    "plan",
    "actual",
    "variance",
    "four_hour_pct",
)


# How the terminal table heads each column: year-to-date figures say YTD.
SHOWN = {
    "provider": "provider",
    "pod": "pod",
    "plan_ytd": "plan YTD",
    "actual_ytd": "actual YTD",
    "variance": "variance YTD",
    "variance_pct": "variance YTD %",
    "four_hour_pct": "4-hour YTD %",
    "variation_icon": "SPC variation",
    "month": "month",
    "plan": "plan",
    "actual": "actual",
}
MONTH_SHOWN = {**SHOWN, "variance": "variance", "four_hour_pct": "4-hour %"}


def _pct(value: Decimal | None, places: str = "0.1") -> str:
    return "" if value is None else str(value.quantize(Decimal(places)))


def report_rows(report: ActivityReport, by_month: bool) -> tuple[tuple[str, ...], list[list[Any]]]:
    rows: list[list[Any]] = []
    for line in report.lines:
        s = line.summary
        if by_month:
            for m in s.months:
                variance = None if m.plan is None or m.actual is None else m.actual - m.plan
                four_hour = None if m.four_hour is None else m.four_hour * 100
                rows.append(
                    [
                        s.provider_code,
                        s.pod,
                        month_label(m.month),
                        m.plan,
                        m.actual,
                        variance,
                        _pct(four_hour),
                    ]
                )
            continue
        ytd = s.ytd
        four_hour = None if s.ytd_four_hour is None else s.ytd_four_hour * 100
        rows.append(
            [
                s.provider_code,
                s.pod,
                POINTS_OF_DELIVERY.get(s.pod, s.pod),
                ytd.plan if ytd.plan else None,
                s.ytd_actual,
                ytd.difference if ytd.plan else None,
                _pct(ytd.percent),
                _pct(four_hour),
                line.variation_icon or "",
                "; ".join(flag.reason for flag in line.flags),
            ]
        )
    return (MONTH_HEADER if by_month else YTD_HEADER), rows


def _count(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, int):
        return f"({abs(value):,})" if value < 0 else f"{value:,}"
    return str(value)


def print_report(report: ActivityReport, by_month: bool) -> None:
    header, rows = report_rows(report, by_month)
    period = f"{report.financial_year.label} to {month_label(report.month)}"
    if by_month:
        title = f"{report.system_code} activity against plan by month, {period}"
    else:
        title = f"{report.system_code} activity against plan, year to date (YTD) {period}"
    if report.synthetic:
        title += " (includes synthetic demonstration activity)"
    shown_header = [h for h in header if h not in ("description", "flags")]
    shown = [
        [_count(cell) for name, cell in zip(header, row, strict=True) if name in shown_header]
        for row in rows
    ]
    labels = MONTH_SHOWN if by_month else SHOWN
    print_table(title, [labels[h] for h in shown_header], shown, right_from=2)
    if not by_month:
        for flag in report.flags:
            console.print(
                f"[bold]flag[/] {flag.provider_code} {flag.pod}: {flag.reason}", highlight=False
            )
    _print_shadow(report)
    print_aligned(report.aligned_payment, report.month)


def _print_shadow(report: ActivityReport) -> None:
    if not report.shadow_pbr:
        if not report.aligned_payment:
            console.print("No prices held for this year: no shadow Payment by Results.")
        return
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for m in report.shadow_pbr:
        totals[m.provider_code][0] += m.contract_value
        totals[m.provider_code][1] += m.shadow_value
    rows = [
        [
            provider,
            format_thousands(contract),
            format_thousands(shadow),
            format_thousands(shadow - contract),
        ]
        for provider, (contract, shadow) in sorted(totals.items())
    ]
    print_table(
        f"Shadow Payment by Results, year to date (YTD) to {month_label(report.month)} (£000)",
        ["provider", "fixed contract YTD", "activity at tariff YTD", "gain (loss) under PbR YTD"],
        rows,
    )
