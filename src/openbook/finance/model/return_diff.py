"""What changed between two versions of one organisation's return for a month, line by line
and column by column, and which risks and mitigations came, went or changed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.finance.model.finance_return import AMOUNT_COLUMNS, FinanceReturn, RiskItem
from openbook.kernel.money import ZERO


@dataclass(frozen=True)
class LineChange:
    line_code: str
    column: str  # annual_plan, plan_ytd, actual_ytd or forecast_outturn
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class RiskChange:
    ref: str
    what: str  # added, removed or changed
    before: RiskItem | None
    after: RiskItem | None


def diff_returns(
    before: FinanceReturn, after: FinanceReturn
) -> tuple[list[LineChange], list[RiskChange]]:
    """Every amount that differs (a line missing from one version counts as zero there), in
    the later version's line order; then the risks by reference."""
    old = {line.line_code: line for line in before.lines}
    new = {line.line_code: line for line in after.lines}
    order = [line.line_code for line in after.lines] + [c for c in old if c not in new]
    changes = []
    for code in order:
        for column in AMOUNT_COLUMNS:
            a = old[code].amount(column) if code in old else ZERO
            b = new[code].amount(column) if code in new else ZERO
            if a != b:
                changes.append(LineChange(code, column, a, b))
    old_risks = {r.ref: r for r in before.risks}
    new_risks = {r.ref: r for r in after.risks}
    risks = []
    for ref in sorted(old_risks.keys() | new_risks.keys()):
        a_risk, b_risk = old_risks.get(ref), new_risks.get(ref)
        if a_risk == b_risk:
            continue
        what = "added" if a_risk is None else "removed" if b_risk is None else "changed"
        risks.append(RiskChange(ref, what, a_risk, b_risk))
    return changes, risks
