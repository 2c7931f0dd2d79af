"""Closing months."""

from __future__ import annotations

from openbook.domain.error import NotFoundError
from openbook.domain.period import FinancialYear, check_month
from openbook.services import reference
from openbook.store import organisations
from openbook.store.database import Database


def close_period(
    db: Database, system_code: str, year: FinancialYear, month: int, actor: str
) -> bool:
    check_month(month)
    with db.transaction() as session:
        if organisations.get_system(session, system_code) is None:
            raise NotFoundError(f"system {system_code!r} is not known")
        return reference.close_month(session, system_code, year, month, actor)
