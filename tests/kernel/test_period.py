from __future__ import annotations

from datetime import date

import pytest

from openbook.kernel.period import (
    FinancialYear,
    month_label,
    month_name,
    month_start,
    parse_month,
    period_of,
    quarter_of,
)


def test_financial_year_label_and_dates() -> None:
    year = FinancialYear.parse("2017/18")
    assert year.label == "2017/18"
    assert (year.start_date, year.end_date) == (date(2017, 4, 1), date(2018, 3, 31))
    assert FinancialYear.parse("1999/00").label == "1999/00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2017-18", "financial year '2017-18' is not like 2017/18"),
        ("2017/19", "financial year '2017/19': 19 does not follow 2017"),
        ("", "financial year '' is not like 2017/18"),
    ],
)
def test_bad_financial_years(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FinancialYear.parse(text)


@pytest.mark.parametrize(
    ("month", "start", "name"),
    [
        (1, date(2017, 4, 1), "Apr"),
        (9, date(2017, 12, 1), "Dec"),
        (10, date(2018, 1, 1), "Jan"),
        (12, date(2018, 3, 1), "Mar"),
    ],
)
def test_months_are_april_to_march(month: int, start: date, name: str) -> None:
    year = FinancialYear(2017)
    assert month_start(year, month) == start
    assert month_name(month) == name
    assert period_of(start) == (year, month)


def test_every_day_maps_back_to_its_month() -> None:
    for start_year in (2016, 2017, 2020):
        for month in range(1, 13):
            start = month_start(FinancialYear(start_year), month)
            assert period_of(start.replace(day=28)) == (FinancialYear(start_year), month)


def test_month_parsing_and_quarters() -> None:
    assert [parse_month(t) for t in ("M1", "m6", "12")] == [1, 6, 12]
    assert month_label(6) == "M6"
    assert [quarter_of(m) for m in (1, 3, 4, 12)] == [1, 1, 2, 4]
    with pytest.raises(ValueError, match="month 13 is not between 1"):
        parse_month("M13")
    with pytest.raises(ValueError, match="is not like M6"):
        parse_month("June")
