"""Database.write: a write that lost a race with another writer (it numbered a version the
other had just taken) runs again on the figures as they now stand; anything else is raised
at once (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError
from openbook.kernel.event import Event, publish

PROBE = Table(
    "write_probe",
    MetaData(),
    Column("version", Integer, unique=True),
    Column("written_by", String(20)),
)


@dataclass(frozen=True)
class Written(Event):
    version: int


@pytest.fixture
def store(db: Database) -> Iterator[Database]:
    PROBE.create(db.engine)
    yield db
    PROBE.drop(db.engine)


def next_version(session: Session) -> int:
    return int(session.scalar(select(func.max(PROBE.c.version))) or 0) + 1


def test_a_write_that_numbered_a_taken_version_runs_again_and_takes_the_next(
    store: Database,
) -> None:
    delivered: list[int] = []
    store.events.subscribe(Written, lambda event: delivered.append(event.version))
    attempts: list[int] = []

    def work(session: Session) -> int:
        version = next_version(session)
        if not attempts:  # the first time, another writer commits this version meanwhile
            with store.engine.begin() as other:
                other.execute(insert(PROBE).values(version=version, written_by="other"))
        attempts.append(version)
        session.execute(insert(PROBE).values(version=version, written_by="me"))
        publish(session, Written(version))
        return version

    if store.engine.dialect.name == "sqlite":
        # SQLite writers queue on one lock, so the race cannot happen there; the other
        # writer's row is written first instead, and the first attempt collides with it.
        def work_sqlite(session: Session) -> int:
            version = next_version(session)
            if not attempts:
                version -= 1
            attempts.append(version)
            session.execute(insert(PROBE).values(version=version, written_by="me"))
            publish(session, Written(version))
            return version

        with store.transaction() as session:
            session.execute(insert(PROBE).values(version=1, written_by="other"))
        assert store.write(work_sqlite) == 2
    else:
        assert store.write(work) == 2
    with store.reading() as session:
        rows = session.execute(select(PROBE).order_by(PROBE.c.version)).all()
    assert [tuple(row) for row in rows] == [(1, "other"), (2, "me")]
    assert delivered == [2]  # the rolled-back attempt's event is never delivered


def test_a_refusal_is_not_run_again(store: Database) -> None:
    calls: list[int] = []

    def work(session: Session) -> None:
        calls.append(1)
        session.execute(insert(PROBE).values(version=1, written_by="me"))
        raise ConflictError("refused")

    with pytest.raises(ConflictError):
        store.write(work)
    assert calls == [1]
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(PROBE)) == 0


def test_a_collision_that_persists_is_raised_after_the_last_attempt(store: Database) -> None:
    with store.transaction() as session:
        session.execute(insert(PROBE).values(version=1, written_by="other"))
    calls: list[int] = []

    def work(session: Session) -> None:
        calls.append(1)
        session.execute(insert(PROBE).values(version=1, written_by="me"))

    with pytest.raises(IntegrityError):
        store.write(work, attempts=3)
    assert calls == [1, 1, 1]
