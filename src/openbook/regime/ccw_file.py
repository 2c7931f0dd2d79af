"""The capital, cash and workforce return as a file (.csv or .xlsx, sheet `CCW`) →
(CcwReturn, issues); and the blank template. Every problem is reported at once, with its
row and column; nothing is stored unless the whole file is valid."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from openbook.kernel.error import DataIssue
from openbook.kernel.money import parse_money
from openbook.kernel.period import FinancialYear, parse_month
from openbook.kernel.table_reader import TableReader, check_header, parse_table_bytes
from openbook.kernel.table_writer import Cell, Sheet, render_csv, render_xlsx
from openbook.regime.model.ccw import (
    BPPC_INVOICES_LINE,
    BPPC_ON_TIME_LINE,
    CCW_COLUMNS,
    CCW_LINES,
    FILE_COLUMNS,
    LINE_SPECS,
    CcwLine,
    CcwReturn,
    Unit,
)
from openbook.regime.model.icb import ICB_LINES, ICB_SPECS, RUNNING_COST_ALLOWANCE, is_icb_line
from openbook.regime.model.staff_group import (
    STAFF_GROUP_LINES,
    STAFF_GROUP_SPECS,
    STAFF_GROUPS,
    check_staff_group_totals,
    is_staff_group_line,
    staff_group_line,
)

CCW_SHEET = "CCW"
TWO_PLACES = Decimal("0.01")


def _value(reader: TableReader, index: int, column: str, unit: Unit) -> Decimal:
    text = reader.cell(index, column).strip()
    if not text:
        return Decimal(0)
    if unit is Unit.POUNDS:
        value = parse_money(text)
        if value is None:
            reader.report(index, column, f"{column!r} is {text!r}", expected=unit.expected)
            return Decimal(0)
        return value
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        number = Decimal(-1)
    whole = unit is Unit.COUNT and number != number.to_integral_value()
    if not number.is_finite() or number < 0 or whole or number != number.quantize(TWO_PLACES):
        reader.report(index, column, f"{column!r} is {text!r}", expected=unit.expected)
        return Decimal(0)
    return number


def _period(reader: TableReader) -> tuple[str, FinancialYear | None, int | None]:
    """The organisation and period of the first row; every other row must say the same."""
    org, year_text, month_text = (reader.cell(0, c).strip() for c in FILE_COLUMNS[:3])
    year = month = None
    try:
        year = FinancialYear.parse(year_text)
    except ValueError as error:
        reader.report(0, "financial_year", str(error), expected="a year like 2026/27")
    try:
        month = parse_month(month_text)
    except ValueError as error:
        reader.report(0, "month", str(error), expected="1-12 or M1-M12")
    if not org:
        reader.report(0, "org_code", "'org_code' is empty", expected="an ODS code like RBD")
    for index in range(1, len(reader.table.rows)):
        for column, first in zip(FILE_COLUMNS[:3], (org, year_text, month_text), strict=True):
            found = reader.cell(index, column).strip()
            if found != first:
                reader.report(
                    index, column, f"{column!r} is {found!r}, not {first!r} as on the first row"
                )
    return org.upper(), year, month


def _lines(reader: TableReader) -> dict[str, CcwLine]:
    lines: dict[str, CcwLine] = {}
    for index in range(len(reader.table.rows)):
        code = reader.cell(index, "line_code").strip()
        spec = LINE_SPECS.get(code) or ICB_SPECS.get(code) or STAFF_GROUP_SPECS.get(code)
        if spec is None:
            reader.report(
                index,
                "line_code",
                f"'line_code' {code!r} is not a line of the CCW return",
                hint="start from `openbook regime template`",
            )
            continue
        if code in lines:
            reader.report(index, "line_code", f"line {code!r} appears more than once")
            continue
        values = {c: _value(reader, index, c, spec.unit) for c in CCW_COLUMNS}
        lines[code] = CcwLine(code, **values)
    return lines


def parse_ccw_bytes(data: bytes, source: str) -> tuple[CcwReturn | None, list[DataIssue]]:
    table, issues = parse_table_bytes(data, source, CCW_SHEET)
    if table is None:
        return None, issues
    issues = check_header(table, FILE_COLUMNS)
    if issues:
        return None, issues
    if not table.rows:
        return None, [DataIssue(source, "has no lines", row=2, hint="every CCW line is needed")]
    reader = TableReader(table)
    org, year, month = _period(reader)
    lines = _drop_blank_staff_groups(_lines(reader))
    missing = [spec.line_code for spec in CCW_LINES if spec.line_code not in lines]
    if any(is_icb_line(code) for code in lines):  # a commissioner's: its section whole
        missing += [spec.line_code for spec in ICB_LINES if spec.line_code not in lines]
    if missing:
        reader.issues.append(
            DataIssue(source, f"is missing line(s) {', '.join(missing)}", expected="every line")
        )
    _check_staff_groups(reader, lines)
    _check_allowance(reader, lines)
    invoices, on_time = lines.get(BPPC_INVOICES_LINE), lines.get(BPPC_ON_TIME_LINE)
    if invoices is not None and on_time is not None and on_time.actual > invoices.actual:
        reader.issues.append(
            DataIssue(
                source,
                f"{BPPC_ON_TIME_LINE} ({on_time.actual}) is more than {BPPC_INVOICES_LINE} "
                f"({invoices.actual})",
                column=table.column_letter("actual"),
                expected="invoices paid within 30 days at most the invoices paid",
            )
        )
    if reader.issues or year is None or month is None:
        return None, reader.issues
    ordered = tuple(
        lines[spec.line_code]
        for spec in (*CCW_LINES, *ICB_LINES, *STAFF_GROUP_LINES)
        if spec.line_code in lines
    )
    return CcwReturn(org, year, month, ordered), []


def _drop_blank_staff_groups(lines: dict[str, CcwLine]) -> dict[str, CcwLine]:
    """A staff-group section left blank (every figure 0, as the template has it) is not
    given."""
    groups = [line for code, line in lines.items() if is_staff_group_line(code)]
    if any(line.amount(c) != 0 for line in groups for c in CCW_COLUMNS):
        return lines
    return {code: line for code, line in lines.items() if not is_staff_group_line(code)}


def _row_of(reader: TableReader, code: str) -> int:
    return next(
        i for i in range(len(reader.table.rows)) if reader.cell(i, "line_code").strip() == code
    )


def _check_staff_groups(reader: TableReader, lines: dict[str, CcwLine]) -> None:
    """Staff groups: none, or every line, each contract's adding up to its total."""
    if not any(is_staff_group_line(code) for code in lines):
        return
    missing = [spec.line_code for spec in STAFF_GROUP_LINES if spec.line_code not in lines]
    if missing:
        reader.issues.append(
            DataIssue(
                reader.table.source,
                f"is missing staff-group line(s) {', '.join(missing)}",
                expected="every staff-group line, or none",
                hint="start from `openbook regime template`",
            )
        )
    for m in check_staff_group_totals(lines):
        kind, contract = m.total_line.split(".")
        if m.total_line not in lines or any(
            staff_group_line(kind, g, contract) not in lines for g in STAFF_GROUPS
        ):
            continue  # a line reported missing
        reader.report(
            _row_of(reader, m.total_line),
            m.column,
            f"the staff groups' {kind}.*.{contract} {m.column!r} add up to {m.groups_sum:.2f}, "
            f"not {m.total:.2f} as on {m.total_line}",
            expected=f"the staff groups adding up to the {contract} total",
        )


def _check_allowance(reader: TableReader, lines: dict[str, CcwLine]) -> None:
    """A commissioner's running cost allowance is a positive amount (the year's)."""
    allowance = lines.get(RUNNING_COST_ALLOWANCE)
    if allowance is not None and allowance.plan <= 0:
        reader.report(
            _row_of(reader, RUNNING_COST_ALLOWANCE),
            "plan",
            f"the running cost allowance is {allowance.plan:.2f}",
            expected="the year's allowance, more than 0",
        )


def ccw_rows(
    org_code: str,
    year: FinancialYear,
    month: int,
    r: CcwReturn | None,
    commissioner: bool = False,
) -> list[list[Cell]]:
    """The return's rows (blank figures for a template); a commissioner's (or a return
    with them) add the ICB lines; a template, or a return with them, the staff groups."""
    icb = commissioner or (r is not None and any(is_icb_line(x.line_code) for x in r.lines))
    groups = r is None or any(is_staff_group_line(x.line_code) for x in r.lines)
    specs = (*CCW_LINES, *(ICB_LINES if icb else ()), *(STAFF_GROUP_LINES if groups else ()))
    return [
        [
            org_code,
            year.label,
            month,
            spec.line_code,
            spec.description,
            *(None if r is None else f"{r.amount(spec.line_code, c):.2f}" for c in CCW_COLUMNS),
        ]
        for spec in specs
    ]


def render_ccw(rows: list[list[Cell]], suffix: str) -> bytes:
    """A .csv or .xlsx file of the rows (the caller has checked the suffix)."""
    if suffix == ".xlsx":
        return render_xlsx([Sheet(CCW_SHEET, FILE_COLUMNS, rows)])
    return render_csv(FILE_COLUMNS, rows)
