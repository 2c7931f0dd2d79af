"""An organisation that exists for part of a year: its returns cover its own months only.

RD3 and RDZ report months 1-6 of 2020/21 (their forecast outturn is for those months);
R0D reports from month 7, its year to date counted from 1 October 2020, so the three
together count every month once."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from openbook.demo import recent_data as data
from openbook.demo.generator import SEASONAL
from openbook.finance.model.account import AccountLine, LineKind
from openbook.finance.model.finance_return import FinanceReturn, ReturnLine, fill_subtotals

ZERO = Decimal(0)


def life_months(org_code: str, label: str) -> tuple[int, int]:
    """The first and last month of the year the organisation reports."""
    if label != data.MERGER_YEAR:
        return 1, 12
    if org_code in data.PREDECESSORS:
        return 1, data.MERGER_MONTH - 1
    if org_code == data.SUCCESSOR:
        return data.MERGER_MONTH, 12
    return 1, 12


def _share(first: int, last: int) -> Decimal:
    return sum(SEASONAL[first - 1 : last], Decimal(0))


def _pounds(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def scale_to_life(amount: Decimal, first: int, last: int) -> Decimal:
    """An annual amount (a planned position) scaled to the months first..last."""
    return amount if (first, last) == (1, 12) else _pounds(amount * _share(first, last))


def trim_to_life(
    returns: list[FinanceReturn],
    life: tuple[int, int],
    chart: tuple[AccountLine, ...],
    reported_to: int = 12,
) -> list[FinanceReturn]:
    """The returns of the organisation's months of the year (`life`, first and last), up to
    `reported_to`: the year to date counted from its first month, the annual plan and the
    forecast outturn for its months only."""
    first, last = life
    if life == (1, 12):
        return [r for r in returns if r.month <= reported_to]
    before = returns[first - 2] if first > 1 else None
    final = returns[last - 1]
    inputs = {line.line_code for line in chart if line.kind is LineKind.INPUT}
    kept = []
    for r in returns[first - 1 : min(last, reported_to)]:
        lines = {
            line.line_code: _trim(line, before, final, first > 1)
            for line in r.lines
            if line.line_code in inputs
        }
        kept.append(replace(r, lines=fill_subtotals(lines, chart)))
    return kept


def _trim(
    line: ReturnLine, before: FinanceReturn | None, final: FinanceReturn, successor: bool
) -> ReturnLine:
    """A successor counts from its first month: the year's figures less what its
    predecessors' months held. An organisation that ceases forecasts what it has plus the
    plan of its remaining months."""
    code = line.line_code
    if successor and before is not None:
        plan_before = before.amount(code, "plan_ytd")
        actual_before = before.amount(code, "actual_ytd")
        return replace(
            line,
            annual_plan=line.annual_plan - plan_before,
            plan_ytd=line.plan_ytd - plan_before,
            actual_ytd=line.actual_ytd - actual_before,
            forecast_outturn=line.forecast_outturn - actual_before,
        )
    life_plan = final.amount(code, "plan_ytd")
    return replace(
        line,
        annual_plan=life_plan,
        forecast_outturn=line.actual_ytd + life_plan - line.plan_ytd,
    )
