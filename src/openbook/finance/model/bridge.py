"""The forecast bridge: from last month's forecast outturn to this month's, as a waterfall.

For an organisation the steps are its lines: each input line's change in forecast outturn,
signed as it enters the control-total line (income adds, spending subtracts), plus the change
in agreed system transfers. For the system the steps are its partners' changes. The steps
always sum to the change, because each bridge starts and ends on the positions it is built
from; anything the lines do not explain (a subtotal not equal to its parts) is a step of its
own, "not explained by the lines", so nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from openbook.finance.model.account import CONTROL_TOTAL_LINE, AccountLine, LineKind
from openbook.finance.model.finance_return import FinanceReturn
from openbook.kernel.money import ZERO

TRANSFERS_STEP = "transfers"
UNEXPLAINED_STEP = "unexplained"


@dataclass(frozen=True)
class BridgeStep:
    code: str  # a line code, an org code, or TRANSFERS_STEP / UNEXPLAINED_STEP
    label: str
    amount: Decimal  # its effect on the forecast outturn: positive improves it


@dataclass(frozen=True)
class Bridge:
    code: str
    name: str
    month: int  # the later month; the bridge starts at month - 1
    start: Decimal  # last month's forecast outturn
    end: Decimal  # this month's
    steps: tuple[BridgeStep, ...]

    @property
    def change(self) -> Decimal:
        return self.end - self.start


def calculate_line_weights(
    chart: tuple[AccountLine, ...], target: str = CONTROL_TOTAL_LINE
) -> dict[str, int]:
    """How each input line enters `target`: +1, -1, or absent (0 overall, e.g. sustainability
    funding, which is income but excluded from the control-total basis)."""
    by_code = {line.line_code: line for line in chart}
    weights: dict[str, int] = {}

    def walk(code: str, sign: int) -> None:
        line = by_code.get(code)
        if line is None:
            return
        if line.kind is LineKind.INPUT:
            weights[code] = weights.get(code, 0) + sign
            return
        for part, part_sign in line.parts:
            walk(part, sign * part_sign)

    walk(target, 1)
    return {code: w for code, w in weights.items() if w != 0}


def calculate_org_bridge(
    *,
    code: str,
    name: str,
    month: int,
    chart: tuple[AccountLine, ...],
    before: FinanceReturn | None,
    after: FinanceReturn | None,
    transfers_before: Decimal,
    transfers_after: Decimal,
) -> Bridge:
    """An organisation's bridge by line; a missing return counts as nothing forecast (as the
    position does)."""

    def forecast(r: FinanceReturn | None, line: str) -> Decimal:
        return ZERO if r is None else r.amount(line, "forecast_outturn")

    start = forecast(before, CONTROL_TOTAL_LINE) + transfers_before
    end = forecast(after, CONTROL_TOTAL_LINE) + transfers_after
    steps = []
    descriptions = {line.line_code: line.description for line in chart}
    for line_code, weight in calculate_line_weights(chart).items():
        amount = weight * (forecast(after, line_code) - forecast(before, line_code))
        if amount:
            steps.append(BridgeStep(line_code, descriptions[line_code], amount))
    if transfers_after != transfers_before:
        steps.append(
            BridgeStep(
                TRANSFERS_STEP, "Agreed system transfers", transfers_after - transfers_before
            )
        )
    return Bridge(code, name, month, start, end, _with_residual(steps, end - start))


def calculate_system_bridge(
    *,
    code: str,
    name: str,
    month: int,
    start: Decimal,
    end: Decimal,
    changes: Mapping[str, tuple[str, Decimal]],
) -> Bridge:
    """The system's bridge by partner: `changes` maps each partner's code to its name and the
    change in its forecast outturn."""
    steps = [
        BridgeStep(org, f"{org_name} ({org})", amount)
        for org, (org_name, amount) in changes.items()
        if amount
    ]
    return Bridge(code, name, month, start, end, _with_residual(steps, end - start))


def calculate_combined_bridge(*, code: str, name: str, month: int, bridges: list[Bridge]) -> Bridge:
    """Several organisations' bridges as one by line: the steps of the same line (or of
    transfers) added together, in the order they first appear."""
    totals: dict[str, BridgeStep] = {}
    for bridge in bridges:
        for step in bridge.steps:
            held = totals.get(step.code)
            amount = step.amount if held is None else held.amount + step.amount
            totals[step.code] = BridgeStep(step.code, step.label, amount)
    start = sum((b.start for b in bridges), ZERO)
    end = sum((b.end for b in bridges), ZERO)
    steps = [step for step in totals.values() if step.amount]
    return Bridge(code, name, month, start, end, _with_residual(steps, end - start))


def _with_residual(steps: list[BridgeStep], change: Decimal) -> tuple[BridgeStep, ...]:
    residual = change - sum((s.amount for s in steps), ZERO)
    if residual:
        steps.append(BridgeStep(UNEXPLAINED_STEP, "Not explained by the lines", residual))
    return tuple(steps)


def summarise_steps(bridge: Bridge, keep: int) -> tuple[BridgeStep, ...]:
    """The `keep` largest steps by size in their order, the rest as one "other" step (for a
    chart that must stay readable); the sum is unchanged."""
    if len(bridge.steps) <= keep + 1:
        return bridge.steps
    largest = sorted(bridge.steps, key=lambda s: abs(s.amount), reverse=True)[:keep]
    kept = [s for s in bridge.steps if s in largest]
    rest = sum((s.amount for s in bridge.steps if s not in largest), ZERO)
    others = len(bridge.steps) - keep
    return (*kept, BridgeStep("other", f"{others} other lines", rest))
