"""Solve, check, explain: the one entry point per problem. No unchecked answer leaves."""

from __future__ import annotations

from typing import Any

from openbook.rebalancing.file import ControlTotalScenario, TransferScenario
from openbook.rebalancing.solver.control_totals import (
    check_control_totals,
    control_total_result,
    solve_control_totals_lp,
)
from openbook.rebalancing.solver.result import (
    calculate_outcomes,
    check_transfers,
    funding_earned,
    transfer_result,
)
from openbook.rebalancing.solver.transfers import solve_transfers_mip

LAST_LEVEL = "highs"  # the third level's engine, chosen by bench/rebalance_speed.py


class UncheckedAnswerError(RuntimeError):
    """The solver's answer failed the independent check: a bug, never shown as an answer."""


def solve_transfers(
    scenario: TransferScenario, time_limit: float = 30.0, last_level: str = LAST_LEVEL
) -> dict[str, Any]:
    """Solve, check; then, if the answer earns less extra sustainability funding than the
    materiality threshold, propose nothing and say so (`suppressed`)."""
    solution = solve_transfers_mip(scenario, time_limit, last_level)
    problems = check_transfers(scenario, solution.transfers)
    if problems:
        raise UncheckedAnswerError("; ".join(problems))
    transfers, suppressed = solution.transfers, None
    nothing = funding_earned(calculate_outcomes(scenario, ()))
    gain = funding_earned(calculate_outcomes(scenario, transfers)) - nothing
    if transfers and gain < scenario.materiality:
        transfers, suppressed = (), solution.transfers
    result = transfer_result(scenario, transfers, solution.proven_optimal, suppressed)
    result["levels"] = list(solution.levels)
    return result


def solve_control_totals(scenario: ControlTotalScenario) -> dict[str, Any]:
    solution = solve_control_totals_lp(scenario)
    if solution.feasible:
        problems = check_control_totals(scenario, solution.new_control_totals)
        if problems:
            raise UncheckedAnswerError("; ".join(problems))
    return control_total_result(scenario, solution)
