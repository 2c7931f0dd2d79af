"""Working days in England and Wales: Monday to Friday, except bank holidays.

The bank holidays follow the Banking and Financial Dealings Act 1971 and the royal
proclamations made under it: New Year's Day, Good Friday, Easter Monday, the early May
and spring bank holidays, the summer bank holiday, Christmas Day and Boxing Day, each moved
to the next weekday when it falls at a weekend; plus the one-off changes proclaimed since
2012 (jubilees, a royal wedding, a state funeral, a coronation, and the early May holidays
moved for VE Day's 75th anniversary)."""

from __future__ import annotations

from datetime import date, timedelta

# Proclaimed changes: (year) -> (holidays removed, holidays added).
PROCLAIMED: dict[int, tuple[tuple[date, ...], tuple[date, ...]]] = {
    2011: ((), (date(2011, 4, 29),)),  # the royal wedding
    2012: ((date(2012, 5, 28),), (date(2012, 6, 4), date(2012, 6, 5))),  # diamond jubilee
    2020: ((date(2020, 5, 4),), (date(2020, 5, 8),)),  # VE Day 75
    2022: (
        (date(2022, 5, 30),),
        (date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)),  # platinum jubilee, funeral
    ),
    2023: ((), (date(2023, 5, 8),)),  # the coronation
}
SATURDAY = 5


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    x = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * x) // 451
    month, day = divmod(h + x - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _substitutes(days: list[date]) -> list[date]:
    """Each holiday at a weekend moves to the next weekday not already a holiday."""
    taken: list[date] = []
    for holiday in days:
        day = holiday
        while day.weekday() >= SATURDAY or day in taken:
            day += timedelta(days=1)
        taken.append(day)
    return taken


def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in a calendar year."""
    easter = easter_sunday(year)
    fixed = [
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    ]
    removed, added = PROCLAIMED.get(year, ((), ()))
    moved = _substitutes([date(year, 1, 1)]) + _substitutes(
        [date(year, 12, 25), date(year, 12, 26)]
    )
    return frozenset({*fixed, *moved, *added} - set(removed))


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in bank_holidays(day.year)


def working_day_of_month(year: int, month: int, n: int) -> date:
    """The n-th working day (1 = the first) of a calendar month; ValueError past its end."""
    if n < 1:
        raise ValueError(f"working day {n}: the first working day is 1")
    day, count = date(year, month, 1), 0
    while day.month == month:
        if is_working_day(day):
            count += 1
            if count == n:
                return day
        day += timedelta(days=1)
    raise ValueError(f"{date(year, month, 1):%B %Y} has fewer than {n} working days")
