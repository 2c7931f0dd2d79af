"""The whole book of a system for a year: every organisation's return lines and every
month's position, as one workbook (a sheet for the system and one per organisation) or as
Parquet for analysts (one row per organisation, month and line, pounds to the penny)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openbook.finance import store as returns
from openbook.finance.model.finance_return import FinanceReturn
from openbook.finance.model.position import Position
from openbook.finance.position_report import (
    POSITION_ADDITIONS,
    SystemPosition,
    latest_month_with_returns,
    read_system_position,
)
from openbook.finance.submit import get_chart
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear, month_label
from openbook.kernel.table_writer import Cell, Format, Sheet, render_xlsx

SUFFIXES = (".xlsx", ".parquet")
MEDIA_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".parquet": "application/vnd.apache.parquet",
}


@dataclass(frozen=True)
class OrganisationBook:
    code: str
    name: str
    membership: str
    descriptions: dict[str, str]
    returns: tuple[tuple[int, FinanceReturn], ...]  # (month, the latest version for it)


@dataclass(frozen=True)
class Book:
    system_code: str
    system_name: str
    financial_year: FinancialYear
    positions: tuple[SystemPosition, ...]  # M1 to the latest month with a return
    organisations: tuple[OrganisationBook, ...]  # partners, then associates


def get_book(db: Database, system_code: str, year: FinancialYear) -> Book:
    """Every month's position and every organisation's latest return for each month."""
    latest = latest_month_with_returns(db, system_code.upper(), year)
    if latest is None:
        raise NotFoundError(f"system {system_code.upper()} has no returns in {year.label}")
    with db.reading() as session:
        positions = tuple(
            read_system_position(
                session,
                system_code.upper(),
                year,
                month,
                additions=db.extensions.get(POSITION_ADDITIONS),
            )
            for month in range(1, latest + 1)
        )
        last = positions[-1]
        members = [(p, "Partner") for p in last.organisations] + [
            (p, "Associate") for p in last.associates
        ]
        by_month = {
            month: returns.get_latest_returns(session, [p.code for p, _ in members], year, month)
            for month in range(1, latest + 1)
        }
        books = tuple(
            OrganisationBook(
                p.code,
                p.name,
                membership,
                {line.line_code: line.description for line in get_chart(session, p.code, year)},
                tuple(
                    (month, found[p.code][0])
                    for month, found in by_month.items()
                    if p.code in found
                ),
            )
            for p, membership in members
        )
    return Book(last.system.system_code, last.system.name, year, positions, books)


POSITION_HEADER = (
    "Month",
    "ODS code",
    "Organisation",
    "Membership",
    "Control total (£000)",
    "Forecast outturn (£000)",
    "Gap (£000)",
    "RAG",
    "YTD plan (£000)",
    "YTD actual (£000)",
    "YTD variance (£000)",
    "CIP delivered YTD (%)",
    "Sustainability funding (£000)",
    "Funding at risk (£000)",
    "Return version",
)
LINE_HEADER = (
    "Month",
    "Line",
    "Description",
    "Annual plan (£000)",
    "YTD plan (£000)",
    "YTD actual (£000)",
    "YTD variance (£000)",
    "Forecast outturn (£000)",
)


def _position_row(position: Position, membership: str) -> list[Cell]:
    cip = position.cip_plan_ytd
    return [
        month_label(position.month),
        position.code,
        position.name,
        membership,
        position.control_total,
        position.forecast_outturn if position.has_return else None,
        position.gap,
        position.rag.value,
        position.ytd_plan,
        position.ytd_actual,
        position.ytd_variance,
        None if not cip else position.cip_actual_ytd / cip,
        position.sustainability_funding,
        position.sustainability_at_risk,
        position.return_version,
    ]


def system_sheet(book: Book) -> Sheet:
    rows = [
        _position_row(position, membership)
        for report in book.positions
        for position, membership in [
            *((p, "Partner") for p in report.organisations),
            (report.position, "System total"),
            *((p, "Associate") for p in report.associates),
        ]
    ]
    formats = [Format.COUNT if h == "Return version" else None for h in POSITION_HEADER]
    return Sheet("System", POSITION_HEADER, rows, formats)


def organisation_sheet(organisation: OrganisationBook) -> Sheet:
    rows: list[list[Cell]] = [
        [
            month_label(month),
            line.line_code,
            organisation.descriptions.get(line.line_code, ""),
            line.annual_plan,
            line.plan_ytd,
            line.actual_ytd,
            line.actual_ytd - line.plan_ytd,
            line.forecast_outturn,
        ]
        for month, finance_return in organisation.returns
        for line in finance_return.lines
    ]
    return Sheet(organisation.code, LINE_HEADER, rows)


def render_book_xlsx(book: Book) -> bytes:
    return render_xlsx([system_sheet(book), *(organisation_sheet(o) for o in book.organisations)])


PARQUET_COLUMNS = (
    "system_code",
    "financial_year",
    "month",
    "org_code",
    "organisation",
    "membership",
    "line_code",
    "description",
    "annual_plan",
    "plan_ytd",
    "actual_ytd",
    "ytd_variance",
    "forecast_outturn",
)


def book_records(book: Book) -> list[tuple[object, ...]]:
    """One record per organisation, month and line: amounts in pounds to the penny."""
    return [
        (
            book.system_code,
            book.financial_year.label,
            month,
            o.code,
            o.name,
            o.membership,
            line.line_code,
            o.descriptions.get(line.line_code, ""),
            line.annual_plan,
            line.plan_ytd,
            line.actual_ytd,
            line.actual_ytd - line.plan_ytd,
            line.forecast_outturn,
        )
        for o in book.organisations
        for month, finance_return in o.returns
        for line in finance_return.lines
    ]


def render_book_parquet(book: Book) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    money = pa.decimal128(18, 2)
    types = [pa.string(), pa.string(), pa.int8(), *[pa.string()] * 5, *[money] * 5]
    records = book_records(book)
    columns = {
        name: pa.array([record[index] for record in records], type=kind)
        for index, (name, kind) in enumerate(zip(PARQUET_COLUMNS, types, strict=True))
    }
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


def render_book(book: Book, suffix: str) -> bytes:
    """The book as .xlsx or .parquet bytes."""
    if suffix == ".xlsx":
        return render_book_xlsx(book)
    if suffix == ".parquet":
        return render_book_parquet(book)
    raise OpenbookError(
        f"cannot write the book as {suffix or 'a file without an extension'}",
        hint="name the file .xlsx (a workbook) or .parquet (for analysts)",
    )


def book_filename(book: Book, suffix: str) -> str:
    year = book.financial_year.label.replace("/", "-")
    return f"{book.system_code}-{year}-book{suffix}"


def export_book(db: Database, system_code: str, year: FinancialYear, suffix: str) -> bytes:
    """The use case the CLI, the page and the API share."""
    if suffix not in SUFFIXES:
        return render_book(Book("", "", year, (), ()), suffix)  # raises: the hint
    return render_book(get_book(db, system_code, year), suffix)
