"""What the programme's financial benefits return (pure): each year's saving (a financial
benefit's improvement on its baseline), planned from the trajectory and measured from the
linked figure, set against the investment (return per pound, the year it pays back) and
against the gap it was meant to close. The same savings fill the planning bridge's
"Programme benefits" mitigation (planning/programme_mitigation.py, via openbook.compose)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear
from openbook.programme.model import (
    Benefit,
    Direction,
    Programme,
    calculate_investment_by_year,
    calculate_total,
)


def calculate_saving(benefit: Benefit, value: Decimal) -> Decimal:
    """The year's improvement on the baseline, in the benefit's own direction (a benefit
    that lowers a cost saves baseline − value; one that raises savings saves value − baseline)."""
    if benefit.direction is Direction.DECREASE:
        return benefit.baseline - value
    return value - benefit.baseline


def _by_year(values: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return dict(sorted(values.items(), key=lambda kv: FinancialYear.parse(kv[0]).start_year))


def calculate_planned_savings(
    programme: Programme, refs: tuple[str, ...] = ()
) -> dict[str, dict[str, Decimal]]:
    """Organisation -> year -> the saving the financial benefits' trajectories plan (those
    named in `refs`, else every financial one). A benefit counts for the organisation of its
    linked measure, else the programme's host."""
    found: dict[str, dict[str, Decimal]] = {}
    for benefit in programme.benefits:
        if not (benefit.ref in refs if refs else benefit.financial):
            continue
        org = benefit.link.org_code if benefit.link else programme.host_org
        years = found.setdefault(org, {})
        for year, target in benefit.trajectory.items():
            years[year] = years.get(year, ZERO) + calculate_saving(benefit, target)
    return {org: _by_year(years) for org, years in sorted(found.items())}


@dataclass(frozen=True)
class Payback:
    savings: dict[str, Decimal]  # year -> saving of every financial benefit
    total: Decimal
    per_pound: Decimal | None  # total saving per pound invested
    payback_year: str | None  # the first year the savings to date cover the investment to date
    share_of_gap: tuple[Decimal, Decimal] | None  # the last year's saving / gap (low, high)


def calculate_payback(programme: Programme, savings: Mapping[str, Decimal]) -> Payback:
    """Savings by year against the investment by year and against the gap."""
    by_year = _by_year(savings)
    total = sum(by_year.values(), ZERO)
    invested = calculate_total(programme.cost_lines)
    per_pound = None if invested == 0 else (total / invested).quantize(Decimal("0.01"))
    investment = calculate_investment_by_year(programme.cost_lines)
    years = sorted({*by_year, *investment}, key=lambda label: FinancialYear.parse(label).start_year)
    saved = spent = ZERO
    payback_year = None
    for year in years:
        saved += by_year.get(year, ZERO)
        spent += investment.get(year, ZERO)
        if spent > 0 and saved >= spent and year in by_year:
            payback_year = year
            break
    share = None
    roi = programme.roi
    if roi is not None and by_year and roi.gap_low > 0:
        last = by_year[next(reversed(by_year))]
        share = (
            (last / roi.gap_high).quantize(Decimal("0.001")),
            (last / roi.gap_low).quantize(Decimal("0.001")),
        )
    return Payback(by_year, total, per_pound, payback_year, share)


def sum_savings(
    programme: Programme, values: Mapping[str, Mapping[str, Decimal]]
) -> dict[str, Decimal]:
    """Year -> the saving of every financial benefit, from `values` (benefit ref -> year ->
    value: its trajectory, or its progress as measured)."""
    found: dict[str, Decimal] = {}
    for benefit in programme.benefits:
        if not benefit.financial:
            continue
        for year, value in values.get(benefit.ref, {}).items():
            if year == benefit.baseline_year:
                continue
            found[year] = found.get(year, ZERO) + calculate_saving(benefit, value)
    return _by_year(found)
