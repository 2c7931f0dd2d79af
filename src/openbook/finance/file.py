"""The monthly finance return file (CSV or XLSX) -> FinanceReturn and every problem in it.

Layout (docs/return-template.md): one row per account line, columns for plan,
actual and forecast; risks and mitigations as rows `risk.<ref>` / `mitigation.<ref>`
with a gross value and a likelihood. Every row repeats the organisation and
period so a row copied from another return is caught.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from openbook.finance.model.finance_return import (
    AMOUNT_COLUMNS,
    COMMENTARY_COLUMN,
    MAX_COMMENTARY,
    OVERALL,
    OVERALL_COMMENTARY_ROW,
    RETURN_COLUMNS,
    RISK_COLUMNS,
    FinanceReturn,
    ReturnLine,
    RiskItem,
    RiskKind,
)
from openbook.kernel.error import DataIssue
from openbook.kernel.number import parse_amount
from openbook.kernel.period import FinancialYear, parse_month
from openbook.kernel.table_reader import (
    RawTable,
    TableReader,
    check_header,
    load_table,
    parse_table_bytes,
)

RETURN_SHEET = "Return"
RISK_PREFIXES = {"risk.": RiskKind.RISK, "mitigation.": RiskKind.MITIGATION}


class _Reader(TableReader):
    """Reads the amounts of a return's cells."""

    def amount(self, index: int, column: str, blank_is_zero: bool) -> Decimal | None:
        text = self.cell(index, column)
        if not text:
            if blank_is_zero:
                return Decimal("0.00")
            self.report(
                index,
                column,
                f"{column!r} is empty; expected a number (0 if none)",
                expected="a number",
            )
            return None
        value, hint = parse_amount(text)
        if value is None:
            self.report(
                index,
                column,
                f"{column!r} is {text!r}; expected a number like 12500.00",
                found=text,
                expected="a number like 12500.00",
                **({"hint": hint} if hint else {}),
            )
        return value


def _read_period(reader: _Reader) -> tuple[str, FinancialYear, int] | None:
    """The organisation and period every row must agree on (taken from the first row)."""
    org_code = reader.cell(0, "org_code").upper()
    year_text, month_text = reader.cell(0, "financial_year"), reader.cell(0, "month")
    year = month = None
    try:
        year = FinancialYear.parse(year_text)
    except ValueError as error:
        reader.report(0, "financial_year", str(error), found=year_text, expected="like 2017/18")
    try:
        month = parse_month(month_text)
    except ValueError as error:
        reader.report(0, "month", str(error), found=month_text, expected="M1 to M12")
    if not org_code:
        reader.report(0, "org_code", "'org_code' is empty; expected an ODS code like RBD")
    for index in range(1, len(reader.table.rows)):
        for column, expected in (
            ("org_code", org_code),
            ("financial_year", year_text),
            ("month", month_text),
        ):
            found = reader.cell(index, column)
            if found.upper() != expected.upper():
                reader.report(
                    index,
                    column,
                    f"{column!r} is {found!r} but the return is for {expected!r}",
                    found=found,
                    expected=expected,
                )
    if year is None or month is None or not org_code:
        return None
    return org_code, year, month


def _read_risk(reader: _Reader, index: int, code: str, kind: RiskKind) -> RiskItem | None:
    for column in AMOUNT_COLUMNS:
        if reader.cell(index, column):
            reader.report(
                index,
                column,
                f"{code} is a {kind.value}: {column!r} must be empty; "
                "put its value in 'gross_value'",
            )
    gross = reader.amount(index, "gross_value", blank_is_zero=False)
    likelihood = reader.amount(index, "likelihood_pct", blank_is_zero=False)
    if likelihood is not None and not 0 <= likelihood <= 100:
        reader.report(
            index,
            "likelihood_pct",
            f"'likelihood_pct' is {likelihood}; expected a percentage from 0 to 100",
            found=str(likelihood),
            expected="0 to 100",
        )
        likelihood = None
    description = reader.cell(index, "description")
    if not description:
        reader.report(
            index, "description", f"{code} has no description; say what the {kind.value} is"
        )
    if gross is None or likelihood is None:
        return None
    return RiskItem(code.split(".", 1)[1], kind, description, gross, likelihood)


def _read_line(
    reader: _Reader, index: int, code: str, mandatory: frozenset[str]
) -> ReturnLine | None:
    for column in RISK_COLUMNS:
        if reader.cell(index, column):
            reader.report(
                index,
                column,
                f"{column!r} is only for risk and mitigation rows; {code} is an account line",
            )
    blank_is_zero = code not in mandatory
    amounts = {c: reader.amount(index, c, blank_is_zero) for c in AMOUNT_COLUMNS}
    if any(value is None for value in amounts.values()):
        return None
    values = {c: v for c, v in amounts.items() if v is not None}
    return ReturnLine.from_amounts(code, values, row=reader.table.row_numbers[index])


def _report_duplicates(reader: _Reader) -> set[str]:
    codes = [reader.cell(i, "line_code") for i in range(len(reader.table.rows))]
    repeated = {code for code, count in Counter(codes).items() if count > 1 and code}
    first_seen: dict[str, int] = {}
    for index, code in enumerate(codes):
        if code in repeated:
            if code in first_seen:
                reader.report(
                    index,
                    "line_code",
                    f"line {code!r} appears more than once (first on row {first_seen[code]})",
                    found=code,
                )
            else:
                first_seen[code] = reader.table.row_numbers[index]
    return repeated


# (org_code, financial_year) -> the input lines that must not be left blank
MandatoryLines = Callable[[str, FinancialYear], frozenset[str]]


def parse_return_table(
    table: RawTable, mandatory_lines: MandatoryLines
) -> tuple[FinanceReturn | None, list[DataIssue]]:
    """Structure and cells of a return. The chart itself is checked afterwards."""
    issues = check_header(table, RETURN_COLUMNS, optional=(COMMENTARY_COLUMN,))
    if issues:
        return None, issues
    if not table.rows:
        return None, [
            DataIssue(
                table.source, "has a header but no lines", expected="one row per account line"
            )
        ]
    reader = _Reader(table)
    period = _read_period(reader)
    _report_duplicates(reader)
    mandatory = mandatory_lines(period[0], period[1]) if period else frozenset()
    lines: list[ReturnLine] = []
    risks: list[RiskItem] = []
    commentary: list[tuple[str, str]] = []
    for index in range(len(table.rows)):
        code = reader.cell(index, "line_code")
        if not code:
            reader.report(index, "line_code", "'line_code' is empty")
            continue
        text = _read_commentary(reader, index)
        if code == OVERALL_COMMENTARY_ROW:
            _check_overall_row(reader, index)
            if text:
                commentary.append((OVERALL, text))
            continue
        if text:
            commentary.append((code, text))
        kind = next((k for p, k in RISK_PREFIXES.items() if code.startswith(p)), None)
        if kind is not None:
            risk = _read_risk(reader, index, code, kind)
            if risk is not None:
                risks.append(risk)
        else:
            line = _read_line(reader, index, code, mandatory)
            if line is not None:
                lines.append(line)
    if reader.issues or period is None:
        return None, reader.issues
    org_code, year, month = period
    return FinanceReturn(org_code, year, month, tuple(lines), tuple(risks), tuple(commentary)), []


def _read_commentary(reader: _Reader, index: int) -> str:
    text = " ".join(reader.cell(index, COMMENTARY_COLUMN).split())
    if len(text) > MAX_COMMENTARY:
        reader.report(
            index,
            COMMENTARY_COLUMN,
            f"'commentary' is {len(text)} characters; expected at most {MAX_COMMENTARY}",
            hint="keep the detail in board papers and summarise here",
        )
        return ""
    return text


def _check_overall_row(reader: _Reader, index: int) -> None:
    """The `commentary` row holds the overall narrative and nothing else."""
    for column in (*AMOUNT_COLUMNS, *RISK_COLUMNS):
        if reader.cell(index, column):
            reader.report(
                index,
                column,
                f"the {OVERALL_COMMENTARY_ROW!r} row is for the overall narrative; "
                f"{column!r} must be empty",
            )


def load_return(
    path: Path, mandatory_lines: MandatoryLines
) -> tuple[FinanceReturn | None, list[DataIssue]]:
    table, issues = load_table(path, RETURN_SHEET)
    if table is None or issues:
        return None, issues
    return parse_return_table(table, mandatory_lines)


def parse_return_bytes(
    data: bytes, source: str, mandatory_lines: MandatoryLines
) -> tuple[FinanceReturn | None, list[DataIssue]]:
    """Same as `load_return`, for an upload held in memory."""
    table, issues = parse_table_bytes(data, source, RETURN_SHEET)
    if table is None or issues:
        return None, issues
    return parse_return_table(table, mandatory_lines)
