"""Cell readers shared by the activity files: counts, months, codes, duplicates.

Each reader reports into one list so that every problem in a file is found at once.
"""

from __future__ import annotations

import re
from datetime import date

from openbook.activity.model.activity import ActivityCount
from openbook.kernel.error import DataIssue
from openbook.kernel.table_reader import RawTable, TableReader

ODS_CODE = re.compile(r"^[A-Z0-9]{3,6}$")


class CellReader(TableReader):
    """Counts, codes and months of activity files."""

    def count(self, index: int, column: str, *, optional: bool = False) -> int | None:
        """A whole, non-negative count; thousands separators allowed."""
        text = self.cell(index, column)
        if not text:
            if not optional:
                self.report(index, column, f"{column!r} is empty; expected a count (0 if none)")
            return None
        cleaned = text.replace(",", "")
        if cleaned.endswith(".0"):  # spreadsheets store whole numbers as floats
            cleaned = cleaned[:-2]
        if not re.fullmatch(r"-?\d+", cleaned):
            self.report(
                index,
                column,
                f"{column!r} is {text!r}; expected a whole number like 1250",
                found=text,
                expected="a whole number",
            )
            return None
        value = int(cleaned)
        if value < 0:
            self.report(
                index,
                column,
                f"{column!r} is {value}; a count cannot be negative",
                found=text,
                expected="0 or more",
            )
            return None
        return value

    def org_code(self, index: int, column: str) -> str | None:
        text = self.cell(index, column).upper()
        if not ODS_CODE.match(text):
            self.report(
                index,
                column,
                f"{column!r} is {text!r}; expected an ODS code like RBD",
                found=text,
                expected="3 to 6 letters and digits",
            )
            return None
        return text

    def month(self, index: int, column: str, today: date) -> date | None:
        """The first day of a calendar month that has started: '2018-04-01' or '2018-04'."""
        text = self.cell(index, column)
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
        if match is None or not 1 <= int(match.group(2)) <= 12:
            self.report(
                index,
                column,
                f"{column!r} is {text!r}; expected a month like 2018-04-01",
                found=text,
                expected="YYYY-MM-01",
            )
            return None
        if match.group(3) not in (None, "01"):
            self.report(
                index,
                column,
                f"{column!r} is {text!r}; expected the first day of the month",
                found=text,
                expected=f"{match.group(1)}-{match.group(2)}-01",
            )
            return None
        start = date(int(match.group(1)), int(match.group(2)), 1)
        if start > today:
            self.report(
                index,
                column,
                f"{column!r} is {start.isoformat()}, a month that has not started yet",
                found=text,
                expected=f"a month up to {today.strftime('%Y-%m')}",
            )
            return None
        return start

    def choice(self, index: int, column: str, allowed: tuple[str, ...]) -> str | None:
        text = self.cell(index, column)
        if text not in allowed:
            self.report(
                index,
                column,
                f"{column!r} is {text!r}, which is not a known code",
                found=text,
                expected=", ".join(allowed),
            )
            return None
        return text


def check_duplicates(
    counts: list[tuple[int, ActivityCount]], table: RawTable, what: str
) -> list[DataIssue]:
    """A second row for the same provider, commissioner, code and month."""
    first_row: dict[tuple[str, str, str, str, date], int] = {}
    issues = []
    for row_number, count in counts:
        seen = first_row.setdefault(count.key, row_number)
        if seen != row_number:
            issues.append(
                DataIssue(
                    table.source,
                    f"duplicate month: {what} {count.provider_code} {count.pod}"
                    f"{' type ' + count.ae_type if count.ae_type else ''} "
                    f"{count.period_start.strftime('%Y-%m')} is also on row {seen}",
                    row=row_number,
                    hint="each month appears once; remove one of the rows",
                )
            )
    return issues
