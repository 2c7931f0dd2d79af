"""Build England: 41 SYNTHETIC systems beside Dorset (england_data.py), five years of
monthly finance returns, activity and governance, through the same use cases users take.

Bulk-friendly: one transaction per system (its organisations, memberships, contracts,
control totals, plans, every monthly return and its activity); the escalation rules run
once per system at the end, on its last month, rather than after every return."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from openbook.activity.load import store_counts
from openbook.activity.model.activity import ActivityCount, PlanBasis
from openbook.activity.model.plan import build_plans
from openbook.demo.ae import AE_FILE, AE_SOURCE, read_ae_months
from openbook.demo.build import DEMO_ACTOR, SYNTHETIC, agree_year, arrived, build_demo
from openbook.demo.england_activity import synthetic_activity
from openbook.demo.england_data import (
    YEARS,
    EnglandSystem,
    commissioner_lines,
    contract_value,
    group_trusts,
    provider_year,
    read_trusts,
)
from openbook.demo.generator import (
    build_returns,
    provider_outturn_lines,
    provider_plan_lines,
    provider_risks,
)
from openbook.finance.model.account import CIP_NON_RECURRENT_LINE, CIP_RECURRENT_LINE
from openbook.finance.model.finance_return import FinanceReturn
from openbook.finance.submit import get_chart, store_return
from openbook.governance.config import record_governance
from openbook.governance.evaluate import evaluate_escalations
from openbook.governance.file import parse_governance
from openbook.kernel.database import Database
from openbook.kernel.error import InvalidDataError
from openbook.kernel.event import take_pending
from openbook.kernel.organisation import HealthSystem, MemberRole, Membership, Organisation, OrgKind
from openbook.kernel.period import FinancialYear
from openbook.reference import record as reference
from openbook.reference import store as organisations
from openbook.reference.model.contract import Contract, ContractType
from openbook.reference.model.sustainability import SustainabilityAllocation

Progress = Callable[[str], None]
Plan = tuple[
    str, Decimal, dict[str, Decimal], dict[str, Decimal], list[tuple[str, str, Decimal, int]]
]


@dataclass(frozen=True)
class EnglandBuild:
    """What a build added: systems, organisations, returns and escalations open at the end."""

    systems: int
    organisations: int
    returns: int
    escalations_open: int


def england_systems(path: Path = AE_FILE, limit: int | None = None) -> list[EnglandSystem]:
    systems = group_trusts(read_trusts(path))
    return systems if limit is None else systems[:limit]


def _missing(db: Database, systems: list[EnglandSystem]) -> list[EnglandSystem]:
    """The systems not in the store yet: a build stopped part way resumes where it was."""
    with db.reading() as session:
        return [s for s in systems if organisations.get_system(session, s.system_code) is None]


def build_england_demo(
    db: Database,
    progress: Progress | None = None,
    *,
    limit: int | None = None,
    years: tuple[str, ...] = YEARS,
    months: int = 12,
    actor: str = DEMO_ACTOR,
) -> EnglandBuild | None:
    """Dorset as the normal demonstration builds it, then the 41 synthetic systems (the
    first `limit` of them, `months` of each of `years`, for tests); None if already built.
    Each system is committed on its own, so a build stopped part way resumes."""
    say = progress or (lambda _message: None)
    build_demo(db, say, actor)
    systems = _missing(db, england_systems(limit=limit))
    if not systems:
        return None
    ae = _real_ae(systems)
    stored = 0
    for index, system in enumerate(systems, start=1):
        say(f"{system.system_code} ({index} of {len(systems)}): returns and activity")
        with db.transaction() as session:
            stored += _build_system(session, system, years, months, ae, actor)
            take_pending(session)  # history, not news: the rules run once, below
    say("escalation rules, once per system on its last month")
    last_year, when = (
        FinancialYear.parse(years[-1]),
        arrived(FinancialYear.parse(years[-1]), months),
    )
    opened = sum(
        len(evaluate_escalations(db, s.system_code, last_year, months, when.date()).raised)
        for s in systems
    )
    orgs = sum(len(s.trusts) + 1 for s in systems)
    return EnglandBuild(len(systems), orgs, stored, opened)


def _real_ae(systems: list[EnglandSystem]) -> dict[str, list[ActivityCount]]:
    codes = tuple(t.org_code for s in systems for t in s.trusts)
    found: dict[str, list[ActivityCount]] = {}
    for row in read_ae_months(codes):
        found.setdefault(row.org_code, []).append(row.as_count())
    return found


def _build_system(
    session: Session,
    system: EnglandSystem,
    years: tuple[str, ...],
    months: int,
    ae: dict[str, list[ActivityCount]],
    actor: str,
) -> int:
    _record_structure(session, system, years, actor)
    stored = 0
    for label in years:
        for r in _year_returns(session, system, label, actor)[: months * (len(system.trusts) + 1)]:
            name = f"demo-{r.org_code}-{label.replace('/', '-')}-M{r.month}.csv"
            store_return(session, r, name, actor, arrived(r.financial_year, r.month))
            stored += 1
    _record_activity(session, system, years, ae, actor)
    _record_governance(session, system, actor)
    return stored


def _organisations(system: EnglandSystem) -> list[Organisation]:
    icb = Organisation(
        system.icb_code,
        f"NHS {system.system_code} ICB (SYNTHETIC commissioner)",
        OrgKind.COMMISSIONER,
        system.system_code,
    )
    trusts = [Organisation(t.org_code, t.name, t.kind, system.system_code) for t in system.trusts]
    return [icb, *trusts]


def _record_structure(
    session: Session, system: EnglandSystem, years: tuple[str, ...], actor: str
) -> None:
    reference.record_system(session, HealthSystem(system.system_code, system.name), actor)
    orgs = _organisations(system)
    for org in orgs:
        reference.record_organisation(session, org, actor)
    for label in years:
        year = FinancialYear.parse(label)
        for org in orgs:
            membership = Membership(system.system_code, org.org_code, year, MemberRole.PARTNER)
            reference.record_membership(session, membership, actor)
        for trust in system.trusts:
            value = contract_value(trust, label)
            contract = Contract(system.icb_code, trust.org_code, year, _contract_type(label), value)
            reference.record_contract(session, contract, actor)


def _contract_type(label: str) -> ContractType:
    """Blocks in the years of the sustainability fund; aligned payment after."""
    return ContractType.BLOCK if label < "2019/20" else ContractType.ALIGNED_PAYMENT


def _plans(session: Session, system: EnglandSystem, label: str, actor: str) -> list[Plan]:
    year = FinancialYear.parse(label)
    spec = commissioner_lines(system, label)
    cip = (spec["income.allocation"] * Decimal("0.02")).quantize(Decimal(1000))
    recurrent = (cip * Decimal("0.7")).quantize(Decimal(1))
    icb = {**spec, CIP_RECURRENT_LINE: recurrent, CIP_NON_RECURRENT_LINE: cip - recurrent}
    plans: list[Plan] = [(system.icb_code, Decimal(0), icb, icb, [])]
    for trust in system.trusts:
        profile = provider_year(trust, label)
        plan = provider_plan_lines(profile, contract_value(trust, label), system.icb_code)
        outturn = provider_outturn_lines(plan, profile)
        plans.append(
            (trust.org_code, profile.control_total, plan, outturn, provider_risks(profile))
        )
        if profile.sustainability:
            allocation = SustainabilityAllocation(trust.org_code, year, profile.sustainability)
            reference.record_allocation(session, allocation, actor)
    return plans


def _year_returns(
    session: Session, system: EnglandSystem, label: str, actor: str
) -> list[FinanceReturn]:
    """Record a year's control totals and plans; its returns, month by month (M1 of every
    organisation, then M2 ...), so a `months` cut keeps whole months."""
    year = FinancialYear.parse(label)
    by_org = []
    for org_code, control_total, plan, outturn, risks in _plans(session, system, label, actor):
        why = f"Original {label} control total ({SYNTHETIC})"
        agree_year(session, org_code, year, control_total, plan, actor, why)
        chart = get_chart(session, org_code, year)
        by_org.append(build_returns(org_code, year, chart, plan, outturn, risks))
    return [returns[month] for month in range(12) for returns in by_org]


def _record_activity(
    session: Session,
    system: EnglandSystem,
    years: tuple[str, ...],
    ae: dict[str, list[ActivityCount]],
    actor: str,
) -> None:
    """Real A&E where the file has it; synthetic activity elsewhere; flat plans each year."""
    code = system.system_code
    first, last = FinancialYear.parse(years[0]), FinancialYear.parse(years[-1])
    real = [c for t in system.trusts for c in ae.get(t.org_code, [])]
    if real:
        store_counts(session, real, kind="ae", source=AE_SOURCE,
                     content_hash=f"england-ae-{code}", actor=actor)  # fmt: skip
    acute = [t for t in system.trusts if t.kind is OrgKind.ACUTE]
    made = synthetic_activity(acute, system.icb_code, real, first.previous(), last)
    if made:
        store_counts(
            session, made, kind="demo",
            source=f"elective, outpatient, non-elective and later A&E activity ({SYNTHETIC})",
            content_hash=f"england-activity-{code}", actor=actor, synthetic=True,
        )  # fmt: skip
    actuals = real + made
    for label in years:
        year = FinancialYear.parse(label)
        before = year.previous()
        previous = [c for c in actuals if before.start_date <= c.period_start <= before.end_date]
        if previous:
            store_counts(
                session, build_plans(previous, PlanBasis.FLAT), kind="plan-flat",
                source=f"{label} plan: flat on {before.label} actuals",
                content_hash=f"england-plan-{code}-{label}", actor=actor, measure="plan",
            )  # fmt: skip


def _record_governance(session: Session, system: EnglandSystem, actor: str) -> None:
    """One finance group reporting to a board: enough for the escalation rules to route."""
    lead = "system.lead"
    document = {
        "system": system.system_code,
        "bodies": [
            {"code": "board", "name": "System board (SYNTHETIC)", "remits": ["system"],
             "chair": lead, "members": [lead]},
            {"code": "finance", "name": "Finance committee (SYNTHETIC)",
             "remits": ["finance", "activity", "quality", "workforce"], "escalates_to": "board",
             "chair": lead, "members": [lead]},
        ],
    }  # fmt: skip
    source = f"england-{system.system_code}-governance.yaml"
    definition, issues = parse_governance(yaml.safe_dump(document), source)
    if definition is None:
        raise InvalidDataError("the England governance definition is not valid", issues)
    record_governance(session, definition, source, actor)
