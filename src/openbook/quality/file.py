"""The monthly quality return file (CSV or XLSX) -> QualityReturn and every problem in it.

One row per measure: org_code, financial_year, month, measure, numerator, denominator and
an optional note. Every row repeats the organisation and period so a row copied from
another return is caught; every problem is reported at once with its row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openbook.kernel.error import DataIssue
from openbook.kernel.period import FinancialYear, parse_month
from openbook.kernel.table_reader import RawTable, TableReader, check_header, load_table
from openbook.quality.metrics import BY_CODE, MEASURES, Measure, MeasureKind

RETURN_SHEET = "Quality"
COLUMNS = ("org_code", "financial_year", "month", "measure", "numerator", "denominator")
OPTIONAL = ("note",)


@dataclass(frozen=True)
class QualityLine:
    measure: Measure
    numerator: Decimal
    denominator: Decimal
    note: str = ""

    @property
    def value(self) -> float:
        ratio = float(self.numerator / self.denominator)
        return ratio * 100 if self.measure.kind is MeasureKind.PROPORTION else ratio


@dataclass(frozen=True)
class QualityReturn:
    org_code: str
    year: FinancialYear
    month: int
    lines: tuple[QualityLine, ...]

    def line(self, code: str) -> QualityLine | None:
        return next((line for line in self.lines if line.measure.code == code), None)


def template_csv(org_code: str, year: FinancialYear, month: int) -> str:
    """A blank return: one row per measure, the counts to fill in."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, *OPTIONAL))
    for measure in MEASURES:
        writer.writerow((org_code, str(year), f"M{month}", measure.code, "", "", ""))
    return out.getvalue()


def _count(reader: TableReader, index: int, column: str, whole: bool) -> Decimal | None:
    text = reader.cell(index, column).replace(",", "")
    expected = "a whole number" if whole else "a number"
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        reader.report(index, column, f"{column!r} is {text!r}; expected {expected}",
                      found=text, expected=expected)  # fmt: skip
        return None
    if value < 0:
        reader.report(index, column, f"{column!r} is negative", found=text, expected=expected)
        return None
    if whole and value != value.to_integral_value():
        reader.report(index, column, f"{column!r} is {text}; expected a whole count",
                      found=text, expected=expected)  # fmt: skip
        return None
    return value


def _line(reader: TableReader, index: int) -> QualityLine | None:
    code = reader.cell(index, "measure")
    measure = BY_CODE.get(code)
    if measure is None:
        reader.report(index, "measure", f"measure {code!r} is not one openbook knows",
                      found=code, expected=", ".join(BY_CODE))  # fmt: skip
        return None
    whole_numerator = measure.kind is not MeasureKind.MEAN
    numerator = _count(reader, index, "numerator", whole_numerator)
    denominator = _count(reader, index, "denominator", measure.kind is not MeasureKind.RATIO)
    if denominator == 0:  # reported even when the numerator is bad too
        reader.report(index, "denominator", f"{measure.denominator} is 0; expected more than 0",
                      found="0", expected="more than 0")  # fmt: skip
        return None
    if numerator is None or denominator is None:
        return None
    if measure.kind is MeasureKind.PROPORTION and numerator > denominator:
        reader.report(index, "numerator",
                      f"{measure.numerator} ({numerator}) exceeds {measure.denominator} "
                      f"({denominator})", found=str(numerator),
                      expected=f"at most {denominator}")  # fmt: skip
        return None
    return QualityLine(measure, numerator, denominator, reader.cell(index, "note"))


def read_return(table: RawTable, org_codes: set[str] | None = None
                ) -> tuple[QualityReturn | None, list[DataIssue]]:  # fmt: skip
    """The return in a table, or every problem in it (never both)."""
    issues = check_header(table, COLUMNS, OPTIONAL)
    if issues:
        return None, issues
    if not table.rows:
        return None, [DataIssue(table.source, "has no rows", expected="one row per measure")]
    reader = TableReader(table)
    org_code = reader.cell(0, "org_code").upper()
    if org_codes is not None and org_code not in org_codes:
        reader.report(0, "org_code", f"organisation {org_code!r} is not a provider of the system",
                      found=org_code, expected=", ".join(sorted(org_codes)))  # fmt: skip
    year: FinancialYear | None = None
    month: int | None = None
    try:
        year = FinancialYear.parse(reader.cell(0, "financial_year"))
    except ValueError as error:
        reader.report(0, "financial_year", str(error), expected="like 2018/19")
    try:
        month = parse_month(reader.cell(0, "month"))
    except ValueError as error:
        reader.report(0, "month", str(error), expected="M1 to M12")
    lines: list[QualityLine] = []
    seen: dict[str, int] = {}
    for index in range(len(table.rows)):
        for column, first in (("org_code", org_code),
                              ("financial_year", reader.cell(0, "financial_year")),
                              ("month", reader.cell(0, "month"))):  # fmt: skip
            found = reader.cell(index, column)
            if index and found.upper() != first.upper():
                reader.report(index, column, f"{column} is {found!r} but the first row says "
                              f"{first!r}; one return is one organisation and month",
                              found=found, expected=first)  # fmt: skip
        code = reader.cell(index, "measure")
        if code in seen:
            reader.report(index, "measure", f"measure {code!r} is also on row {seen[code]}",
                          found=code)  # fmt: skip
            continue
        seen[code] = table.row_numbers[index]
        line = _line(reader, index)
        if line is not None:
            lines.append(line)
    if reader.issues or year is None or month is None:
        return None, reader.issues
    return QualityReturn(org_code, year, month, tuple(lines)), []


def load_return(path: Path, org_codes: set[str] | None = None
                ) -> tuple[QualityReturn | None, list[DataIssue]]:  # fmt: skip
    table, issues = load_table(path, RETURN_SHEET)
    if table is None:
        return None, issues
    return read_return(table, org_codes)
