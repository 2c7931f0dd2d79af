"""A cluster of systems viewed as one at a month: each member system's position as it
always is, their sum, and the consolidated income and expenditure with the intra-cluster
contracts eliminated (the use case behind `openbook position --cluster`, the cluster page
and its API route)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.finance.model.account import (
    INCOME_LINE,
    OPERATING_EXPENDITURE_LINE,
    PATIENT_CARE_PREFIX,
)
from openbook.finance.model.finance_return import FinanceReturn
from openbook.finance.model.position import Position, calculate_system_position
from openbook.finance.position_report import SystemPosition, read_system_position
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear, check_month
from openbook.reference import contract_store
from openbook.reference.cluster_load import read_cluster_year
from openbook.reference.model.cluster import Cluster
from openbook.regime.model.elimination import (
    NOTHING,
    Consolidation,
    Elimination,
    MemberTotals,
    Pair,
    calculate_consolidation,
    calculate_eliminations,
)


@dataclass(frozen=True)
class ClusterPosition:
    cluster: Cluster
    financial_year: FinancialYear
    month: int
    systems: list[SystemPosition]  # each member system's own position
    position: Position  # the sum of every member system's partners
    members: list[MemberTotals]
    eliminations: list[Elimination]
    consolidation: Consolidation
    synthetic: bool


def _pair(found: FinanceReturn, line: str) -> Pair:
    return Pair(found.amount(line, "actual_ytd"), found.amount(line, "forecast_outturn"))


def _member_totals(
    session: Session,
    systems: list[SystemPosition],
    year: FinancialYear,
    month: int,
    as_at: datetime | None,
) -> tuple[list[MemberTotals], dict[tuple[str, str], Pair]]:
    """Each partner's income and expenditure from the return its position uses, counted
    once (in the first member system that has it), and every provider's income lines."""
    system_of: dict[str, str] = {}
    for report in systems:
        for p in report.organisations:
            system_of.setdefault(p.code, report.system.system_code)
    latest = returns.get_latest_returns(session, list(system_of), year, month, as_at)
    members, lines = [], {}
    for code, system_code in system_of.items():
        found = latest.get(code)
        if found is None:
            members.append(MemberTotals(code, system_code, False, NOTHING, NOTHING))
            continue
        ret = found[0]
        members.append(
            MemberTotals(
                code, system_code, True, _pair(ret, INCOME_LINE),
                _pair(ret, OPERATING_EXPENDITURE_LINE),
            )
        )  # fmt: skip
        for line in ret.lines:
            if line.line_code.startswith(PATIENT_CARE_PREFIX):
                commissioner = line.line_code.removeprefix(PATIENT_CARE_PREFIX)
                lines[(code, commissioner)] = _pair(ret, line.line_code)
    return members, lines


def get_cluster_position(
    db: Database,
    cluster_code: str,
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> ClusterPosition:
    """The cluster at the month, as it stands or as known at `as_at`: every system uses
    its own membership in force that month."""
    check_month(month)
    with db.reading() as session:
        found = read_cluster_year(session, cluster_code, year)
        systems = [read_system_position(session, s, year, month, as_at) for s in found.system_codes]
        members, lines = _member_totals(session, systems, year, month, as_at)
        contracts = contract_store.list_contracts(session, year)
    by_code = {m.org_code: m for m in members}
    eliminations = calculate_eliminations(contracts, by_code, lines, month)
    unique: dict[str, Position] = {}
    for report in systems:  # an organisation in two member systems counts once
        for p in report.organisations:
            unique.setdefault(p.code, p)
    total = calculate_system_position(
        code=found.cluster.cluster_code, name=found.cluster.name, financial_year=year,
        month=month, members=list(unique.values()),
    )  # fmt: skip
    return ClusterPosition(
        found.cluster,
        year,
        month,
        systems,
        total,
        members,
        eliminations,
        calculate_consolidation(members, eliminations),
        found.cluster.synthetic or any(report.synthetic for report in systems),
    )
