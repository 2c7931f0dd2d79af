"""The activity page's tables: activity against plan, shadow Payment by Results, aligned
payment, and elective value against 2019/20."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openbook.activity.elective_value import ElectiveValueReport
from openbook.activity.model.activity import POINTS_OF_DELIVERY, service_name
from openbook.activity.model.elective_value import ALL, BASELINE_YEAR
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


def aligned_payment_table(report: ActivityReport, names: dict[str, str], label: str) -> Table:
    """Each aligned payment contract: fixed element, elective value against the baseline,
    the variable element on the difference, and what the contract pays, year to date."""
    return Table(
        "aligned-payment",
        f"Aligned payment, year to date (YTD) to {label} (£000)",
        [
            Column("Provider"),
            Column("Commissioner"),
            Column("Fixed element YTD", Kind.MONEY),
            Column("Elective value YTD", Kind.MONEY),
            Column("Elective baseline YTD", Kind.MONEY),
            Column("Variable element YTD", Kind.MONEY),
            Column("Payment YTD", Kind.MONEY),
            Column("Terms"),
        ],
        [
            [
                f"{names.get(p.provider_code, p.provider_code)} ({p.provider_code})",
                names.get(p.commissioner_code, p.commissioner_code),
                p.fixed,
                p.elective_value,
                p.baseline,
                p.variable,
                p.payment,
                "block: below the low-value threshold" if p.block else "fixed + variable",
            ]
            for p in report.aligned_payment
        ],
    )


def elective_value_tables(
    report: ElectiveValueReport, names: dict[str, str], label: str
) -> list[Table]:
    """Year to date per provider, commissioner and pair; then each month of the providers
    and the system."""
    synthetic = " (synthetic demonstration activity)" if report.synthetic else ""
    ytd_rows: list[list[str | int | Decimal | Link | None]] = []
    month_rows: list[list[str | int | Decimal | Link | None]] = []
    for line in report.lines:
        provider = "all providers" if line.provider_code == ALL else line.provider_code
        commissioner = (
            "all commissioners"
            if line.commissioner_code == ALL
            else names.get(line.commissioner_code, line.commissioner_code)
        )
        if line.provider_code != ALL:
            provider = f"{names.get(line.provider_code, line.provider_code)} ({provider})"
        percent = None if line.percent_ytd is None else line.percent_ytd / 100
        ytd_rows.append([provider, commissioner, line.value_ytd, line.baseline_ytd, percent])
        if line.commissioner_code == ALL:
            month_rows += [
                [
                    provider,
                    f"M{m.month}",
                    m.value,
                    m.baseline_value,
                    None if m.percent is None else m.percent / 100,
                ]
                for m in line.months
            ]
    baseline = BASELINE_YEAR.label
    year = report.financial_year.label
    money_columns = [
        Column(f"Value at {year} prices", Kind.MONEY),
        Column(f"{baseline} at {year} prices", Kind.MONEY),
        Column(f"% of {baseline}", Kind.PERCENT),
    ]
    return [
        Table(
            "elective-value",
            f"Elective value, year to date (YTD) to {label}: % of {baseline}{synthetic}",
            [Column("Provider"), Column("Commissioner"), *money_columns],
            ytd_rows,
        ),
        Table(
            "elective-value-months",
            f"Elective value month by month, {year}: % of the same month of {baseline}",
            [Column("Provider"), Column("Month"), *money_columns],
            month_rows,
        ),
    ]
