"""Organisations, systems and memberships: reads and upserts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.kernel.organisation import (
    HealthSystem,
    MemberRole,
    Membership,
    Organisation,
    OrgKind,
)
from openbook.kernel.period import FinancialYear
from openbook.kernel.tables import HealthSystemRow, MembershipRow, OrganisationRow


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


def record_membership(session: Session, membership: Membership) -> None:
    key = (membership.system_code, membership.org_code, membership.financial_year.label)
    row = session.get(MembershipRow, key)
    if row is None:
        session.add(
            MembershipRow(
                system_code=key[0],
                org_code=key[1],
                financial_year=key[2],
                role=membership.role.value,
            )
        )
    else:
        row.role = membership.role.value
    session.flush()


def list_members(
    session: Session, system_code: str, year: FinancialYear
) -> list[tuple[Organisation, MemberRole]]:
    """Members of a system in a year, partners first, then by ODS code."""
    query = (
        select(OrganisationRow, MembershipRow.role)
        .join(MembershipRow, MembershipRow.org_code == OrganisationRow.org_code)
        .where(MembershipRow.system_code == system_code, MembershipRow.financial_year == year.label)
    )
    members = [(_to_organisation(org), MemberRole(role)) for org, role in session.execute(query)]
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
