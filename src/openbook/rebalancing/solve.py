"""Solving rebalancing scenarios: from a scenario file, or from the stored open book."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from openbook.finance.position_report import SystemPosition
from openbook.finance.year_test import read_year_test
from openbook.kernel.access import Principal
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, InvalidDataError, OpenbookError
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear
from openbook.rebalancing import solve_stored as rebalance_store
from openbook.rebalancing.file import (
    Limits,
    parse_control_total_scenario,
    parse_transfer_scenario,
)
from openbook.rebalancing.incentive import (
    explain_control_totals_regime,
    explain_transfers_regime,
    with_regime,
)
from openbook.rebalancing.model import ControlTotalChange, ProposalKind, Transfer
from openbook.rebalancing.preview import Preview, read_preview
from openbook.rebalancing.solver.engine import solve_control_totals, solve_transfers
from openbook.rebalancing.view import ProposalView
from openbook.reference import store as reference_store

NO_LIMITS = Limits()  # only what the scenario (or the system's settings) says


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidDataError(
            f"cannot read {path}", [DataIssue(path.name, f"cannot be read: {error.strerror}")]
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InvalidDataError(
            f"{path.name} is not JSON", [DataIssue(path.name, f"is not valid JSON: {error}")]
        ) from None


def solve_transfers_data(data: Any, source: str, limits: Limits = NO_LIMITS) -> dict[str, Any]:
    scenario, issues = parse_transfer_scenario(limits.apply(data, source), source)
    if scenario is None:
        raise InvalidDataError(f"{source} is not a valid transfers scenario", issues)
    return solve_transfers(scenario)


def solve_control_totals_data(data: Any, source: str, limits: Limits = NO_LIMITS) -> dict[str, Any]:
    scenario, issues = parse_control_total_scenario(limits.apply(data, source), source)
    if scenario is None:
        raise InvalidDataError(f"{source} is not a valid control-totals scenario", issues)
    return solve_control_totals(scenario)


def solve_transfers_file(path: Path, limits: Limits = NO_LIMITS) -> dict[str, Any]:
    return solve_transfers_data(_read_json(path), path.name, limits)


def solve_control_totals_file(path: Path, limits: Limits = NO_LIMITS) -> dict[str, Any]:
    return solve_control_totals_data(_read_json(path), path.name, limits)


def system_materiality(db: Database, system_code: str) -> Decimal:
    """The system's materiality threshold (its file's `settings: materiality`, else £100k)."""
    with db.reading() as session:
        return reference_store.get_system_settings(session, system_code).materiality


def _stored_limits(db: Database, system_code: str, limits: Limits) -> Limits:
    """The materiality threshold, if not given for this solve, is the system's setting."""
    if limits.materiality is not None:
        return limits
    return replace(limits, materiality=system_materiality(db, system_code))


def solve_transfers_from_store(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    min_transfer: Decimal = ZERO,
    propose_by: Principal | None = None,
    acknowledge_worse: bool = False,
    limits: Limits = NO_LIMITS,
) -> tuple[dict[str, Any], ProposalView | None]:
    """Solve on the stored positions; with `propose_by`, record the answer as a proposal."""
    year_test = read_year_test(db, year)
    report = rebalance_store.load_position(db, system_code, year, month)
    source = f"{system_code} {year.label} M{month}"
    stored_limits = _stored_limits(db, system_code, limits)
    if year_test.organisation_breakeven:  # no fund to earn: materiality has nothing to weigh
        stored_limits = replace(stored_limits, materiality=ZERO)
    result = with_regime(
        solve_transfers_data(
            rebalance_store.transfers_scenario(report, min_transfer, year_test),
            source,
            stored_limits,
        ),
        year_test,
        explain_transfers_regime(year_test, report.position.forecast_outturn),
    )
    proposal = None
    if propose_by is not None and result["transfers"]:
        proposal = rebalance_store.propose_transfers(
            db, report, result, propose_by, acknowledge_worse
        )
    return result, proposal


def solve_control_totals_from_store(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    willing: set[str],
    max_cip_pct: Decimal = rebalance_store.DEFAULT_MAX_CIP_PCT,
    propose_by: Principal | None = None,
    acknowledge_worse: bool = False,
    limits: Limits = NO_LIMITS,
) -> tuple[dict[str, Any], ProposalView | None]:
    year_test = read_year_test(db, year)
    report = rebalance_store.load_position(db, system_code, year, month)
    scenario = rebalance_store.control_totals_scenario(report, willing, max_cip_pct)
    result = with_regime(
        solve_control_totals_data(
            scenario,
            f"{system_code} {year.label} M{month}",
            _stored_limits(db, system_code, limits),
        ),
        year_test,
        explain_control_totals_regime(year_test, report.position.control_total or ZERO),
    )
    proposal = None
    changed = any(o["change"] != "0.00" for o in result["organisations"])
    if propose_by is not None and result["status"] == "optimal" and changed:
        proposal = rebalance_store.propose_control_totals(
            db, report, result, propose_by, acknowledge_worse
        )
    return result, proposal


def solve_from_store(
    db: Database,
    kind: ProposalKind,
    system_code: str,
    year: FinancialYear,
    month: int,
    *,
    min_transfer: Decimal = ZERO,
    willing: set[str] | None = None,
    limits: Limits = NO_LIMITS,
    propose_by: Principal | None = None,
    acknowledge_worse: bool = False,
) -> tuple[dict[str, Any], ProposalView | None]:
    """Solve either problem on the stored positions; with `propose_by` (a system finance
    lead), record the answer as a proposal."""
    if min_transfer < 0 or not min_transfer.is_finite():
        raise OpenbookError("the minimum transfer must be a number of pounds, zero or more")
    if kind is ProposalKind.TRANSFERS:
        return solve_transfers_from_store(
            db,
            system_code,
            year,
            month,
            min_transfer,
            propose_by=propose_by,
            acknowledge_worse=acknowledge_worse,
            limits=limits,
        )
    return solve_control_totals_from_store(
        db,
        system_code,
        year,
        month,
        willing or set(),
        propose_by=propose_by,
        acknowledge_worse=acknowledge_worse,
        limits=limits,
    )


def preview_result(
    db: Database, kind: ProposalKind, report: SystemPosition, result: dict[str, Any]
) -> Preview:
    """What proposing this answer would do to every partner, before and after."""
    if kind is ProposalKind.TRANSFERS:
        transfers = [
            Transfer(t["from"], t["to"], Decimal(t["amount"])) for t in result["transfers"]
        ]
        changes: list[ControlTotalChange] = []
    else:
        transfers, changes = [], rebalance_store.control_total_changes(db, report, result)
    with db.reading() as session:
        return read_preview(
            session,
            report.system.system_code,
            report.financial_year,
            report.month,
            kind,
            transfers,
            changes,
        )
