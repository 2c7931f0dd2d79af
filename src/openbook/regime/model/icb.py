"""The commissioner's (ICB's) section of the capital, cash and workforce return: its
allocation (programme, and the running cost allowance), its programme spend and its running
costs. Only a commissioner reports these lines, and a commissioner must. Columns as the rest
of the return: `plan` (the year's allocation or plan), `actual` (year to date),
`forecast_outturn` (the year). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.regime.model.ccw import CcwLineSpec, CcwReturn, Unit

PROGRAMME_ALLOCATION = "icb.allocation.programme"
RUNNING_COST_ALLOWANCE = "icb.allocation.running_costs"
PROGRAMME_SPEND = "icb.spend.programme"
RUNNING_COSTS = "icb.spend.running_costs"
ICB_PREFIX = "icb."

ICB_LINES: tuple[CcwLineSpec, ...] = (
    CcwLineSpec(PROGRAMME_ALLOCATION, "ICB: programme allocation", Unit.POUNDS),
    CcwLineSpec(RUNNING_COST_ALLOWANCE, "ICB: running cost allowance", Unit.POUNDS),
    CcwLineSpec(PROGRAMME_SPEND, "ICB: programme spend (commissioned care)", Unit.POUNDS),
    CcwLineSpec(RUNNING_COSTS, "ICB: running costs (pay and non-pay of the ICB)", Unit.POUNDS),
)
ICB_SPECS = {spec.line_code: spec for spec in ICB_LINES}


def is_icb_line(line_code: str) -> bool:
    return line_code.startswith(ICB_PREFIX)


def has_icb_lines(r: CcwReturn) -> bool:
    return any(is_icb_line(line.line_code) for line in r.lines)


@dataclass(frozen=True)
class IcbFigures:
    """An ICB's position line: programme spend against its programme allocation, running
    costs against the running cost allowance (forecast for the year; year to date too)."""

    programme_allocation: Decimal
    programme_spend_ytd: Decimal
    programme_spend_forecast: Decimal
    programme_headroom: Decimal  # allocation less forecast spend
    running_cost_allowance: Decimal
    running_costs_ytd: Decimal
    running_costs_forecast: Decimal
    running_costs_headroom: Decimal  # allowance less forecast running costs

    @property
    def running_costs_within_allowance(self) -> bool:
        return self.running_costs_headroom >= 0


def calculate_icb_figures(r: CcwReturn) -> IcbFigures | None:
    """None for a return without the ICB section (a provider's)."""
    if not has_icb_lines(r):
        return None
    allocation = r.amount(PROGRAMME_ALLOCATION, "plan")
    allowance = r.amount(RUNNING_COST_ALLOWANCE, "plan")
    programme = r.amount(PROGRAMME_SPEND, "forecast_outturn")
    running = r.amount(RUNNING_COSTS, "forecast_outturn")
    return IcbFigures(
        programme_allocation=allocation,
        programme_spend_ytd=r.amount(PROGRAMME_SPEND, "actual"),
        programme_spend_forecast=programme,
        programme_headroom=allocation - programme,
        running_cost_allowance=allowance,
        running_costs_ytd=r.amount(RUNNING_COSTS, "actual"),
        running_costs_forecast=running,
        running_costs_headroom=allowance - running,
    )
