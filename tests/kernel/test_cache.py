"""The dashboard's cached positions are never stale: any write changes the store's version."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from openbook.finance.position_report import cached_system_position, get_system_position
from openbook.finance.submit import submit_return
from openbook.kernel.cache import data_version, remember
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


def test_readers_asking_at_once_share_one_build(sqlite_demo_db: Database) -> None:
    """Eight readers after a write: one builds the answer, all get that same answer."""
    builds: list[int] = []
    started = threading.Event()
    release = threading.Event()

    def build() -> tuple[int, ...]:
        builds.append(1)
        started.set()
        release.wait(5)
        return (42,)

    answers: list[tuple[int, ...]] = []
    readers = [
        threading.Thread(target=lambda: answers.append(remember(sqlite_demo_db, "k", build)))
        for _ in range(8)
    ]
    readers[0].start()
    started.wait(5)
    for reader in readers[1:]:
        reader.start()
    release.set()
    for reader in readers:
        reader.join(5)
    assert len(builds) == 1
    assert len(answers) == 8 and all(answer is answers[0] for answer in answers)


def test_a_failed_build_is_not_remembered(sqlite_demo_db: Database) -> None:
    def broken() -> int:
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        remember(sqlite_demo_db, "broken", broken)
    assert remember(sqlite_demo_db, "broken", lambda: 7) == 7
