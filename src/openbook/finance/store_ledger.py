"""Control totals, plans, contracts, sustainability allocations, closed months, the ledger."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.finance.model.sustainability import SustainabilityAllocation
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear
from openbook.kernel.tables import (
    ContractRow,
    ControlTotalRow,
    LedgerEntryRow,
    PeriodCloseRow,
    PlanLineRow,
    SustainabilityAllocationRow,
)
from openbook.reference.model.contract import Contract, ContractType
from openbook.reference.model.control_total import ControlTotal


def _to_control_total(row: ControlTotalRow) -> ControlTotal:
    return ControlTotal(
        row.org_code,
        FinancialYear.parse(row.financial_year),
        row.version,
        row.amount,
        row.reason,
        row.decision_ref,
        row.recorded_at,
        row.recorded_by,
    )


def list_control_totals(session: Session, org_code: str, year: FinancialYear) -> list[ControlTotal]:
    query = (
        select(ControlTotalRow)
        .where(ControlTotalRow.org_code == org_code, ControlTotalRow.financial_year == year.label)
        .order_by(ControlTotalRow.version)
    )
    return [_to_control_total(row) for row in session.scalars(query)]


def get_current_control_totals(
    session: Session, org_codes: list[str], year: FinancialYear
) -> dict[str, ControlTotal]:
    query = select(ControlTotalRow).where(
        ControlTotalRow.org_code.in_(org_codes), ControlTotalRow.financial_year == year.label
    )
    current: dict[str, ControlTotal] = {}
    for row in session.scalars(query):
        if row.org_code not in current or row.version > current[row.org_code].version:
            current[row.org_code] = _to_control_total(row)
    return current


def record_control_total(
    session: Session,
    org_code: str,
    year: FinancialYear,
    amount: Decimal,
    reason: str,
    decision_ref: str | None,
    recorded_at: datetime,
    recorded_by: str,
) -> ControlTotal:
    """Append the next version; the earlier ones stay."""
    latest = session.scalar(
        select(func.max(ControlTotalRow.version)).where(
            ControlTotalRow.org_code == org_code, ControlTotalRow.financial_year == year.label
        )
    )
    row = ControlTotalRow(
        org_code=org_code,
        financial_year=year.label,
        version=(latest or 0) + 1,
        amount=amount,
        reason=reason,
        decision_ref=decision_ref,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
    )
    session.add(row)
    session.flush()
    return _to_control_total(row)


def get_plan(
    session: Session, org_code: str, year: FinancialYear
) -> dict[str, list[Decimal]] | None:
    """The latest agreed plan: line_code -> 12 monthly amounts; None if no plan is stored."""
    version = session.scalar(
        select(func.max(PlanLineRow.version)).where(
            PlanLineRow.org_code == org_code, PlanLineRow.financial_year == year.label
        )
    )
    if version is None:
        return None
    plan: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    query = select(PlanLineRow).where(
        PlanLineRow.org_code == org_code,
        PlanLineRow.financial_year == year.label,
        PlanLineRow.version == version,
    )
    for row in session.scalars(query):
        plan[row.line_code][row.month - 1] = row.amount
    return dict(plan)


def record_plan(
    session: Session, org_code: str, year: FinancialYear, plan: dict[str, list[Decimal]]
) -> int:
    """Store a new version of the plan; returns its version number."""
    latest = session.scalar(
        select(func.max(PlanLineRow.version)).where(
            PlanLineRow.org_code == org_code, PlanLineRow.financial_year == year.label
        )
    )
    version = (latest or 0) + 1
    session.add_all(
        PlanLineRow(
            org_code=org_code,
            financial_year=year.label,
            version=version,
            line_code=line_code,
            month=index + 1,
            amount=amount,
        )
        for line_code, months in plan.items()
        for index, amount in enumerate(months)
    )
    session.flush()
    return version


def _to_contract(row: ContractRow) -> Contract:
    return Contract(
        row.commissioner_code,
        row.provider_code,
        FinancialYear.parse(row.financial_year),
        ContractType(row.contract_type),
        row.annual_value,
        tuple(Decimal(share) for share in row.phasing),
    )


def record_contract(session: Session, contract: Contract) -> int:
    latest = session.scalar(
        select(func.max(ContractRow.version)).where(
            ContractRow.commissioner_code == contract.commissioner_code,
            ContractRow.provider_code == contract.provider_code,
            ContractRow.financial_year == contract.financial_year.label,
        )
    )
    version = (latest or 0) + 1
    session.add(
        ContractRow(
            commissioner_code=contract.commissioner_code,
            provider_code=contract.provider_code,
            financial_year=contract.financial_year.label,
            version=version,
            contract_type=contract.contract_type.value,
            annual_value=contract.annual_value,
            phasing=[str(share) for share in contract.phasing],
        )
    )
    session.flush()
    return version


def list_contracts(
    session: Session, year: FinancialYear, org_code: str | None = None
) -> list[Contract]:
    """The latest version of each contract in a year, optionally for one party."""
    query = select(ContractRow).where(ContractRow.financial_year == year.label)
    latest: dict[tuple[str, str], ContractRow] = {}
    for row in session.scalars(query):
        key = (row.commissioner_code, row.provider_code)
        if key not in latest or row.version > latest[key].version:
            latest[key] = row
    contracts = [_to_contract(row) for row in latest.values()]
    if org_code is not None:
        contracts = [c for c in contracts if org_code in (c.commissioner_code, c.provider_code)]
    return sorted(contracts, key=lambda c: (c.commissioner_code, c.provider_code))


def record_allocation(session: Session, allocation: SustainabilityAllocation) -> None:
    key = (allocation.org_code, allocation.financial_year.label)
    row = session.get(SustainabilityAllocationRow, key)
    if row is None:
        row = SustainabilityAllocationRow(org_code=key[0], financial_year=key[1])
        session.add(row)
    row.annual_amount, row.finance_share = allocation.annual_amount, allocation.finance_share
    row.quarterly_phasing = [str(share) for share in allocation.quarterly_phasing]
    session.flush()


def get_allocations(
    session: Session, org_codes: list[str], year: FinancialYear
) -> dict[str, SustainabilityAllocation]:
    query = select(SustainabilityAllocationRow).where(
        SustainabilityAllocationRow.org_code.in_(org_codes),
        SustainabilityAllocationRow.financial_year == year.label,
    )
    return {
        row.org_code: SustainabilityAllocation(
            row.org_code,
            year,
            row.annual_amount,
            row.finance_share,
            tuple(Decimal(share) for share in row.quarterly_phasing),
        )
        for row in session.scalars(query)
    }


def list_closed_months(session: Session, system_code: str, year: FinancialYear) -> list[int]:
    query = select(PeriodCloseRow.month).where(
        PeriodCloseRow.system_code == system_code, PeriodCloseRow.financial_year == year.label
    )
    return sorted(session.scalars(query))


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
    session: Session, org_codes: list[str], year: FinancialYear, month: int
) -> dict[str, Decimal]:
    """Net agreed transfers per organisation for the year, recorded in M1..month."""
    query = (
        select(LedgerEntryRow.org_code, func.sum(LedgerEntryRow.amount))
        .where(
            LedgerEntryRow.org_code.in_(org_codes),
            LedgerEntryRow.financial_year == year.label,
            LedgerEntryRow.month <= month,
        )
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


def check_ledger_balanced(session: Session) -> list[str]:
    """Every transfer's lines sum to zero: the double-entry invariant."""
    query = select(LedgerEntryRow.transfer_ref, func.sum(LedgerEntryRow.amount)).group_by(
        LedgerEntryRow.transfer_ref
    )
    return [
        f"transfer {ref} nets to {total}, not zero"
        for ref, total in session.execute(query)
        if Decimal(total) != 0
    ]
