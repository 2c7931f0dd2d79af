"""Solving from stored positions: scenarios built from the open book, results made proposals.

The scenario and result shapes are the documented file formats (docs/rebalance.md), so a
solve from the store is exactly a solve of the scenario file it writes out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.finance.model.year_test import CONTROL_TOTAL_YEAR, YearTest
from openbook.finance.position_report import SystemPosition, get_system_position
from openbook.kernel.access import Principal
from openbook.kernel.database import Database
from openbook.kernel.money import ZERO, format_k, money_str
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.incentive import funding_share
from openbook.rebalancing.model import (
    ControlTotalChange,
    ProposalKind,
    Transfer,
    round_control_totals,
)
from openbook.rebalancing.propose import create_proposal
from openbook.rebalancing.view import ProposalView
from openbook.reference import store as reference_store

DEFAULT_MAX_CIP_PCT = Decimal("4.0")


def transfers_scenario(
    report: SystemPosition, min_transfer: Decimal = ZERO, year: YearTest = CONTROL_TOTAL_YEAR
) -> dict[str, Any]:
    """Each partner with a return and a target: its forecast, its target (its control total,
    or breakeven where the year's organisation test is breakeven) and the funding that
    depends on meeting it (the year's share: the STF's and PSF's finance element, 70%)."""
    organisations = []
    share = funding_share(year)
    for p in report.organisations:
        target = year.organisation_target(p.control_total)
        if not p.has_return or target is None:
            continue
        at_stake = (p.sustainability_funding * share).quantize(Decimal("0.01"))
        organisations.append(
            {
                "org_code": p.code,
                "forecast_outturn": money_str(p.forecast_outturn),
                "control_total": money_str(target),
                "sustainability_funding": money_str(at_stake),
                "can_give": True,
                "can_receive": True,
                "max_give": None,
            }
        )
    return {
        "financial_year": report.financial_year.label,
        "organisations": organisations,
        "rules": {"min_transfer": money_str(min_transfer)},
    }


def control_totals_scenario(
    report: SystemPosition, willing: set[str], max_cip_pct: Decimal = DEFAULT_MAX_CIP_PCT
) -> dict[str, Any]:
    """Underlying position before savings = forecast outturn − forecast CIP."""
    organisations = []
    for p in report.organisations:
        if not p.has_return or p.control_total is None or p.operating_expenditure <= 0:
            continue
        organisations.append(
            {
                "org_code": p.code,
                "operating_expenditure": money_str(p.operating_expenditure),
                "underlying_position": money_str(p.forecast_outturn - p.cip_forecast),
                "control_total": money_str(p.control_total),
                "max_cip_pct": str(max_cip_pct),
                "willing_to_exceed": p.code in willing,
            }
        )
    return {"financial_year": report.financial_year.label, "organisations": organisations}


def load_position(
    db: Database, system_code: str, year: FinancialYear, month: int
) -> SystemPosition:
    return get_system_position(db, system_code, year, month)


def propose_transfers(
    db: Database,
    report: SystemPosition,
    result: dict[str, Any],
    by: Principal,
    acknowledge_worse: bool = False,
) -> ProposalView:
    transfers = [Transfer(t["from"], t["to"], Decimal(t["amount"])) for t in result["transfers"]]
    return create_proposal(
        db,
        system_code=report.system.system_code,
        year=report.financial_year,
        month=report.month,
        kind=ProposalKind.TRANSFERS,
        title=f"Year-end transfers {report.financial_year.label}: "
        f"{len(transfers)} transfer(s), {format_k(Decimal(result['total_transferred']))}",
        transfers=transfers,
        changes=[],
        explanation=list(result.get("explanation", [])),
        by=by,
        acknowledge_worse=acknowledge_worse,
    )


def control_total_changes(
    db: Database, report: SystemPosition, result: dict[str, Any]
) -> list[ControlTotalChange]:
    """The solver's new control totals as changes, rounded to the system's unit (whole
    pounds unless it chose £1k) so that they still net to zero."""
    current = {p.code: p.control_total for p in report.organisations}
    changes = [
        ControlTotalChange(
            o["org_code"], current[o["org_code"]] or ZERO, Decimal(o["new_control_total"])
        )
        for o in result["organisations"]
        if Decimal(o["new_control_total"]) != (current[o["org_code"]] or ZERO)
    ]
    with db.reading() as session:
        unit = reference_store.get_system_settings(
            session, report.system.system_code
        ).control_total_unit
    return [c for c in round_control_totals(changes, unit) if c.change != 0]


def propose_control_totals(
    db: Database,
    report: SystemPosition,
    result: dict[str, Any],
    by: Principal,
    acknowledge_worse: bool = False,
) -> ProposalView:
    changes = control_total_changes(db, report, result)
    return create_proposal(
        db,
        system_code=report.system.system_code,
        year=report.financial_year,
        month=report.month,
        kind=ProposalKind.CONTROL_TOTALS,
        title=f"Control totals moved {report.financial_year.label} so every CIP is achievable",
        transfers=[],
        changes=changes,
        explanation=list(result.get("explanation", [])),
        by=by,
        acknowledge_worse=acknowledge_worse,
    )
