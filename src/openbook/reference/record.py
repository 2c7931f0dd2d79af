"""Reference data of a system: organisations, memberships, control totals, plans,
contracts and sustainability allocations. Every write is audited."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.money import money_str
from openbook.kernel.organisation import HealthSystem, Membership, Organisation
from openbook.kernel.period import FinancialYear
from openbook.reference import contract_store
from openbook.reference import store as organisations
from openbook.reference.chain import chain_of_organisations
from openbook.reference.model.contract import Contract
from openbook.reference.model.control_total import ControlTotal
from openbook.reference.model.sustainability import SustainabilityAllocation


def jsonable(value: Any) -> Any:  # noqa: PLR0911 - one branch per kind of value
    """Domain values as JSON-friendly data for audit payloads and API answers."""
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, FinancialYear):
        return value.label
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return jsonable(asdict(value))
    if isinstance(value, datetime):
        return value.isoformat()
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def record_organisation(session: Session, org: Organisation, actor: str) -> None:
    before = organisations.record_organisation(session, org)
    if before != org:
        record_event(
            session,
            actor=actor,
            action="organisation.recorded",
            entity="organisation",
            entity_id=org.org_code,
            before=jsonable(before),
            after=jsonable(org),
        )


def record_system(session: Session, system: HealthSystem, actor: str) -> None:
    before = organisations.record_system(session, system)
    if before != system:
        record_event(
            session,
            actor=actor,
            action="system.recorded",
            entity="health_system",
            entity_id=system.system_code,
            before=jsonable(before),
            after=jsonable(system),
        )


def record_membership(session: Session, membership: Membership, actor: str) -> None:
    """Who belongs to the system in the year and from when to when (joining or leaving is
    a date within the year; other years' memberships are untouched), audited with what it
    was before."""
    before = organisations.record_membership(session, membership)
    record_event(
        session,
        actor=actor,
        action="membership.recorded",
        entity="membership",
        entity_id=f"{membership.system_code}/{membership.org_code}/"
        f"{membership.financial_year.label}",
        before=None if before is None else jsonable(before),
        after=jsonable(membership),
    )


def record_control_total(
    session: Session,
    org_code: str,
    year: FinancialYear,
    amount: Decimal,
    reason: str,
    decision_ref: str | None,
    actor: str,
    *,
    effective_month: int = 1,
    recorded_at: datetime | None = None,
    chain: str | None = None,
) -> ControlTotal:
    """A new version of a control total, with its reason and the decision behind it,
    applying from `effective_month` (earlier months keep the version they had)."""
    versions = organisations.list_control_totals(session, org_code, year)
    before = versions[-1] if versions else None
    new = organisations.record_control_total(
        session,
        org_code,
        year,
        amount,
        reason,
        decision_ref,
        recorded_at or clock_of(session).now(),
        actor,
        effective_month,
    )
    record_event(
        session,
        actor=actor,
        action="control_total.recorded",
        entity="control_total",
        entity_id=f"{org_code}/{year.label}/v{new.version}",
        before=jsonable(before),
        after=jsonable(new),
        reason=reason,
        chain=chain or chain_of_organisations(session, [org_code]),
    )
    return new


def record_plan(
    session: Session,
    org_code: str,
    year: FinancialYear,
    plan: dict[str, list[Decimal]],
    actor: str,
    reason: str,
    *,
    effective_month: int = 1,
    recorded_at: datetime | None = None,
) -> int:
    version = organisations.record_plan(
        session,
        org_code,
        year,
        plan,
        recorded_at=recorded_at or clock_of(session).now(),
        recorded_by=actor,
        reason=reason,
        effective_month=effective_month,
    )
    annual = {line: money_str(sum(months, Decimal(0))) for line, months in plan.items()}
    record_event(
        session,
        actor=actor,
        action="plan.recorded",
        entity="plan",
        entity_id=f"{org_code}/{year.label}/v{version}",
        before=None,
        after={"annual": annual},
        reason=reason,
    )
    return version


def record_contract(session: Session, contract: Contract, actor: str) -> None:
    version = contract_store.record_contract(session, contract)
    record_event(
        session,
        actor=actor,
        action="contract.recorded",
        entity="contract",
        entity_id=f"{contract.commissioner_code}-{contract.provider_code}/"
        f"{contract.financial_year.label}/v{version}",
        before=None,
        after=jsonable(contract),
    )


def record_allocation(session: Session, allocation: SustainabilityAllocation, actor: str) -> None:
    organisations.record_allocation(session, allocation)
    record_event(
        session,
        actor=actor,
        action="sustainability_allocation.recorded",
        entity="sustainability_allocation",
        entity_id=f"{allocation.org_code}/{allocation.financial_year.label}",
        before=None,
        after=jsonable(allocation),
    )
