"""Pay by contract (substantive, bank, agency) from the monthly finance return, and agency
as a share of the pay bill, year to date and in the month, against the system's ceiling.

The finance return holds `pay.substantive`, `pay.bank` and `pay.agency` with their plan
YTD, actual YTD and forecast outturn. A month's in-month figure is its YTD less the
previous month's (M1: the YTD itself; None without the previous month's return). The
system's figures are the partners' added up, among those with a return for the month.
Pure: no storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openbook.finance.model.account import PAY_AGENCY_LINE
from openbook.finance.model.finance_return import FinanceReturn
from openbook.kernel.money import ZERO

CONTRACTS = ("substantive", "bank", "agency")
PAY_LINES = {"substantive": "pay.substantive", "bank": "pay.bank", "agency": PAY_AGENCY_LINE}
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class PayFigures:
    """One organisation's (or the partners') pay at a month, £: actual YTD by contract,
    agency's plan YTD and forecast outturn."""

    actual_ytd: dict[str, Decimal]
    agency_plan_ytd: Decimal
    agency_forecast: Decimal

    @property
    def pay_bill_ytd(self) -> Decimal:
        return sum(self.actual_ytd.values(), ZERO)


def calculate_pay_figures(r: FinanceReturn) -> PayFigures:
    """The return's pay lines, as stored (a line the return lacks counts as zero)."""
    return PayFigures(
        actual_ytd={c: r.amount(PAY_LINES[c], "actual_ytd") for c in CONTRACTS},
        agency_plan_ytd=r.amount(PAY_AGENCY_LINE, "plan_ytd"),
        agency_forecast=r.amount(PAY_AGENCY_LINE, "forecast_outturn"),
    )


def add_pay_figures(figures: Iterable[PayFigures]) -> PayFigures:
    actual = dict.fromkeys(CONTRACTS, ZERO)
    plan = forecast = ZERO
    for f in figures:
        for c in CONTRACTS:
            actual[c] += f.actual_ytd[c]
        plan += f.agency_plan_ytd
        forecast += f.agency_forecast
    return PayFigures(actual, plan, forecast)


def calculate_share(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, two decimals; None when `whole` is zero."""
    if whole == 0:
        return None
    return (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PayMonth:
    month: int
    figures: PayFigures | None  # None: no return for the month
    in_month: dict[str, Decimal] | None  # pay in the month by contract; None when unknown

    @property
    def agency_pct_ytd(self) -> Decimal | None:
        f = self.figures
        return None if f is None else calculate_share(f.actual_ytd["agency"], f.pay_bill_ytd)

    @property
    def agency_pct_in_month(self) -> Decimal | None:
        m = self.in_month
        return None if m is None else calculate_share(m["agency"], sum(m.values(), ZERO))

    @property
    def agency_over_plan(self) -> Decimal | None:
        """Agency actual YTD less plan YTD, £ (positive: above plan)."""
        f = self.figures
        return None if f is None else f.actual_ytd["agency"] - f.agency_plan_ytd


def calculate_in_month(
    figures: PayFigures | None, previous: PayFigures | None, month: int
) -> dict[str, Decimal] | None:
    if figures is None:
        return None
    if month == 1:
        return dict(figures.actual_ytd)
    if previous is None:
        return None
    return {c: figures.actual_ytd[c] - previous.actual_ytd[c] for c in CONTRACTS}


def calculate_months(held: Sequence[tuple[int, PayFigures | None]]) -> tuple[PayMonth, ...]:
    """`held`: (month, figures) for M1 onwards, consecutive."""
    months = []
    previous: PayFigures | None = None
    for month, figures in held:
        months.append(PayMonth(month, figures, calculate_in_month(figures, previous, month)))
        previous = figures
    return tuple(months)


@dataclass(frozen=True)
class PaySeries:
    """One member's (or the system's) months, M1 to the month asked for."""

    code: str
    name: str
    role: str  # "Partner", "System", "Associate"
    months: tuple[PayMonth, ...]

    @property
    def latest(self) -> PayMonth | None:
        """The month asked for, when it has a return."""
        last = self.months[-1] if self.months else None
        return last if last is not None and last.figures is not None else None

    def above_ceiling(self, ceiling: Decimal | None) -> bool | None:
        """Is the agency share YTD at the month above the ceiling? None without either."""
        latest = self.latest
        if ceiling is None or latest is None or latest.agency_pct_ytd is None:
            return None
        return latest.agency_pct_ytd > ceiling

    @property
    def above_plan(self) -> bool | None:
        """Is agency pay YTD at the month above its plan YTD? None without a return."""
        latest = self.latest
        return (
            None
            if latest is None or latest.agency_over_plan is None
            else (latest.agency_over_plan > 0)
        )


def calculate_series(
    code: str, name: str, role: str, returns: Sequence[tuple[int, FinanceReturn | None]]
) -> PaySeries:
    held = [(m, None if r is None else calculate_pay_figures(r)) for m, r in returns]
    return PaySeries(code, name, role, calculate_months(held))


def calculate_system_series(
    code: str, name: str, partners: Sequence[PaySeries], months: Sequence[int]
) -> PaySeries:
    """The partners' pay added up month by month (those with a return for the month)."""
    held: list[tuple[int, PayFigures | None]] = []
    for index, month in enumerate(months):
        found = [f for s in partners if (f := s.months[index].figures) is not None]
        held.append((month, add_pay_figures(found) if found else None))
    return PaySeries(code, name, "System", calculate_months(held))
