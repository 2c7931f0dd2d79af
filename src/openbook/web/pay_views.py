"""Pay and agency on the overview and organisation pages for control-total years (2017/18
shape): pay YTD by contract from the monthly finance return, agency as a share of the pay
bill against the system's ceiling and against the agency plan, month by month. The regime
years keep their own section (`regime_views`), from the CCW return."""

from __future__ import annotations

from typing import Any

from openbook.finance.model.pay_agency import PaySeries
from openbook.finance.pay_agency import PayAgency, get_pay_agency
from openbook.kernel.cache import remember
from openbook.kernel.database import Database
from openbook.kernel.table_writer import Cell
from openbook.web.charts import Chart, share_trend_chart
from openbook.web.pages.period import Period
from openbook.web.tables import Column, Kind, Link, Table

Row = list[Cell | Link]
M, D = Kind.MONEY, Kind.DECIMAL


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else ("yes" if value else "no")


def pay_agency_report(db: Database, period: Period) -> PayAgency:
    key = ("pay_agency", period.system_code, period.year.label, period.month, period.as_at)
    return remember(
        db,
        key,
        lambda: get_pay_agency(db, period.system_code, period.year, period.month, period.as_at),
    )


def pay_table(report: PayAgency, period: Period, codes: list[str] | None = None) -> Table:
    """Each member asked for (all by default, with the system) at the month: pay YTD by
    contract, agency against plan, agency's share YTD and in the month, the flags."""
    columns = [
        Column("Organisation"),
        Column("Substantive YTD", M, on_page=False),
        Column("Bank YTD", M, on_page=False),
        Column("Agency YTD", M),
        Column("Pay bill YTD", M, on_page=False),
        Column("Agency plan YTD", M, on_page=False),
        Column("Agency over plan YTD", M),
        Column("Agency forecast outturn", M, on_page=False),
        Column("Agency % of pay YTD", D),
        Column("Agency % of pay in month", D, on_page=False),
        Column("Above ceiling"),
        Column("Above plan"),
    ]

    def row(s: PaySeries, code: Link | str) -> Row:
        last = s.latest
        f = None if last is None else last.figures
        return [
            code,
            *(None if f is None else f.actual_ytd[c] for c in ("substantive", "bank", "agency")),
            None if f is None else f.pay_bill_ytd,
            None if f is None else f.agency_plan_ytd,
            None if last is None else last.agency_over_plan,
            None if f is None else f.agency_forecast,
            None if last is None else last.agency_pct_ytd,
            None if last is None else last.agency_pct_in_month,
            _yes_no(s.above_ceiling(report.ceiling_pct)),
            _yes_no(s.above_plan),
        ]

    def link(s: PaySeries) -> Link:
        return Link(s.code, period.organisation_url(s.code), s.name)

    chosen = [s for s in report.members if codes is None or s.code in codes]
    rows = [row(s, link(s)) for s in chosen if s.role == "Partner"]
    if codes is None:
        rows.append(row(report.system, report.system.code))
    rows += [row(s, link(s)) for s in chosen if s.role == "Associate"]
    legend = tuple((s.code, s.name) for s in chosen)
    if codes is None:
        legend += ((report.system.code, f"{report.system.name}: the partners added up"),)
    caption = f"Pay by contract and agency against plan, year to date, at {period.label}"
    order = (0, 8, 10, 11, 3, 6, 1, 2, 4, 5, 7, 9)  # the share and the flags first, for a phone
    return Table("pay-agency", caption, columns, rows, order=order, legend=legend)


def pay_trend_table(report: PayAgency, codes: list[str] | None = None) -> Table:
    """Agency's share of the pay bill YTD month by month: each member asked for (all by
    default), the system and the ceiling."""
    chosen = [s for s in report.members if codes is None or s.code in codes]
    columns = [
        Column("Month"),
        *(Column(f"{s.code} agency % YTD", D) for s in chosen),
        *(Column(f"{s.code} agency % in month", D, on_page=False) for s in chosen),
        Column(f"{report.system.code} (system) agency % YTD", D),
        Column("Ceiling %", D),
    ]
    rows: list[Row] = [
        [
            f"M{point.month}",
            *(s.months[i].agency_pct_ytd for s in chosen),
            *(s.months[i].agency_pct_in_month for s in chosen),
            point.agency_pct_ytd,
            report.ceiling_pct,
        ]
        for i, point in enumerate(report.system.months)
    ]
    caption = "Agency pay as a share of the pay bill, year to date, month by month"
    return Table("pay-agency-trend", caption, columns, rows)


def pay_chart(report: PayAgency, codes: list[str] | None, cache: dict[str, str]) -> Chart:
    chosen = [s for s in report.members if codes is None or s.code in codes]
    points = [
        (
            p.month,
            {
                **{s.code: s.months[i].agency_pct_ytd for s in chosen},
                f"{report.system.code} (system)": p.agency_pct_ytd,
            },
        )
        for i, p in enumerate(report.system.months)
    ]
    title = "Agency pay as a share of the pay bill, year to date"
    return share_trend_chart("pay-agency-trend", title, points, cache, report.ceiling_pct)


def pay_context(
    db: Database,
    period: Period,
    cache: dict[str, str],
    shown: bool,
    org_code: str | None = None,
) -> dict[str, Any]:
    """What the page's pay and agency section shows (`pay_report` None: not shown, as in a
    regime year) and its tables, to add to the page's downloads."""
    if not shown:
        return {"pay_report": None, "pay_tables": {}}
    report = pay_agency_report(db, period)
    codes = None if org_code is None else [org_code]
    tables = [pay_table(report, period, codes), pay_trend_table(report, codes)]
    flagged = [s for s in report.members if codes is None or s.code in codes]
    return {
        "pay_report": report,
        "pay_tables": {t.key: t for t in tables},
        "pay_chart": pay_chart(report, codes, cache),
        "pay_series": report.system if org_code is None else report.series(org_code),
        "pay_above_ceiling": [s for s in flagged if s.above_ceiling(report.ceiling_pct)],
        "pay_above_plan": [s for s in flagged if s.above_plan],
    }
