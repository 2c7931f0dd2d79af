"""The activity page's tables: activity against plan, and shadow Payment by Results."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openbook.activity.model.activity import POINTS_OF_DELIVERY, service_name
from openbook.activity.report import ActivityReport
from openbook.kernel.money import ZERO
from openbook.web.tables import Column, Kind, Link, Table

ICON_WORDS = {
    "common_cause": "common cause",
    "concern_high": "special cause concern: rising",
    "improvement_low": "special cause improvement: falling",
    "neutral_high": "special cause: higher",
    "neutral_low": "special cause: lower",
}


def service_link(pod: str, chart_url: str) -> Link:
    """The service by its name, linking to its SPC chart; the code and its NHS England
    wording on hover."""
    return Link(service_name(pod), chart_url, title=f"{pod}: {POINTS_OF_DELIVERY.get(pod, pod)}")


def activity_table(
    report: ActivityReport, names: dict[str, str], label: str, page_query: str = ""
) -> Table:
    caption = (
        f"Activity against plan, year to date (YTD) to {label}: counts summed over the"
        " months held, the variance over the months with both a plan and an actual"
    )
    if report.synthetic:
        caption += " (outpatient, elective and non-elective activity is synthetic)"
    rows: list[list[str | int | Decimal | Link | None]] = []
    for line in report.lines:
        s = line.summary
        ytd = s.ytd
        rows.append(
            [
                f"{names.get(s.provider_code, s.provider_code)} ({s.provider_code})",
                service_link(
                    s.pod,
                    f"/activity?{page_query}&provider={s.provider_code}&pod={s.pod}#series",
                ),
                ytd.plan if ytd.plan else None,
                s.ytd_actual,
                ytd.difference if ytd.plan else None,
                None if ytd.percent is None else ytd.percent / 100,
                ICON_WORDS.get(line.variation_icon or "", line.variation_icon or ""),
                "; ".join(flag.reason for flag in line.flags),
            ]
        )
    return Table(
        "activity",
        caption,
        [
            Column("Provider"),
            Column("Service"),
            Column("Plan YTD", Kind.NUMBER),
            Column("Actual YTD", Kind.NUMBER),
            Column("Variance YTD", Kind.NUMBER),
            Column("Variance YTD %", Kind.PERCENT),
            Column("Variation (SPC)"),
            Column("Flags"),
        ],
        rows,
    )


def shadow_pbr_table(report: ActivityReport, names: dict[str, str], label: str) -> Table:
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for month in report.shadow_pbr:
        totals[month.provider_code][0] += month.contract_value
        totals[month.provider_code][1] += month.shadow_value
    return Table(
        "shadow-pbr",
        f"Shadow Payment by Results, year to date (YTD) to {label} (£000)",
        [
            Column("Provider"),
            Column("Fixed contract YTD", Kind.MONEY),
            Column("Activity at tariff YTD", Kind.MONEY),
            Column("Gain (loss) under PbR YTD", Kind.MONEY),
        ],
        [
            [f"{names.get(code, code)} ({code})", contract, shadow, shadow - contract]
            for code, (contract, shadow) in sorted(totals.items())
        ],
    )
