"""Build the Dorset demonstration system through the same paths users take."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from openbook.activity.load import store_counts, store_prices
from openbook.activity.model.activity import PlanBasis
from openbook.activity.model.plan import build_plans
from openbook.demo import dorset
from openbook.demo.activity import PRICES as DEMO_PRICES
from openbook.demo.activity import generate_activity
from openbook.demo.ae import AE_SOURCE, DORSET_ACUTE, read_ae_months
from openbook.demo.generator import (
    build_returns,
    phase,
    plan_weights,
    provider_outturn_lines,
    provider_plan_lines,
    provider_risks,
)
from openbook.demo.packs import issue_demo_packs
from openbook.demo.planning import record_demo_plans
from openbook.demo.programme import record_demo_programme
from openbook.demo.quality import DEMO_RATINGS, demo_quality_returns
from openbook.demo.quality import SOURCE as QUALITY_SOURCE
from openbook.demo.users import create_demo_users_in
from openbook.demo.workforce import record_dorset_passport
from openbook.finance.model.account import CIP_NON_RECURRENT_LINE, CIP_RECURRENT_LINE
from openbook.finance.model.finance_return import FinanceReturn
from openbook.finance.period_close import close_month
from openbook.finance.position_report import DEMO_SUBMITTER
from openbook.finance.rules import ORG_BEHIND
from openbook.finance.submit import get_chart, store_return
from openbook.governance import store as governance
from openbook.governance.config import record_governance
from openbook.governance.escalation_view import list_escalation_views
from openbook.governance.escalations import add_action
from openbook.governance.evaluate import evaluate_escalations
from openbook.governance.file import parse_governance
from openbook.governance.rule_registry import rule_providers
from openbook.kernel.access import Principal, Role
from openbook.kernel.database import Database
from openbook.kernel.error import InvalidDataError
from openbook.kernel.event import take_pending
from openbook.kernel.organisation import Membership
from openbook.kernel.period import FinancialYear, month_end
from openbook.quality.submit import store_quality_return, store_ratings
from openbook.reference import record as reference
from openbook.reference import store as organisations
from openbook.reference.model.contract import Contract
from openbook.reference.model.sustainability import SustainabilityAllocation

Progress = Callable[[str], None]
DEMO_ACTOR = DEMO_SUBMITTER  # lets positions label demonstration figures
# The builder works the escalations it replays as an administrator would.
DEMO_BUILDER = Principal(0, DEMO_ACTOR, "Demonstration builder", "", Role.ADMINISTRATOR)
OFRG_CHAIR = Principal(0, "11j.approver", "11J approver (demo)", "11J", Role.APPROVER)
DEMO_PLANNER = Principal(0, "system.lead", "System finance lead (demo)", "QVV", Role.SYSTEM_LEAD)
SYNTHETIC = "synthetic demonstration data"
GOVERNANCE_FILE = Path(dorset.__file__).parent / "data" / "dorset_governance.yaml"
REPORTING_LAG_DAYS = 20  # returns are in and checked about three weeks after month end


def agree_year(
    session: Session,
    org_code: str,
    year: FinancialYear,
    control_total: Decimal,
    plan: dict[str, Decimal],
    actor: str,
    why: str,
) -> None:
    """An organisation's control total (`why` its reason) and its plan, phased by line, as
    agreed at 09:00 on the year's first day, through the reference use cases."""
    agreed = datetime.combine(year.start_date, time(9), tzinfo=UTC)
    reference.record_control_total(
        session, org_code, year, control_total, why, None, actor, recorded_at=agreed
    )
    phased = {code: phase(amount, plan_weights(code)) for code, amount in plan.items()}
    reference.record_plan(
        session, org_code, year, phased, actor, f"Agreed {year.label} plan ({SYNTHETIC})",
        recorded_at=agreed,
    )  # fmt: skip


def arrived(year: FinancialYear, month: int) -> datetime:
    """When a month's return came in: the figures are as they were known then, so a position
    `--as-at` a past date shows what a board saw that day."""
    day = month_end(year, month) + timedelta(days=REPORTING_LAG_DAYS)
    return datetime.combine(day, time(9), tzinfo=UTC)


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
        agreed = datetime.combine(year.start_date, time(9), tzinfo=UTC)
        reference.record_control_total(
            session,
            org_code,
            year,
            control_total,
            f"Original {label} control total ({SYNTHETIC})",
            None,
            actor,
            recorded_at=agreed,
        )
        reference.record_plan(
            session,
            org_code,
            year,
            {code: phase(amount, plan_weights(code)) for code, amount in plan.items()},
            actor,
            f"Agreed {label} plan ({SYNTHETIC})",
            recorded_at=agreed,
        )
        chart = get_chart(session, org_code, year)
        years_returns += build_returns(org_code, year, chart, plan, outturn, risks)
    return years_returns


def _record_activity(session: Session, actor: str) -> None:
    """Real A&E for the three acute trusts; synthetic other points of delivery; flat plans
    for 2017/18 and 2018/19; demonstration prices for shadow Payment by Results."""
    ae = [row.as_count() for row in read_ae_months()]
    store_counts(session, ae, kind="ae", source=AE_SOURCE, content_hash="demo-ae", actor=actor)
    first_year = FinancialYear.parse("2016/17")
    ae_2016 = {
        code: sum(
            c.count for c in ae if c.provider_code == code and c.period_start < first_year.end_date
        )
        for code in DORSET_ACUTE
    }
    contract_values = {p: v for _, p, _, v in dorset.CONTRACTS if p in DORSET_ACUTE}
    synthetic = generate_activity(contract_values, ae_2016)
    store_counts(
        session,
        synthetic,
        kind="demo",
        source=f"outpatient, elective and non-elective activity ({SYNTHETIC})",
        content_hash="demo-activity",
        actor=actor,
        synthetic=True,
    )
    actuals = ae + synthetic
    for label in dorset.YEARS:
        year = FinancialYear.parse(label)
        previous = [
            c
            for c in actuals
            if year.previous().start_date <= c.period_start <= year.previous().end_date
        ]
        store_counts(
            session,
            build_plans(previous, PlanBasis.FLAT),
            kind="plan-flat",
            source=f"{label} plan: flat on {year.previous().label} actuals",
            content_hash=f"demo-plan-{label}",
            actor=actor,
            measure="plan",
        )
        store_prices(session, year, DEMO_PRICES, f"demonstration prices ({SYNTHETIC})", actor)


def _record_quality(session: Session, actor: str) -> None:
    for quality_return in demo_quality_returns(dorset.YEARS):
        when = arrived(quality_return.year, quality_return.month)
        store_quality_return(session, quality_return, QUALITY_SOURCE, actor, when, synthetic=True)
    store_ratings(session, DEMO_RATINGS, actor, datetime(2018, 3, 1, 9, tzinfo=UTC))


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
                    arrived(finance_return.financial_year, finance_return.month),
                )
            for month in dorset.CLOSED_MONTHS:
                financial_year = FinancialYear.parse(label)
                # Closed a week after the month's returns came in.
                when = arrived(financial_year, month) + timedelta(days=7)
                close_month(session, dorset.SYSTEM.system_code, financial_year, month, actor, when)
        say("real NHS England A&E activity for RBD, RD3 and RDZ, synthetic other activity")
        _record_activity(session, actor)
        say("synthetic quality returns for the acute trusts, and CQC ratings")
        _record_quality(session, actor)
        say("the SYNTHETIC county staff passport register")
        record_dorset_passport(session, actor)
        say("demonstration users, one per role and organisation")
        create_demo_users_in(session, actor)
        say("the system's five governance bodies")
        _record_governance(db, session, actor)
        say("the One NHS in Dorset acute collaboration programme (synthetic progress)")
        record_demo_programme(session, DEMO_BUILDER)
        # The figures arrived month by month: the replay below evaluates each month dated
        # when it came in, instead of every month today.
        take_pending(session)
    say("escalation rules run on each month's figures as they came in")
    _replay_escalations(db)
    say("the operational finance reference group's pack of 20 April 2018, as issued")
    issue_demo_packs(db, OFRG_CHAIR)
    say("two medium-term plans: flat cash then +1%, and flat cash throughout")
    record_demo_plans(db, DEMO_PLANNER)
    return True


def _record_governance(db: Database, session: Session, actor: str) -> None:
    text = GOVERNANCE_FILE.read_text(encoding="utf-8")
    definition, issues = parse_governance(text, GOVERNANCE_FILE.name, providers=rule_providers(db))
    if definition is None:
        raise InvalidDataError("the demonstration governance file is not valid", issues)
    record_governance(session, definition, GOVERNANCE_FILE.name, actor)


def _replay_escalations(db: Database) -> None:
    """Evaluate every month in order, dated when its figures would have arrived (about
    three weeks after the month ended), so escalations open and clear as they did."""
    for label in dorset.YEARS:
        year = FinancialYear.parse(label)
        for month in range(1, 13):
            arrived = month_end(year, month) + timedelta(days=REPORTING_LAG_DAYS)
            evaluate_escalations(db, dorset.SYSTEM.system_code, year, month, arrived)
    behind = [
        e
        for e in list_escalation_views(db, dorset.SYSTEM.system_code, financial_year="2017/18")
        if e.rule == ORG_BEHIND and e.subject == "RD3"
    ]
    for escalation in behind:
        add_action(
            db,
            escalation.ref,
            "Bring a recovery plan to the operational finance reference group, with the "
            "agency and non-pay actions and their phasing",
            "rd3.approver",
            escalation.raised_on + timedelta(days=30),
            DEMO_BUILDER,
            as_of=escalation.raised_on,
        )
    with db.transaction() as session:
        # The replay's notifications are history: kept in-app, never emailed.
        governance.keep_in_app_only(session)
