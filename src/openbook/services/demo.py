"""Build the Dorset demonstration system through the same paths users take."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.demo import dorset
from openbook.demo.ae import read_ae_months
from openbook.demo.generator import (
    build_returns,
    phase,
    plan_weights,
    provider_outturn_lines,
    provider_plan_lines,
    provider_risks,
)
from openbook.domain.account import CIP_NON_RECURRENT_LINE, CIP_RECURRENT_LINE
from openbook.domain.contract import Contract
from openbook.domain.finance_return import FinanceReturn
from openbook.domain.organisation import Membership
from openbook.domain.period import FinancialYear
from openbook.domain.sustainability import SustainabilityAllocation
from openbook.services import reference
from openbook.services.demo_users import create_demo_users_in
from openbook.services.position import DEMO_SUBMITTER
from openbook.services.submission import get_chart, store_return
from openbook.store import activity, organisations
from openbook.store.database import Database

Progress = Callable[[str], None]
DEMO_ACTOR = DEMO_SUBMITTER  # lets positions label demonstration figures
SYNTHETIC = "synthetic demonstration data"


def _record_structure(session: Session, actor: str) -> None:
    reference.record_system(session, dorset.SYSTEM, actor)
    for org in dorset.ORGANISATIONS:
        reference.record_organisation(session, org, actor)
    for label in dorset.YEARS:
        year = FinancialYear.parse(label)
        for org_code, role in dorset.MEMBERS:
            reference.record_membership(
                session, Membership(dorset.SYSTEM.system_code, org_code, year, role), actor
            )
        for commissioner, provider, kind, value in dorset.CONTRACTS:
            reference.record_contract(
                session, Contract(commissioner, provider, year, kind, value), actor
            )


def _commissioner_lines(label: str) -> dict[str, Decimal]:
    spec = dict(dorset.COMMISSIONER[label])
    cip = spec.pop("cip.plan")
    recurrent = (cip * Decimal("0.7")).quantize(Decimal(1))
    return {**spec, CIP_RECURRENT_LINE: recurrent, CIP_NON_RECURRENT_LINE: cip - recurrent}


def _year_returns(session: Session, label: str, actor: str) -> list[FinanceReturn]:
    """Record a year's control totals, allocations and plans; generate its returns."""
    year = FinancialYear.parse(label)
    contract_values = {p: v for c, p, _, v in dorset.CONTRACTS}
    ccg_lines = _commissioner_lines(label)
    years_returns = []
    plans: list[
        tuple[
            str,
            Decimal,
            dict[str, Decimal],
            dict[str, Decimal],
            list[tuple[str, str, Decimal, int]],
        ]
    ] = [("11J", Decimal(0), ccg_lines, ccg_lines, [])]
    for profile in dorset.PROVIDERS[label]:
        plan = provider_plan_lines(profile, contract_values[profile.org_code], "11J")
        plans.append(
            (
                profile.org_code,
                profile.control_total,
                plan,
                provider_outturn_lines(plan, profile),
                provider_risks(profile),
            )
        )
        reference.record_allocation(
            session, SustainabilityAllocation(profile.org_code, year, profile.sustainability), actor
        )
    for org_code, control_total, plan, outturn, risks in plans:
        reference.record_control_total(
            session,
            org_code,
            year,
            control_total,
            f"Original {label} control total ({SYNTHETIC})",
            None,
            actor,
        )
        reference.record_plan(
            session,
            org_code,
            year,
            {code: phase(amount, plan_weights(code)) for code, amount in plan.items()},
            actor,
            f"Agreed {label} plan ({SYNTHETIC})",
        )
        chart = get_chart(session, org_code, year)
        years_returns += build_returns(org_code, year, chart, plan, outturn, risks)
    return years_returns


def _record_ae(session: Session) -> int:
    rows = read_ae_months()
    for row in rows:
        activity.record_ae_month(
            session,
            provider_code=row.org_code,
            ae_type=row.ae_type,
            period_start=row.period,
            attendances=row.attendances,
            breaches=row.breaches,
            admissions=row.admissions,
            source="NHS England A&E attendances (OGL v3)",
        )
    return len(rows)


def is_demo_built(db: Database) -> bool:
    with db.reading() as session:
        return organisations.get_system(session, dorset.SYSTEM.system_code) is not None


def build_demo(db: Database, progress: Progress | None = None, actor: str = DEMO_ACTOR) -> bool:
    """Build the Dorset system in one transaction; False if it is already there."""
    say = progress or (lambda _message: None)
    if is_demo_built(db):
        return False
    with db.transaction() as session:
        say("organisations, memberships and contracts")
        _record_structure(session, actor)
        for label in dorset.YEARS:
            say(f"{label} control totals, plans and monthly returns")
            for finance_return in _year_returns(session, label, actor):
                store_return(
                    session,
                    finance_return,
                    f"demo-{finance_return.org_code}-"
                    f"{label.replace('/', '-')}-M{finance_return.month}.csv",
                    actor,
                )
            for month in dorset.CLOSED_MONTHS:
                reference.close_month(
                    session, dorset.SYSTEM.system_code, FinancialYear.parse(label), month, actor
                )
        say("real NHS England A&E activity for RBD, RD3 and RDZ")
        _record_ae(session)
        say("demonstration users, one per role and organisation")
        create_demo_users_in(session, actor)
    return True
