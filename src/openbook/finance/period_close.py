"""Closing months."""

from __future__ import annotations

from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear, check_month
from openbook.reference import record as reference
from openbook.reference import store as organisations


def close_period(
    db: Database, system_code: str, year: FinancialYear, month: int, actor: str
) -> bool:
    check_month(month)
    with db.transaction() as session:
        if organisations.get_system(session, system_code) is None:
            raise NotFoundError(f"system {system_code!r} is not known")
        return reference.close_month(session, system_code, year, month, actor)
