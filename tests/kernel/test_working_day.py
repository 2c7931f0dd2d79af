"""Working days in England and Wales: weekends and bank holidays (with substitutes and the
proclaimed one-off changes) are not working days."""

from __future__ import annotations

from datetime import date

import pytest

from openbook.kernel.working_day import (
    bank_holidays,
    easter_sunday,
    is_working_day,
    working_day_of_month,
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2018, [(1, 1), (3, 30), (4, 2), (5, 7), (5, 28), (8, 27), (12, 25), (12, 26)]),
        (2019, [(1, 1), (4, 19), (4, 22), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)]),
        (2020, [(1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)]),
        (2021, [(1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)]),
        (
            2022,
            [
                (1, 3),
                (4, 15),
                (4, 18),
                (5, 2),
                (6, 2),
                (6, 3),
                (8, 29),
                (9, 19),
                (12, 26),
                (12, 27),
            ],
        ),
        (
            2023,
            [(1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)],
        ),
    ],
)
def test_bank_holidays_as_gov_uk_lists_them(year: int, expected: list[tuple[int, int]]) -> None:
    assert sorted(bank_holidays(year)) == [date(year, m, d) for m, d in expected]


def test_easter() -> None:
    assert [easter_sunday(y) for y in (2018, 2019, 2024, 2025)] == [
        date(2018, 4, 1),
        date(2019, 4, 21),
        date(2024, 3, 31),
        date(2025, 4, 20),
    ]


def test_the_nth_working_day_skips_weekends_and_bank_holidays() -> None:
    assert working_day_of_month(2018, 10, 1) == date(2018, 10, 1)
    assert working_day_of_month(2018, 10, 15) == date(2018, 10, 19)
    assert working_day_of_month(2018, 5, 15) == date(2018, 5, 22)  # 7 May a holiday
    assert working_day_of_month(2019, 4, 15) == date(2019, 4, 23)  # Easter
    assert not is_working_day(date(2018, 12, 25)) and not is_working_day(date(2018, 10, 20))


def test_a_month_has_no_twenty_fifth_working_day() -> None:
    with pytest.raises(ValueError, match="fewer than 25 working days"):
        working_day_of_month(2018, 12, 25)
    with pytest.raises(ValueError, match="the first working day is 1"):
        working_day_of_month(2018, 12, 0)
