"""The year's tests, as the composition root wired them (`finance.model.year_test`)."""

from __future__ import annotations

from openbook.finance.model.year_test import (
    CONTROL_TOTAL_YEAR,
    YEAR_TEST_READER,
    YearTest,
    YearTestReader,
)
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear


def read_year_test(db: Database, year: FinancialYear) -> YearTest:
    """The year's tests from the regime reader the composition root wired (an error naming
    the missing rules file for a year without a regime); the 2017/18 rules on a bare store."""
    reader: YearTestReader | None = db.extensions.get(YEAR_TEST_READER)
    return CONTROL_TOTAL_YEAR if reader is None else reader(year)
