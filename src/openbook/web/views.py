"""The tables of the overview and organisation pages, built from service results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from openbook.activity.headline import AeHeadline
from openbook.finance.model.finance_return import FinanceReturn, RiskKind
from openbook.finance.model.position import Position, Rag
from openbook.finance.position_report import SystemPosition
from openbook.kernel.table_writer import Cell
from openbook.web.pages.period import Period
from openbook.web.tables import Column, Kind, Link, Table, money_link

Row = list[Cell | Link]

RAG_LABELS = {
    Rag.GREEN: ("Green", "nhsuk-tag--green", "on track, after risks and mitigations"),
    Rag.AMBER: ("Amber", "nhsuk-tag--orange", "on track only before net risks"),
    Rag.RED: ("Red", "nhsuk-tag--red", "forecast below control total"),
    Rag.GREY: ("Grey", "nhsuk-tag--grey", "no return or no control total"),
}

M = Kind.MONEY


def _position_row(
    position: Position, code: Link | str, name: str, role: str, href: str | None = None
) -> Row:
    """`href`: where the row's figures drill down to (the organisation's lines)."""

    def figure(value: Decimal | None) -> Cell | Link:
        return value if href is None else money_link(value, href)

    return [
        code,
        name,
        role,
        position.control_total,
        figure(position.forecast_outturn if position.has_return else None),
        figure(position.gap),
        RAG_LABELS[position.rag][0],
        position.ytd_plan,
        figure(position.ytd_actual),
        figure(position.ytd_variance),
        position.sustainability_funding,
        position.sustainability_at_risk,
        position.return_version,
    ]


# The page shows the key columns first and fits 1280 px (ODS codes, full names in a legend
# and on hover); the downloads keep every column in their own order.
POSITION_PAGE_ORDER = (0, 6, 5, 4, 3, 9, 10, 11)


def positions_table(report: SystemPosition, period: Period) -> Table:
    columns = [
        Column("Organisation"),
        Column("Name", on_page=False),
        Column("Membership", on_page=False),
        Column("Control total", M),
        Column("Forecast outturn", M),
        Column("Gap", M),
        Column("RAG"),
        Column("YTD plan", M, on_page=False),
        Column("YTD actual", M, on_page=False),
        Column("YTD variance", M),
        Column("Sustainability funding", M),
        Column("Funding at risk", M),
        Column("Return version", Kind.NUMBER, on_page=False),
    ]

    def link(p: Position) -> Link:
        return Link(p.code, period.organisation_url(p.code), p.name)

    def lines(p: Position) -> str:
        return f"{period.organisation_url(p.code)}#table-lines"

    rows = [_position_row(p, link(p), p.name, "Partner", lines(p)) for p in report.organisations]
    system = report.system
    rows.append(_position_row(report.position, system.system_code, system.name, "System total"))
    rows += [_position_row(p, link(p), p.name, "Associate", lines(p)) for p in report.associates]
    legend = (
        *((p.code, p.name) for p in report.organisations),
        (system.system_code, f"{system.name}: the system, the sum of the partners"),
        *((p.code, f"{p.name} (associate: outside the system control total)")
          for p in report.associates),
    )  # fmt: skip
    caption = f"Positions at {period.label}: partners, the system (their sum), associates"
    return Table("positions", caption, columns, rows, order=POSITION_PAGE_ORDER, legend=legend)


def lines_table(
    latest: FinanceReturn | None,
    descriptions: dict[str, str],
    line_url: Callable[[str], str] | None = None,
) -> Table:
    """`line_url`: where a line drills down to (its page, month by month)."""
    columns = [
        Column("Line"),
        Column("Code"),
        Column("Annual plan", M),
        Column("YTD plan", M),
        Column("YTD actual", M),
        Column("YTD variance (actual less plan)", M),
        Column("Forecast outturn", M),
    ]
    page_order = (0, 5, 6, 4, 3, 2, 1)  # variance and forecast beside the line, the code last
    rows: list[Row] = []
    order = {code: index for index, code in enumerate(descriptions)}
    lines = sorted(latest.lines if latest else (), key=lambda x: order.get(x.line_code, 999))
    for line in lines:
        name = descriptions.get(line.line_code, line.line_code)
        href = None if line_url is None else line_url(line.line_code)

        def figure(value: Decimal, href: str | None = href) -> Cell | Link:
            return value if href is None else money_link(value, href)

        rows.append(
            [
                name if href is None else Link(name, href),
                line.line_code,
                line.annual_plan,
                figure(line.plan_ytd),
                figure(line.actual_ytd),
                figure(line.actual_ytd - line.plan_ytd),
                figure(line.forecast_outturn),
            ]
        )
    caption = "Income and expenditure, year to date and forecast (latest return)"
    return Table("lines", caption, columns, rows, order=page_order)


def cip_table(position: Position) -> Table:
    rows: list[Row] = [
        ["Annual plan", position.cip_plan_annual],
        ["Plan year to date", position.cip_plan_ytd],
        ["Delivered year to date: recurrent", position.cip_recurrent_ytd],
        ["Delivered year to date: non-recurrent", position.cip_non_recurrent_ytd],
        ["Delivered year to date: total", position.cip_actual_ytd],
        ["Variance year to date (delivered less plan)", position.cip_variance_ytd],
        ["Forecast for the year", position.cip_forecast],
    ]
    caption = "Cost improvement programme (CIP) delivery"
    return Table("cip", caption, [Column("Measure"), Column("Amount", M)], rows)


def risks_table(latest: FinanceReturn | None) -> Table:
    columns = [
        Column("Reference"),
        Column("Kind"),
        Column("Description"),
        Column("Gross value", M),
        Column("Likelihood", Kind.PERCENT),
        Column("Net value", M),
    ]
    rows: list[Row] = [
        [
            item.ref,
            "Risk" if item.kind is RiskKind.RISK else "Mitigation",
            item.description,
            item.gross_value,
            item.likelihood_pct / Decimal(100),
            item.net_value,
        ]
        for item in (latest.risks if latest else ())
    ]
    caption = "Risks and mitigations to the forecast (net value is gross times likelihood)"
    return Table("risks", caption, columns, rows)


class ReturnVersionLike(Protocol):
    """What the history table reads of a stored return version."""

    @property
    def version(self) -> int: ...
    @property
    def submitted_at(self) -> datetime: ...
    @property
    def submitted_by(self) -> str: ...
    @property
    def source_name(self) -> str: ...
    @property
    def content_hash(self) -> str: ...


def history_table(
    history: Sequence[tuple[ReturnVersionLike, FinanceReturn]], period: Period, org_code: str
) -> Table:
    from openbook.finance.model.account import CONTROL_TOTAL_LINE

    columns = [
        Column("Version", Kind.NUMBER),
        Column("Submitted (UTC)"),
        Column("By"),
        Column("File"),
        Column("YTD actual", M),
        Column("Forecast outturn", M),
        Column("Content hash"),
    ]
    rows: list[Row] = []
    links: dict[int, list[Link]] = {}
    base = f"/systems/{period.system_code}/organisations/{org_code}/returns"
    for index, (version, finance_return) in enumerate(reversed(history)):
        rows.append(
            [
                version.version,
                version.submitted_at.strftime("%Y-%m-%d %H:%M"),
                version.submitted_by,
                version.source_name,
                finance_return.amount(CONTROL_TOTAL_LINE, "actual_ytd"),
                finance_return.amount(CONTROL_TOTAL_LINE, "forecast_outturn"),
                version.content_hash[:12],
            ]
        )
        links[index] = [
            Link(
                f"CSV of version {version.version}", f"{base}/{version.version}.csv?{period.query}"
            ),
            Link(
                f"XLSX of version {version.version}",
                f"{base}/{version.version}.xlsx?{period.query}",
            ),
        ]
    caption = f"Submission history for {period.label}: every version is kept (latest first)"
    return Table("history", caption, columns, rows, links)


def ae_table(headlines: Sequence[AeHeadline], names: dict[str, str], period: Period) -> Table:
    columns = [
        Column("Provider"),
        Column("A&E attendances", Kind.NUMBER),
        Column("Same month last year", Kind.NUMBER),
        Column("Change", Kind.PERCENT),
        Column("Seen within 4 hours", Kind.PERCENT),
        Column("95% standard met"),
    ]
    rows: list[list[Cell | Link]] = [
        [
            Link(
                f"{names.get(h.provider_code, h.provider_code)} ({h.provider_code})",
                period.organisation_url(h.provider_code),
            ),
            h.attendances,
            h.attendances_last_year,
            h.change,
            h.four_hour,
            "yes" if h.meets_standard else "no",
        ]
        for h in headlines
    ]
    caption = f"A&E activity at {period.label}, all types (NHS England data)"
    return Table("ae", caption, columns, rows)
