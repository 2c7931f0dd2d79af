"""Numbers handed out one at a time, in the caller's transaction: references such as
E-QVV-0012 and QVV-201819-P003 come from a counter per system and kind, not from counting
rows, so two writers at once never number the same reference."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from openbook.kernel.tables import CounterRow


def insert_if_missing(
    session: Session, table: type[Any], values: dict[str, Any], keys: list[str]
) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING: of two writers creating the same row, one inserts
    and the other's insert waits for it and then does nothing."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(table).values(values).on_conflict_do_nothing(index_elements=keys)
    return sqlite_insert(table).values(values).on_conflict_do_nothing(index_elements=keys)


def next_number(session: Session, scope: str, name: str, start: Callable[[], int]) -> int:
    """The next number of a counter (per system and kind of reference). The counter's row
    is updated in place, so a second writer waits for the first to commit and takes the
    number after. `start()` is how many were numbered before the counter existed (a store
    older than counters)."""
    where = (CounterRow.scope == scope, CounterRow.name == name)
    if session.scalar(select(CounterRow.last_value).where(*where)) is None:
        values = {"scope": scope, "name": name, "last_value": start()}
        session.execute(insert_if_missing(session, CounterRow, values, ["scope", "name"]))
    taken = session.execute(
        update(CounterRow)
        .where(*where)
        .values(last_value=CounterRow.last_value + 1)
        .returning(CounterRow.last_value)
    ).scalar_one()
    return int(taken)
