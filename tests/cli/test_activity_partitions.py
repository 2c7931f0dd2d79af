"""Months listed as runs in the incremental load's report."""

from __future__ import annotations

from datetime import date

import pytest

from openbook.cli.activity_partitions import month_runs


@pytest.mark.parametrize(
    ("months", "text"),
    [
        ([date(2018, 4, 1)], "2018-04"),
        ([date(2018, 5, 1), date(2018, 4, 1), date(2018, 6, 1)], "2018-04 to 2018-06"),
        ([date(2018, 12, 1), date(2019, 1, 1), date(2019, 3, 1)], "2018-12 to 2019-01, 2019-03"),
    ],
)
def test_month_runs(months: list[date], text: str) -> None:
    assert month_runs(months) == text
