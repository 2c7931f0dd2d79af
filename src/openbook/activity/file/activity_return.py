"""The monthly activity return: one provider's counts by commissioner, point of delivery
and month, with contracted plan volumes where agreed (CSV or XLSX, docs/activity-formats.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openbook.activity.file.cell import CellReader, check_duplicates
from openbook.activity.model.activity import POINTS_OF_DELIVERY, ActivityCount
from openbook.kernel.error import DataIssue
from openbook.kernel.period import FinancialYear, month_start, parse_month
from openbook.kernel.table_reader import RawTable, check_header, load_table, parse_table_bytes

RETURN_COLUMNS = ("provider_code", "commissioner_code", "financial_year", "month", "pod", "actual")
OPTIONAL_COLUMNS = ("plan",)
ACTIVITY_SHEET = "Activity"


@dataclass(frozen=True)
class ActivityReturn:
    provider_code: str
    financial_year: FinancialYear
    actuals: tuple[ActivityCount, ...]
    plans: tuple[ActivityCount, ...]  # contracted volumes


def _period(reader: CellReader, index: int, today: date) -> tuple[FinancialYear, date] | None:
    year_text, month_text = reader.cell(index, "financial_year"), reader.cell(index, "month")
    try:
        year = FinancialYear.parse(year_text)
        month = parse_month(month_text)
    except ValueError as error:
        reader.report(index, None, str(error), found=f"{year_text} {month_text}")
        return None
    start = month_start(year, month)
    if start > today and reader.cell(index, "actual"):
        reader.report(
            index,
            "month",
            f"{year.label} {month_text} has not started yet, so it cannot have actual activity",
            expected=f"a month up to {today.strftime('%Y-%m')}",
        )
        return None
    return year, start


def _read_row(
    reader: CellReader, index: int, today: date
) -> tuple[str, FinancialYear, ActivityCount | None, ActivityCount | None] | None:
    provider = reader.org_code(index, "provider_code")
    commissioner = reader.org_code(index, "commissioner_code")
    pod = reader.choice(index, "pod", tuple(POINTS_OF_DELIVERY))
    period = _period(reader, index, today)
    actual = reader.count(index, "actual", optional=True)
    plan = reader.count(index, "plan", optional=True)
    if not reader.cell(index, "actual") and not reader.cell(index, "plan"):
        reader.report(index, "actual", "the row has neither an actual nor a plan count")
        return None
    if provider is None or commissioner is None or pod is None or period is None:
        return None
    year, start = period

    def count(value: int | None) -> ActivityCount | None:
        return None if value is None else ActivityCount(provider, commissioner, pod, start, value)

    return provider, year, count(actual), count(plan)


def parse_activity_return(
    table: RawTable, today: date
) -> tuple[ActivityReturn | None, list[DataIssue]]:
    issues = check_header(table, RETURN_COLUMNS, OPTIONAL_COLUMNS)
    if issues:
        return None, issues
    if not table.rows:
        return None, [DataIssue(table.source, "has a header but no rows")]
    reader = CellReader(table)
    actuals: list[tuple[int, ActivityCount]] = []
    plans: list[tuple[int, ActivityCount]] = []
    providers: dict[str, int] = {}
    years: dict[str, int] = {}
    for index in range(len(table.rows)):
        read = _read_row(reader, index, today)
        if read is None:
            continue
        provider, year, actual, plan = read
        row_number = table.row_numbers[index]
        providers.setdefault(provider, row_number)
        years.setdefault(year.label, row_number)
        if actual is not None:
            actuals.append((row_number, actual))
        if plan is not None:
            plans.append((row_number, plan))
    issues = reader.issues + check_duplicates(actuals, table, "activity")
    issues += check_duplicates(plans, table, "plan")
    for what, found in (("provider", providers), ("financial year", years)):
        if len(found) > 1:
            listed = ", ".join(f"{code} (row {row})" for code, row in found.items())
            issues.append(
                DataIssue(
                    table.source,
                    f"covers more than one {what}: {listed}",
                    hint=f"a return is for one {what}; split the file",
                )
            )
    if issues:
        return None, issues
    return (
        ActivityReturn(
            next(iter(providers)),
            FinancialYear.parse(next(iter(years))),
            tuple(count for _, count in actuals),
            tuple(count for _, count in plans),
        ),
        [],
    )


def load_activity_return(path: Path, today: date) -> tuple[ActivityReturn | None, list[DataIssue]]:
    table, issues = load_table(path, ACTIVITY_SHEET)
    if table is None:
        return None, issues
    parsed, more = parse_activity_return(table, today)
    return parsed, issues + more


def parse_activity_return_bytes(
    data: bytes, source: str, today: date
) -> tuple[ActivityReturn | None, list[DataIssue]]:
    table, issues = parse_table_bytes(data, source, ACTIVITY_SHEET)
    if table is None:
        return None, issues
    parsed, more = parse_activity_return(table, today)
    return parsed, issues + more
