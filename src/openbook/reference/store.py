"""Organisations, systems and memberships; control-total versions, plans and system settings:
reads and writes inside the caller's transaction (contracts are in contract_store)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.kernel.clock import aware
from openbook.kernel.money import ZERO
from openbook.kernel.organisation import (
    HealthSystem,
    MemberRole,
    Membership,
    Organisation,
    OrgKind,
)
from openbook.kernel.period import FinancialYear, month_end
from openbook.reference.model.control_total import ControlTotal, control_total_in_force
from openbook.reference.model.sustainability import SustainabilityAllocation
from openbook.reference.model.system_settings import SystemSettings, parse_system_settings
from openbook.reference.tables import (
    ControlTotalRow,
    HealthSystemRow,
    MembershipRow,
    OrganisationRow,
    PlanLineRow,
    PlanVersionRow,
    SustainabilityAllocationRow,
)


def _to_organisation(row: OrganisationRow) -> Organisation:
    return Organisation(
        org_code=row.org_code,
        name=row.name,
        kind=OrgKind(row.kind),
        place=row.place,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        successor_code=row.successor_code,
    )


def get_organisation(session: Session, org_code: str) -> Organisation | None:
    row = session.get(OrganisationRow, org_code)
    return None if row is None else _to_organisation(row)


def list_organisations(session: Session) -> list[Organisation]:
    rows = session.scalars(select(OrganisationRow).order_by(OrganisationRow.org_code))
    return [_to_organisation(row) for row in rows]


def record_organisation(session: Session, org: Organisation) -> Organisation | None:
    """Insert or update; returns the previous state (None if new) for the audit log."""
    row = session.get(OrganisationRow, org.org_code)
    before = None if row is None else _to_organisation(row)
    if row is None:
        row = OrganisationRow(org_code=org.org_code)
        session.add(row)
    row.name, row.kind, row.place = org.name, org.kind.value, org.place
    row.valid_from, row.valid_to, row.successor_code = (
        org.valid_from,
        org.valid_to,
        org.successor_code,
    )
    session.flush()
    return before


def get_system(session: Session, system_code: str) -> HealthSystem | None:
    row = session.get(HealthSystemRow, system_code)
    if row is None:
        return None
    return HealthSystem(row.system_code, row.name, row.ons_code)


def list_systems(session: Session) -> list[HealthSystem]:
    rows = session.scalars(select(HealthSystemRow).order_by(HealthSystemRow.system_code))
    return [HealthSystem(row.system_code, row.name, row.ons_code) for row in rows]


def record_system(session: Session, system: HealthSystem) -> HealthSystem | None:
    row = session.get(HealthSystemRow, system.system_code)
    before = None if row is None else HealthSystem(row.system_code, row.name, row.ons_code)
    if row is None:
        row = HealthSystemRow(system_code=system.system_code)
        session.add(row)
    row.name, row.ons_code = system.name, system.ons_code
    session.flush()
    return before


def _to_membership(row: MembershipRow) -> Membership:
    return Membership(
        row.system_code,
        row.org_code,
        FinancialYear.parse(row.financial_year),
        MemberRole(row.role),
        row.joined_on,
        row.left_on,
    )


def get_membership(
    session: Session, system_code: str, org_code: str, year: FinancialYear
) -> Membership | None:
    row = session.get(MembershipRow, (system_code, org_code, year.label))
    return None if row is None else _to_membership(row)


def record_membership(session: Session, membership: Membership) -> Membership | None:
    """Insert or update the year's membership; returns the previous one (None if new)."""
    key = (membership.system_code, membership.org_code, membership.financial_year.label)
    row = session.get(MembershipRow, key)
    before = None if row is None else _to_membership(row)
    if row is None:
        row = MembershipRow(system_code=key[0], org_code=key[1], financial_year=key[2])
        session.add(row)
    row.role = membership.role.value
    row.joined_on, row.left_on = membership.joined_on, membership.left_on
    session.flush()
    return before


def list_memberships(session: Session, system_code: str, year: FinancialYear) -> list[Membership]:
    """Every membership of a system in a year, with its joining and leaving dates."""
    query = select(MembershipRow).where(
        MembershipRow.system_code == system_code, MembershipRow.financial_year == year.label
    )
    return sorted((_to_membership(row) for row in session.scalars(query)), key=lambda m: m.org_code)


def list_members(
    session: Session, system_code: str, year: FinancialYear, month: int | None = None
) -> list[tuple[Organisation, MemberRole]]:
    """Members of a system in a year, partners first, then by ODS code; with `month`, only
    those whose membership is in force at the month's end (joined by then, not yet left)."""
    query = (
        select(OrganisationRow, MembershipRow)
        .join(MembershipRow, MembershipRow.org_code == OrganisationRow.org_code)
        .where(MembershipRow.system_code == system_code, MembershipRow.financial_year == year.label)
    )
    day = None if month is None else month_end(year, month)
    members = [
        (_to_organisation(org), MemberRole(row.role))
        for org, row in session.execute(query)
        if day is None or _to_membership(row).is_member_on(day)
    ]
    return sorted(members, key=lambda m: (m[1] is not MemberRole.PARTNER, m[0].org_code))


def get_member_system(session: Session, org_code: str, year: FinancialYear) -> str | None:
    query = select(MembershipRow.system_code).where(
        MembershipRow.org_code == org_code, MembershipRow.financial_year == year.label
    )
    return session.scalars(query).first()


def list_member_years(session: Session, system_code: str) -> list[FinancialYear]:
    query = (
        select(MembershipRow.financial_year)
        .where(MembershipRow.system_code == system_code)
        .distinct()
    )
    return sorted(FinancialYear.parse(label) for label in session.scalars(query))


def count_member_organisations(session: Session, system_code: str) -> int:
    """Organisations that are members of a system in any year."""
    query = select(func.count(func.distinct(MembershipRow.org_code))).where(
        MembershipRow.system_code == system_code
    )
    return int(session.scalar(query) or 0)


def _to_control_total(row: ControlTotalRow) -> ControlTotal:
    return ControlTotal(
        row.org_code,
        FinancialYear.parse(row.financial_year),
        row.version,
        row.amount,
        row.reason,
        row.decision_ref,
        aware(row.recorded_at),
        row.recorded_by,
        row.effective_month,
    )


def list_control_totals(session: Session, org_code: str, year: FinancialYear) -> list[ControlTotal]:
    query = (
        select(ControlTotalRow)
        .where(ControlTotalRow.org_code == org_code, ControlTotalRow.financial_year == year.label)
        .order_by(ControlTotalRow.version)
    )
    return [_to_control_total(row) for row in session.scalars(query)]


def get_control_totals_in_force(
    session: Session,
    org_codes: list[str],
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> dict[str, ControlTotal]:
    """The version that applies to each organisation's month, as known at `as_at`."""
    query = select(ControlTotalRow).where(
        ControlTotalRow.org_code.in_(org_codes), ControlTotalRow.financial_year == year.label
    )
    versions: dict[str, list[ControlTotal]] = defaultdict(list)
    for row in session.scalars(query):
        versions[row.org_code].append(_to_control_total(row))
    found = {code: control_total_in_force(v, month, as_at) for code, v in versions.items()}
    return {code: version for code, version in found.items() if version is not None}


def get_current_control_totals(
    session: Session, org_codes: list[str], year: FinancialYear
) -> dict[str, ControlTotal]:
    """The latest version of each, whatever month it applies from."""
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
    effective_month: int = 1,
) -> ControlTotal:
    """Append the next version, applying from `effective_month`; the earlier ones stay."""
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
        effective_month=effective_month,
    )
    session.add(row)
    session.flush()
    return _to_control_total(row)


def get_plan(
    session: Session,
    org_code: str,
    year: FinancialYear,
    month: int = 12,
    as_at: datetime | None = None,
) -> dict[str, list[Decimal]] | None:
    """The agreed plan in force for a month, as known at `as_at`: line_code -> 12 monthly
    amounts; None if no plan is stored. A plan re-agreed from M7 applies from M7 on."""
    versions = session.scalars(
        select(PlanVersionRow).where(
            PlanVersionRow.org_code == org_code, PlanVersionRow.financial_year == year.label
        )
    )
    known = [
        v.version
        for v in versions
        if v.effective_month <= month and (as_at is None or aware(v.recorded_at) <= as_at)
    ]
    if not known:
        return None
    plan: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    query = select(PlanLineRow).where(
        PlanLineRow.org_code == org_code,
        PlanLineRow.financial_year == year.label,
        PlanLineRow.version == max(known),
    )
    for row in session.scalars(query):
        plan[row.line_code][row.month - 1] = row.amount
    return dict(plan)


def record_plan(
    session: Session,
    org_code: str,
    year: FinancialYear,
    plan: dict[str, list[Decimal]],
    *,
    recorded_at: datetime,
    recorded_by: str,
    reason: str = "Agreed plan",
    effective_month: int = 1,
) -> int:
    """Store a new version of the plan, applying from `effective_month`; returns its
    version number."""
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
    session.add(
        PlanVersionRow(
            org_code=org_code,
            financial_year=year.label,
            version=version,
            effective_month=effective_month,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            reason=reason,
        )
    )
    session.flush()
    return version


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


def get_system_settings(session: Session, system_code: str) -> SystemSettings:
    row = session.get(HealthSystemRow, system_code)
    settings, _ = parse_system_settings(None if row is None else row.settings)
    return settings


def record_system_settings(session: Session, system_code: str, settings: SystemSettings) -> None:
    row = session.get(HealthSystemRow, system_code)
    if row is not None:
        row.settings = settings.as_document()
        session.flush()
