"""A SYNTHETIC neighbour for Dorset and the 2026/27 cluster of the two, built on the recent
demonstration (`openbook demo --recent`) through the same use cases users take.

Wessex Vale (QZZ) is invented, and labelled so everywhere: its ICB (ZZC) contracts its acute
trust (ZZA); NHS Dorset (11J) also contracts ZZA for Dorset patients treated there, the one
contract between the cluster's systems, so it is eliminated in the cluster's consolidated
position, and ZZA's reported income from 11J (its own phasing and month-by-month noise) is
not exactly the contract's value to date: a difference to agree. Wessex Vale's community and
mental health trust (ZZM) joins the system from 1 October 2026, so it is not in the M6
position."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.demo.build import DEMO_ACTOR, SYNTHETIC, agree_year, arrived
from openbook.demo.dorset import SYSTEM, _p
from openbook.demo.generator import (
    build_returns,
    provider_outturn_lines,
    provider_plan_lines,
    provider_risks,
)
from openbook.finance.model.account import (
    CIP_NON_RECURRENT_LINE,
    CIP_RECURRENT_LINE,
    PATIENT_CARE_PREFIX,
)
from openbook.finance.submit import get_chart, store_return
from openbook.kernel.database import Database
from openbook.kernel.event import take_pending
from openbook.kernel.organisation import HealthSystem, MemberRole, Membership, Organisation, OrgKind
from openbook.kernel.period import FinancialYear
from openbook.reference import cluster_store
from openbook.reference import record as reference
from openbook.reference.cluster_load import record_cluster_year
from openbook.reference.model.cluster import Cluster, ClusterYear
from openbook.reference.model.contract import Contract, ContractType

Plan = tuple[
    str, Decimal, dict[str, Decimal], dict[str, Decimal], list[tuple[str, str, Decimal, int]]
]
M = Decimal(1_000_000)
YEAR = FinancialYear(2026)
LAST_MONTH = 6
NEIGHBOUR = HealthSystem("QZZ", "Wessex Vale Health and Care Partnership (SYNTHETIC)")
ICB, ACUTE, COMMUNITY = "ZZC", "ZZA", "ZZM"
ORGANISATIONS = (
    Organisation(ICB, "NHS Wessex Vale ICB (SYNTHETIC)", OrgKind.COMMISSIONER, "Wessex Vale"),
    Organisation(ACUTE, "Wessex Vale Hospitals NHS FT (SYNTHETIC)", OrgKind.ACUTE, "Wessex Vale"),
    Organisation(
        COMMUNITY, "Wessex Vale Community and Mental Health NHS FT (SYNTHETIC)",
        OrgKind.COMMUNITY_AND_MENTAL_HEALTH, "Wessex Vale",
    ),
)  # fmt: skip
JOINS = {COMMUNITY: date(2026, 10, 1)}
CLUSTER = Cluster("DSW", "Dorset and Wessex Vale cluster (SYNTHETIC)", synthetic=True)
OWN_CONTRACT = 320 * M  # ZZC -> ZZA
DORSET_CONTRACT = 24 * M  # 11J -> ZZA: between the cluster's systems, eliminated
# ZZA: other patient care, other operating, STF, pay (substantive, bank, agency), finance
# costs, control total, outturn delta, CIP plan, CIP delivered (as dorset._p; £m).
ACUTE_YEAR = _p(ACUTE, 30, 25, "0", 210, 10, 8, "4.0", "-1.0", "-0.3", "9.0", "0.9")


def is_cluster_built(db: Database) -> bool:
    with db.reading() as session:
        return cluster_store.get_cluster(session, CLUSTER.cluster_code) is not None


def _commissioner_plan() -> dict[str, Decimal]:
    spend = {
        "expenditure.acute": 395 * M,
        "expenditure.community_mental_health": 150 * M,
        "expenditure.primary_care": 118 * M,
        "expenditure.continuing_care": 45 * M,
        "expenditure.running_costs": 11 * M,
    }
    allocation, other = 728 * M, 2 * M
    spend["expenditure.other_programme"] = allocation + other - sum(spend.values(), Decimal(0))
    return {
        "income.allocation": allocation,
        "income.other_operating": other,
        **spend,
        CIP_RECURRENT_LINE: Decimal("10.5") * M,
        CIP_NON_RECURRENT_LINE: Decimal("4.5") * M,
    }


def _acute_plan() -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """ZZA's plan with a second commissioner (11J): its income and its cost (non-pay)."""
    plan = provider_plan_lines(ACUTE_YEAR, OWN_CONTRACT, ICB)
    plan[f"{PATIENT_CARE_PREFIX}11J"] = DORSET_CONTRACT
    plan["non_pay"] += DORSET_CONTRACT
    return plan, provider_outturn_lines(plan, ACUTE_YEAR)


def _structure(session: Session, actor: str) -> None:
    reference.record_system(session, NEIGHBOUR, actor)
    for org in ORGANISATIONS:
        reference.record_organisation(session, org, actor)
        membership = Membership(
            NEIGHBOUR.system_code, org.org_code, YEAR, MemberRole.PARTNER, JOINS.get(org.org_code)
        )
        reference.record_membership(session, membership, actor)
    for commissioner, value in ((ICB, OWN_CONTRACT), ("11J", DORSET_CONTRACT)):
        contract = Contract(commissioner, ACUTE, YEAR, ContractType.ALIGNED_PAYMENT, value)
        reference.record_contract(session, contract, actor)
    record_cluster_year(
        session, ClusterYear(CLUSTER, YEAR, (SYSTEM.system_code, NEIGHBOUR.system_code)),
        actor, f"The 2026/27 cluster ({SYNTHETIC})",
    )  # fmt: skip


def _finances(session: Session, actor: str) -> None:
    ccg = _commissioner_plan()
    acute, acute_outturn = _acute_plan()
    plans: tuple[Plan, ...] = (
        (ICB, Decimal(0), ccg, ccg, []),
        (ACUTE, ACUTE_YEAR.control_total, acute, acute_outturn, provider_risks(ACUTE_YEAR)),
    )
    for org_code, control_total, plan, outturn, risks in plans:
        why = f"Planned 2026/27 position ({SYNTHETIC})"
        agree_year(session, org_code, YEAR, control_total, plan, actor, why)
        chart = get_chart(session, org_code, YEAR)
        for r in build_returns(org_code, YEAR, chart, plan, outturn, risks)[:LAST_MONTH]:
            name = f"demo-{org_code}-2026-27-M{r.month}.csv"
            store_return(session, r, name, actor, arrived(YEAR, r.month))


def build_cluster_demo(db: Database, actor: str = DEMO_ACTOR) -> bool:
    """The neighbour and the cluster, once; False if already there."""
    if is_cluster_built(db):
        return False
    with db.transaction() as session:
        _structure(session, actor)
        _finances(session, actor)
        take_pending(session)  # history, not news
    return True
