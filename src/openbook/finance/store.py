"""Finance returns (every version kept; the latest is the one in force), agreed plans,
sustainability allocations, closed months and the ledger of agreed transfers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from openbook.finance.model.finance_return import FinanceReturn, ReturnLine, RiskItem, RiskKind
from openbook.finance.tables import (
    FinanceReturnRow,
    LedgerEntryRow,
    PeriodCloseRow,
    ReturnCommentaryRow,
    ReturnLineRow,
    ReturnRiskRow,
)
from openbook.kernel.period import FinancialYear


@dataclass(frozen=True)
class ReturnVersion:
    """Facts about one stored version of a return."""

    id: int
    org_code: str
    financial_year: FinancialYear
    month: int
    version: int
    content_hash: str
    source_name: str
    submitted_at: datetime
    submitted_by: str


def _to_version(row: FinanceReturnRow) -> ReturnVersion:
    return ReturnVersion(
        row.id,
        row.org_code,
        FinancialYear.parse(row.financial_year),
        row.month,
        row.version,
        row.content_hash,
        row.source_name,
        row.submitted_at,
        row.submitted_by,
    )


def _period_filter(
    org_code: str, year: FinancialYear, month: int
) -> tuple[ColumnElement[bool], ...]:
    return (
        FinanceReturnRow.org_code == org_code,
        FinanceReturnRow.financial_year == year.label,
        FinanceReturnRow.month == month,
    )


def list_return_versions(
    session: Session, org_code: str, year: FinancialYear, month: int
) -> list[ReturnVersion]:
    query = (
        select(FinanceReturnRow)
        .where(*_period_filter(org_code, year, month))
        .order_by(FinanceReturnRow.version)
    )
    return [_to_version(row) for row in session.scalars(query)]


def get_latest_version(
    session: Session, org_code: str, year: FinancialYear, month: int
) -> ReturnVersion | None:
    query = (
        select(FinanceReturnRow)
        .where(*_period_filter(org_code, year, month))
        .order_by(FinanceReturnRow.version.desc())
        .limit(1)
    )
    row = session.scalars(query).first()
    return None if row is None else _to_version(row)


def get_return(session: Session, version: ReturnVersion) -> FinanceReturn:
    return _get_returns(session, [version])[version.id]


def get_latest_returns(
    session: Session,
    org_codes: list[str],
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> dict[str, tuple[FinanceReturn, ReturnVersion]]:
    """The version of each organisation's return for a month in force at `as_at` (the
    latest submitted by then; the latest of all when None), in two queries."""
    conditions = [
        FinanceReturnRow.org_code.in_(org_codes),
        FinanceReturnRow.financial_year == year.label,
        FinanceReturnRow.month == month,
    ]
    if as_at is not None:
        conditions.append(FinanceReturnRow.submitted_at <= as_at)
    latest = (
        select(FinanceReturnRow.org_code, func.max(FinanceReturnRow.version).label("version"))
        .where(*conditions)
        .group_by(FinanceReturnRow.org_code)
        .subquery()
    )
    query = (
        select(FinanceReturnRow)
        .join(
            latest,
            (FinanceReturnRow.org_code == latest.c.org_code)
            & (FinanceReturnRow.version == latest.c.version),
        )
        .where(FinanceReturnRow.financial_year == year.label, FinanceReturnRow.month == month)
    )
    versions = [_to_version(row) for row in session.scalars(query)]
    contents = _get_returns(session, versions)
    return {v.org_code: (contents[v.id], v) for v in versions}


def _get_returns(session: Session, versions: list[ReturnVersion]) -> dict[int, FinanceReturn]:
    """Many versions' contents in three queries (one per table), not three per version:
    the escalation rules and positions read every partner's return for many months."""
    ids = [v.id for v in versions]
    lines, risks, notes = _lines_of(session, ids), _risks_of(session, ids), _notes_of(session, ids)
    return {
        v.id: FinanceReturn(
            commentary=tuple(notes.get(v.id, ())), org_code=v.org_code,
            financial_year=v.financial_year, month=v.month, lines=tuple(lines.get(v.id, ())),
            risks=tuple(risks.get(v.id, ())),
        )
        for v in versions
    }  # fmt: skip


def _lines_of(session: Session, ids: list[int]) -> dict[int, list[ReturnLine]]:
    found: dict[int, list[ReturnLine]] = {}
    query = (
        select(ReturnLineRow)
        .where(ReturnLineRow.return_id.in_(ids))
        .order_by(ReturnLineRow.return_id, ReturnLineRow.line_code)
    )
    for row in session.scalars(query) if ids else ():
        found.setdefault(row.return_id, []).append(
            ReturnLine(
                row.line_code, row.annual_plan, row.plan_ytd, row.actual_ytd, row.forecast_outturn
            )
        )
    return found


def _risks_of(session: Session, ids: list[int]) -> dict[int, list[RiskItem]]:
    found: dict[int, list[RiskItem]] = {}
    query = (
        select(ReturnRiskRow)
        .where(ReturnRiskRow.return_id.in_(ids))
        .order_by(ReturnRiskRow.return_id, ReturnRiskRow.kind, ReturnRiskRow.ref)
    )
    for row in session.scalars(query) if ids else ():
        found.setdefault(row.return_id, []).append(
            RiskItem(
                row.ref, RiskKind(row.kind), row.description, row.gross_value, row.likelihood_pct
            )
        )
    return found


def _notes_of(session: Session, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    query = (
        select(ReturnCommentaryRow)
        .where(ReturnCommentaryRow.return_id.in_(ids))
        .order_by(ReturnCommentaryRow.return_id, ReturnCommentaryRow.line_code)
    )
    for row in session.scalars(query) if ids else ():
        found.setdefault(row.return_id, []).append((row.line_code, row.text))
    return found


def record_return(
    session: Session,
    finance_return: FinanceReturn,
    source_name: str,
    submitted_at: datetime,
    submitted_by: str,
) -> ReturnVersion:
    """Append a new version; earlier versions are never touched."""
    latest = get_latest_version(
        session, finance_return.org_code, finance_return.financial_year, finance_return.month
    )
    row = FinanceReturnRow(
        org_code=finance_return.org_code,
        financial_year=finance_return.financial_year.label,
        month=finance_return.month,
        version=1 if latest is None else latest.version + 1,
        content_hash=finance_return.content_hash(),
        source_name=source_name,
        submitted_at=submitted_at,
        submitted_by=submitted_by,
    )
    session.add(row)
    session.flush()
    session.add_all(
        ReturnLineRow(
            return_id=row.id,
            line_code=line.line_code,
            annual_plan=line.annual_plan,
            plan_ytd=line.plan_ytd,
            actual_ytd=line.actual_ytd,
            forecast_outturn=line.forecast_outturn,
        )
        for line in finance_return.lines
    )
    session.add_all(
        ReturnRiskRow(
            return_id=row.id,
            ref=risk.ref,
            kind=risk.kind.value,
            description=risk.description,
            gross_value=risk.gross_value,
            likelihood_pct=risk.likelihood_pct,
        )
        for risk in finance_return.risks
    )
    session.add_all(
        ReturnCommentaryRow(return_id=row.id, line_code=code, text=text)
        for code, text in finance_return.commentary
    )
    session.flush()
    return _to_version(row)


def list_months_with_returns(
    session: Session, org_codes: list[str], year: FinancialYear
) -> list[int]:
    query = (
        select(FinanceReturnRow.month)
        .where(
            FinanceReturnRow.org_code.in_(org_codes),
            FinanceReturnRow.financial_year == year.label,
        )
        .distinct()
    )
    return sorted(session.scalars(query))


def list_submitted_months(session: Session, org_code: str, year: FinancialYear) -> list[int]:
    query = (
        select(FinanceReturnRow.month)
        .where(FinanceReturnRow.org_code == org_code, FinanceReturnRow.financial_year == year.label)
        .distinct()
    )
    return sorted(session.scalars(query))


def list_closed_months(session: Session, system_code: str, year: FinancialYear) -> list[int]:
    query = select(PeriodCloseRow.month).where(
        PeriodCloseRow.system_code == system_code, PeriodCloseRow.financial_year == year.label
    )
    return sorted(session.scalars(query))


def list_period_closes(
    session: Session, system_code: str, year: FinancialYear
) -> list[PeriodCloseRow]:
    query = select(PeriodCloseRow).where(
        PeriodCloseRow.system_code == system_code, PeriodCloseRow.financial_year == year.label
    )
    return list(session.scalars(query))


def remove_period_close(
    session: Session, system_code: str, year: FinancialYear, month: int
) -> tuple[datetime, str] | None:
    """Reopen a closed month; when and by whom it had been closed, or None if it was open.
    (The close and the reopening stay in the audit log.)"""
    row = session.get(PeriodCloseRow, (system_code, year.label, month), with_for_update=True)
    if row is None:
        return None
    closed = (row.closed_at, row.closed_by)
    session.delete(row)
    session.flush()
    return closed


def record_period_close(
    session: Session,
    system_code: str,
    year: FinancialYear,
    month: int,
    closed_at: datetime,
    closed_by: str,
) -> bool:
    """Close a month; False if it was already closed."""
    if session.get(PeriodCloseRow, (system_code, year.label, month)) is not None:
        return False
    session.add(
        PeriodCloseRow(
            system_code=system_code,
            financial_year=year.label,
            month=month,
            closed_at=closed_at,
            closed_by=closed_by,
        )
    )
    session.flush()
    return True


def record_ledger_entries(session: Session, entries: list[LedgerEntryRow]) -> None:
    """Write the lines of one or more transfers. The caller has checked they net to zero."""
    session.add_all(entries)
    session.flush()


def get_transfer_totals(
    session: Session,
    org_codes: list[str],
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> dict[str, Decimal]:
    """Net agreed transfers per organisation for the year that take effect in M1..month
    (a year-end transfer is an M12 item), as recorded by `as_at`."""
    conditions = [
        LedgerEntryRow.org_code.in_(org_codes),
        LedgerEntryRow.financial_year == year.label,
        LedgerEntryRow.month <= month,
    ]
    if as_at is not None:
        conditions.append(LedgerEntryRow.recorded_at <= as_at)
    query = (
        select(LedgerEntryRow.org_code, func.sum(LedgerEntryRow.amount))
        .where(*conditions)
        .group_by(LedgerEntryRow.org_code)
    )
    return {code: Decimal(total) for code, total in session.execute(query)}


def list_ledger_entries(
    session: Session, year: FinancialYear, org_code: str | None = None
) -> list[LedgerEntryRow]:
    query = select(LedgerEntryRow).where(LedgerEntryRow.financial_year == year.label)
    if org_code is not None:
        query = query.where(LedgerEntryRow.org_code == org_code)
    return list(session.scalars(query.order_by(LedgerEntryRow.id)))


def check_ledger_balanced(
    session: Session, transfer_refs: Sequence[str] | None = None
) -> list[str]:
    """Every transfer's lines (or these transfers' lines) sum to zero: the double-entry
    invariant."""
    query = select(LedgerEntryRow.transfer_ref, func.sum(LedgerEntryRow.amount)).group_by(
        LedgerEntryRow.transfer_ref
    )
    if transfer_refs is not None:
        query = query.where(LedgerEntryRow.transfer_ref.in_(transfer_refs))
    return [
        f"transfer {ref} nets to {total}, not zero"
        for ref, total in session.execute(query)
        if Decimal(total) != 0
    ]
