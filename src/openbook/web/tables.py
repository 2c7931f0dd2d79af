"""Tables shown on pages and downloadable as CSV and XLSX.

A page builds `Table`s from raw values (money as Decimal pounds); the HTML shows £000
with brackets for negatives, the downloads keep pounds exact to the penny.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from fastapi import Response

from openbook.kernel.error import NotFoundError
from openbook.kernel.table_writer import Cell, Format, Sheet, render_csv, render_xlsx
from openbook.web.rendering import money, percent


class Kind(StrEnum):
    TEXT = "text"
    MONEY = "money"  # Decimal pounds; shown in £000
    NUMBER = "number"
    PERCENT = "percent"  # a Decimal share, 0.05 is 5%
    DECIMAL = "decimal"  # a measure to the decimals it is held to: WTE, days, 3.17 (per cent)


@dataclass(frozen=True)
class Column:
    """`on_page` False: in the downloads only (the page keeps to the columns that fit)."""

    label: str
    kind: Kind = Kind.TEXT
    on_page: bool = True

    @property
    def numeric(self) -> bool:
        return self.kind is not Kind.TEXT

    @property
    def heading(self) -> str:
        return f"{self.label} (£000)" if self.kind is Kind.MONEY else self.label

    @property
    def file_heading(self) -> str:
        return f"{self.label} (£)" if self.kind is Kind.MONEY else self.label

    @property
    def file_format(self) -> Format:
        """How the column shows in a workbook: pounds, a percentage of a fraction, a count."""
        return FILE_FORMATS[self.kind]


FILE_FORMATS = {
    Kind.TEXT: Format.GENERAL,
    Kind.MONEY: Format.POUNDS,
    Kind.NUMBER: Format.COUNT,
    Kind.PERCENT: Format.PERCENT,
    Kind.DECIMAL: Format.NUMBER,
}


@dataclass(frozen=True)
class Link:
    """`title`: the full name behind a short text (an ODS code), shown on hover. `value`:
    the number a linked figure stands for (the downloads keep it, not the text)."""

    text: str
    href: str
    title: str | None = None
    value: Cell = None

    @property
    def file_value(self) -> Cell:
        return self.text if self.value is None else self.value


def money_link(value: Decimal | None, href: str) -> Link | None:
    """A figure in £000 that drills down to the level below (None stays a blank cell)."""
    return None if value is None else Link(money(value), href, value=value)


@dataclass(frozen=True)
class Table:
    """`key` names the download: ?download=<key>.csv or <key>.xlsx on the page's own URL."""

    key: str
    caption: str
    columns: list[Column]
    rows: list[list[Cell | Link]]
    links: dict[int, list[Link]] = field(default_factory=dict)  # row index -> extra links
    order: tuple[int, ...] = ()  # the page's column order (key columns first); () as defined
    legend: tuple[tuple[str, str], ...] = ()  # (short text, what it stands for) under the table

    @property
    def page_columns(self) -> list[tuple[int, Column]]:
        """(index, column) of the columns the page shows, in the page's order."""
        order = self.order or tuple(range(len(self.columns)))
        return [(i, self.columns[i]) for i in order if self.columns[i].on_page]

    def shown(self, row: int, column: int) -> str:
        value = self.rows[row][column]
        kind = self.columns[column].kind
        if isinstance(value, Link):
            return value.text
        if kind is Kind.MONEY and (value is None or isinstance(value, Decimal | int)):
            return money(None if value is None else Decimal(value))
        if kind is Kind.PERCENT and (value is None or isinstance(value, Decimal)):
            return percent(value)
        if kind is Kind.DECIMAL and (value is None or isinstance(value, Decimal)):
            return measure(value)
        if kind is Kind.NUMBER and isinstance(value, int) and not isinstance(value, bool):
            return f"({-value:,})" if value < 0 else f"{value:,}"  # counts, as finance shows them
        return "" if value is None else str(value)

    def file_rows(self) -> list[list[Cell]]:
        return [
            [cell.file_value if isinstance(cell, Link) else cell for cell in row]
            for row in self.rows
        ]


def measure(value: Decimal | None) -> str:
    """A WTE, a count of days or a percentage figure to the decimals it is held to, with
    separators, negatives in brackets; a dash when unknown."""
    if value is None:
        return "—"
    return f"({-value:,})" if value < 0 else f"{value:,}"


DOWNLOAD = re.compile(r"^([a-z0-9-]+)\.(csv|xlsx)$")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download_response(tables: list[Table], download: str, name_prefix: str) -> Response:
    """The table named by `download` (e.g. 'positions.csv') as a file."""
    match = DOWNLOAD.match(download)
    table = next((t for t in tables if match and t.key == match.group(1)), None)
    if match is None or table is None:
        raise NotFoundError(f"there is no table {download!r} on this page")
    header = [column.file_heading for column in table.columns]
    suffix = match.group(2)
    if suffix == "csv":
        data = render_csv(header, table.file_rows())
    else:
        formats = [column.file_format for column in table.columns]
        data = render_xlsx([Sheet(table.key[:31], header, table.file_rows(), formats)])
    filename = f"{name_prefix}-{table.key}.{suffix}".replace("/", "-")
    return Response(
        data,
        media_type=MEDIA_TYPES[suffix],
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )
