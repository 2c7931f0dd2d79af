"""Financial years (April–March, written 2017/18) and months M1 (April) … M12 (March).

All conversion between NHS periods and calendar dates lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_YEAR_PATTERN = re.compile(r"^(\d{4})/(\d{2})$")
MONTH_NAMES = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """An NHS financial year, identified by the calendar year in which it starts."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """'2017/18' -> FinancialYear(2017). Raises ValueError with the expected form."""
        match = _YEAR_PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"financial year {text!r} is not like 2017/18")
        start, end = int(match.group(1)), int(match.group(2))
        if (start + 1) % 100 != end:
            raise ValueError(f"financial year {text!r}: {end:02d} does not follow {start}")
        return cls(start)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def start_date(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end_date(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


def check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not between 1 (M1, April) and 12 (M12, March)")


def month_label(month: int) -> str:
    """1 -> 'M1'."""
    check_month(month)
    return f"M{month}"


def month_name(month: int) -> str:
    """1 -> 'Apr'."""
    check_month(month)
    return MONTH_NAMES[month - 1]


def parse_month(text: str) -> int:
    """'M6', 'm6', '6' -> 6. Raises ValueError."""
    cleaned = text.strip().upper().removeprefix("M")
    if not cleaned.isdigit():
        raise ValueError(f"month {text!r} is not like M6 or 6")
    month = int(cleaned)
    check_month(month)
    return month


def month_start(year: FinancialYear, month: int) -> date:
    """First calendar day of month M of a financial year: (2017/18, 1) -> 2017-04-01."""
    check_month(month)
    calendar_month = (month + 2) % 12 + 1
    calendar_year = year.start_year if month <= 9 else year.start_year + 1
    return date(calendar_year, calendar_month, 1)


def month_end(year: FinancialYear, month: int) -> date:
    """Last calendar day of month M of a financial year: (2017/18, 12) -> 2018-03-31."""
    start = month_start(year, month)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def period_of(day: date) -> tuple[FinancialYear, int]:
    """Calendar date -> (financial year, month number)."""
    year = FinancialYear.containing(day)
    month = (day.month - 4) % 12 + 1
    return year, month


def quarter_of(month: int) -> int:
    """M1–M3 -> Q1 … M10–M12 -> Q4."""
    check_month(month)
    return (month - 1) // 3 + 1
