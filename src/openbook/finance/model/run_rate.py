"""The run-rate challenge: is a forecast outturn plausible given the year so far?

For an organisation at month m (1–11) with year-to-date actual A and forecast outturn F:

- monthly run rate            r = A / m
- run-rate outturn              = A × 12 / m  (the year so far carried on at the same rate)
- needed per remaining month  n = (F − A) / (12 − m)
- required change per month     = n − r  (positive: the remaining months must do better)
- phased outturn                = A / s, where s = last year's YTD at m / last year's outturn
  (last year's phasing), only when last year's outturn is not zero and s is positive.

A forecast is flagged when, from the first month judged (M3 by default, so the run rate rests
on a quarter), the required change per month is more than the greater of a sum (£500k) and a
share (1%) of the organisation's monthly operating expenditure. The share keeps a large
commissioner and a small trust on one scale; a share of the run rate itself would not do,
since a bottom line near break-even has a run rate near zero. Documented in docs/positions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.finance.model.position import Position

MONTHS_IN_YEAR = 12
PENNY = Decimal("0.01")


def calculate_run_rate(ytd_actual: Decimal, month: int) -> Decimal:
    """The YTD actual extrapolated to the year at the same monthly rate, to the penny."""
    return (ytd_actual * MONTHS_IN_YEAR / month).quantize(PENNY)


@dataclass(frozen=True)
class RunRateThresholds:
    change_pounds: Decimal = Decimal(500_000)  # required change per month, at least this
    change_opex_pct: Decimal = Decimal(1)  # ... or this % of monthly operating expenditure
    from_month: int = 3  # months before judging


@dataclass(frozen=True)
class RunRateChallenge:
    code: str
    name: str
    month: int
    ytd_actual: Decimal
    forecast_outturn: Decimal
    monthly_run_rate: Decimal
    run_rate_outturn: Decimal
    phased_outturn: Decimal | None  # None without last year's figures, or when they mislead
    needed_per_month: Decimal | None  # None at M12: no months remain
    required_change_per_month: Decimal | None
    threshold: Decimal
    flagged: bool

    @property
    def forecast_less_run_rate(self) -> Decimal:
        return self.forecast_outturn - self.run_rate_outturn


def calculate_phased_outturn(
    ytd_actual: Decimal, last_year_ytd: Decimal | None, last_year_outturn: Decimal | None
) -> Decimal | None:
    """This year's YTD grossed up by the share of last year's outturn reached by the same
    month; None without last year's figures, or when that share is not positive (last year's
    YTD and outturn of opposite signs, or an outturn of zero, give no phasing to follow)."""
    if last_year_ytd is None or last_year_outturn is None or last_year_outturn == 0:
        return None
    share = last_year_ytd / last_year_outturn
    if share <= 0:
        return None
    return (ytd_actual / share).quantize(PENNY)


def calculate_run_rate_challenge(
    position: Position,
    thresholds: RunRateThresholds,
    last_year_ytd: Decimal | None = None,
    last_year_outturn: Decimal | None = None,
) -> RunRateChallenge:
    """The challenge for one position with a return (see the module's docstring)."""
    m = position.month
    ytd, forecast = position.ytd_actual, position.forecast_outturn
    monthly = (ytd / m).quantize(PENNY)
    remaining = MONTHS_IN_YEAR - m
    needed = None if remaining == 0 else ((forecast - ytd) / remaining).quantize(PENNY)
    change = None if needed is None else needed - monthly
    threshold = max(
        thresholds.change_pounds,
        (position.operating_expenditure / MONTHS_IN_YEAR * thresholds.change_opex_pct / 100),
    ).quantize(PENNY)
    flagged = change is not None and m >= thresholds.from_month and change > threshold
    return RunRateChallenge(
        code=position.code,
        name=position.name,
        month=m,
        ytd_actual=ytd,
        forecast_outturn=forecast,
        monthly_run_rate=monthly,
        run_rate_outturn=calculate_run_rate(ytd, m),
        phased_outturn=calculate_phased_outturn(ytd, last_year_ytd, last_year_outturn),
        needed_per_month=needed,
        required_change_per_month=change,
        threshold=threshold,
        flagged=flagged,
    )
