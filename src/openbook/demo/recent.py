"""Build Dorset's recent years (2020/21 to 2026/27 M6) on top of the demonstration, through
the same paths users take: memberships, contracts, planned positions, plans, monthly
finance returns and capital, cash and workforce returns. SYNTHETIC, and labelled so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time
from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.demo import recent_data as data
from openbook.demo.build import DEMO_ACTOR, SYNTHETIC, arrived, build_demo
from openbook.demo.dorset import SYSTEM
from openbook.demo.generator import (
    build_returns,
    phase,
    plan_weights,
    provider_outturn_lines,
    provider_plan_lines,
    provider_risks,
)
from openbook.demo.recent_activity import record_recent_activity
from openbook.demo.recent_ccw import ccw_return_for
from openbook.demo.recent_life import life_months, scale_to_life, trim_to_life
from openbook.finance.model.account import CIP_NON_RECURRENT_LINE, CIP_RECURRENT_LINE
from openbook.finance.model.finance_return import FinanceReturn
from openbook.finance.submit import get_chart, store_return
from openbook.kernel.database import Database
from openbook.kernel.event import take_pending
from openbook.kernel.organisation import MemberRole, Membership
from openbook.kernel.period import FinancialYear
from openbook.reference import record as reference
from openbook.reference.model.contract import Contract, ContractType
from openbook.regime.ccw_submit import store_ccw_return
from openbook.regime.store import list_ccw_versions

Progress = Callable[[str], None]
Plan = tuple[
    str, Decimal, dict[str, Decimal], dict[str, Decimal], list[tuple[str, str, Decimal, int]]
]


def is_recent_built(db: Database) -> bool:
    with db.reading() as session:
        return bool(list_ccw_versions(session, data.SUCCESSOR, FinancialYear(2026), 1))


def _members(label: str) -> list[tuple[str, MemberRole]]:
    members = list(data.MEMBERS_AFTER)
    if label == data.MERGER_YEAR:
        members += [(code, MemberRole.PARTNER) for code in data.PREDECESSORS]
    return members


def _record_structure(session: Session, label: str, actor: str) -> None:
    year = FinancialYear.parse(label)
    for org_code, role in _members(label):
        reference.record_membership(
            session, Membership(SYSTEM.system_code, org_code, year, role), actor
        )
    for profile in data.providers(label):
        kind = ContractType.ALIGNED_PAYMENT
        value = data.contract_value(profile.org_code, label)
        reference.record_contract(
            session, Contract("11J", profile.org_code, year, kind, value), actor
        )
    if label == data.MERGER_YEAR:
        for code in data.PREDECESSORS:
            value = data.contract_value(code, label)
            reference.record_contract(
                session, Contract("11J", code, year, ContractType.BLOCK, value), actor
            )


def _plans(label: str) -> list[Plan]:
    spec = dict(data.commissioner_lines(label))
    cip = spec.pop("cip.plan")
    recurrent = (cip * Decimal("0.7")).quantize(Decimal(1))
    ccg = {**spec, CIP_RECURRENT_LINE: recurrent, CIP_NON_RECURRENT_LINE: cip - recurrent}
    surplus = (
        spec["income.allocation"]
        + spec["income.other_operating"]
        - sum((v for k, v in spec.items() if k.startswith("expenditure.")), Decimal(0))
    )
    plans: list[Plan] = [("11J", surplus, ccg, ccg, [])]
    for profile in data.providers(label):
        value = data.contract_value(profile.org_code, label)
        plan = provider_plan_lines(profile, value, "11J")
        outturn = provider_outturn_lines(plan, profile)
        plans.append(
            (profile.org_code, profile.control_total, plan, outturn, provider_risks(profile))
        )
    return plans


def _year(session: Session, label: str, actor: str) -> list[FinanceReturn]:
    year = FinancialYear.parse(label)
    agreed = datetime.combine(year.start_date, time(9), tzinfo=UTC)
    stored: list[FinanceReturn] = []
    for org_code, planned, plan, outturn, risks in _plans(label):
        first, last = life_months(org_code, label)
        share = scale_to_life(planned, first, last)
        reference.record_control_total(
            session, org_code, year, share, f"Planned {label} position ({SYNTHETIC})", None,
            actor, recorded_at=agreed,
        )  # fmt: skip
        reference.record_plan(
            session, org_code, year,
            {code: phase(amount, plan_weights(code)) for code, amount in plan.items()},
            actor, f"Agreed {label} plan ({SYNTHETIC})", recorded_at=agreed,
        )  # fmt: skip
        chart = get_chart(session, org_code, year)
        returns = build_returns(org_code, year, chart, plan, outturn, risks)
        stored += trim_to_life(returns, (first, last), chart, data.LAST_MONTH.get(label, 12))
    return stored


def build_recent_demo(
    db: Database, progress: Progress | None = None, actor: str = DEMO_ACTOR
) -> bool:
    """Add 2020/21 to 2026/27 (to M6) to the Dorset demonstration; False if already there."""
    say = progress or (lambda _message: None)
    build_demo(db, say, actor)
    if is_recent_built(db):
        return False
    with db.transaction() as session:
        for label in data.RECENT_YEARS:
            say(f"{label}: memberships, contracts, plans and returns ({SYNTHETIC})")
            _record_structure(session, label, actor)
            for r in _year(session, label, actor):
                when = arrived(r.financial_year, r.month)
                name = f"demo-{r.org_code}-{label.replace('/', '-')}-M{r.month}"
                store_return(session, r, f"{name}.csv", actor, when)
                store_ccw_return(session, ccw_return_for(r), f"{name}-ccw.csv", actor, when)
        say(f"elective activity 2019/20 onwards, prices and aligned payment terms ({SYNTHETIC})")
        record_recent_activity(session, actor)
        take_pending(session)  # history, not news: no escalations are replayed for it
    return True
