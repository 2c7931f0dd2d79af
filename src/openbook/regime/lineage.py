"""Organisations over time: a successor's history joined to its predecessors' at the
merger date (R0D from 1 October 2020, RD3 and RDZ before), each month counted once.

Each month is made of the organisations of the lineage open in it, and of their in-month
figure (this month's year to date less last month's; a successor's year to date counts
from its first month)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.finance.model.account import CONTROL_TOTAL_LINE
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import ZERO
from openbook.kernel.organisation import Organisation
from openbook.kernel.period import FinancialYear, month_end, month_start
from openbook.reference import store as organisations


@dataclass(frozen=True)
class HistoryMonth:
    financial_year: FinancialYear
    month: int
    reported_by: tuple[str, ...]  # the organisations whose figures make the month
    in_month: Decimal  # adjusted financial performance of the month (surplus positive)
    missing: tuple[str, ...]  # open in the month but without a return for it


def lineage_of(all_orgs: list[Organisation], org_code: str) -> list[Organisation]:
    """The organisation and every predecessor (those whose successor it is, at any depth)."""
    by_successor: dict[str, list[Organisation]] = {}
    for org in all_orgs:
        if org.successor_code:
            by_successor.setdefault(org.successor_code, []).append(org)
    found = [o for o in all_orgs if o.org_code == org_code]
    queue = list(found)
    while queue:
        for predecessor in by_successor.get(queue.pop().org_code, []):
            if predecessor not in found:
                found.append(predecessor)
                queue.append(predecessor)
    return found


def _open_in(org: Organisation, year: FinancialYear, month: int) -> bool:
    start, end = month_start(year, month), month_end(year, month)
    return (org.valid_from is None or org.valid_from <= end) and (
        org.valid_to is None or org.valid_to >= start
    )


def _ytd(session: Session, code: str, year: FinancialYear, month: int) -> Decimal | None:
    if month == 0:
        return ZERO
    found = returns.get_latest_returns(session, [code], year, month).get(code)
    return None if found is None else found[0].amount(CONTROL_TOTAL_LINE, "actual_ytd")


def _month(
    session: Session, lineage: list[Organisation], year: FinancialYear, month: int
) -> HistoryMonth:
    total, reported, missing = ZERO, [], []
    for org in (o for o in lineage if _open_in(o, year, month)):
        now = _ytd(session, org.org_code, year, month)
        # Before the organisation began, its year to date is nothing; otherwise last month's
        # return is needed (a gap would count two months as one).
        began = month == 1 or not _open_in(org, year, month - 1)
        before = ZERO if began else _ytd(session, org.org_code, year, month - 1)
        if now is None or before is None:
            missing.append(org.org_code)
            continue
        total += now - before
        reported.append(org.org_code)
    return HistoryMonth(year, month, tuple(reported), total, tuple(missing))


def get_joined_history(
    db: Database, org_code: str, years: list[FinancialYear]
) -> list[HistoryMonth]:
    """Month by month over the years: the lineage's in-month figure, and who made it."""
    with db.reading() as session:
        lineage = lineage_of(organisations.list_organisations(session), org_code)
        if not lineage:
            raise NotFoundError(f"organisation {org_code!r} is not known")
        return [_month(session, lineage, year, month) for year in years for month in range(1, 13)]
