"""The dashboard's cached positions are never stale: any write changes the store's version."""

from __future__ import annotations

from decimal import Decimal

from openbook.finance.position_report import cached_system_position, get_system_position
from openbook.finance.submit import submit_return
from openbook.kernel.cache import data_version
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from tests.principals import principal
from tests.web.conftest import return_csv

YEAR = FinancialYear(2017)


def test_a_new_return_is_seen_at_once(sqlite_demo_db: Database) -> None:
    before = cached_system_position(sqlite_demo_db, "QVV", YEAR, 12)
    assert cached_system_position(sqlite_demo_db, "QVV", YEAR, 12) is before  # remembered
    version = data_version(sqlite_demo_db)
    data = return_csv(sqlite_demo_db, "RBD", forecast_change=250_000)
    submit_return(sqlite_demo_db, data, "rbd.csv", principal("rbd.submitter"))
    assert data_version(sqlite_demo_db) > version
    after = cached_system_position(sqlite_demo_db, "QVV", YEAR, 12)
    assert after == get_system_position(sqlite_demo_db, "QVV", YEAR, 12)
    rbd_before = next(p for p in before.organisations if p.code == "RBD")
    rbd_after = next(p for p in after.organisations if p.code == "RBD")
    assert rbd_after.forecast_outturn - rbd_before.forecast_outturn == Decimal(250_000)
