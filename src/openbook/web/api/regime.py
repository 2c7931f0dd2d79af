"""The regime's figures under /api/v1: the position with the regime's tests, capital, cash
and workforce (as `openbook position --format json` prints it), and agency pay as a share of
the pay bill month by month against the system's ceiling."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from openbook.kernel.cache import remember
from openbook.kernel.clock import parse_as_at
from openbook.kernel.error import OpenbookError
from openbook.regime.catalogue import get_regime
from openbook.regime.model.regime import Regime
from openbook.regime.pay_trend import get_pay_trend, pay_trend_to_dict
from openbook.regime.position import get_regime_position, require_regime_shape
from openbook.regime.rules import rules_dir_of
from openbook.web.api.finance import ERRORS, Month, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)
AsAt = Annotated[
    str | None,
    Query(
        max_length=32,
        description="As it was known then: a date (its end) or a time, e.g. 2026-10-20",
    ),
]


def _moment(as_at: str | None) -> datetime | None:
    try:
        return None if as_at is None else parse_as_at(as_at)
    except ValueError as error:
        raise OpenbookError(f"as_at: {error}") from None


def _regime(request: Request, year: str) -> Regime:
    regime = get_regime(parse_year(year), rules_dir_of(app_state(request).db))
    require_regime_shape(regime)
    return regime


@router.get(
    "/systems/{system_code}/regime-position",
    summary="The position under the year's regime: tests, capital, cash, workforce",
    description="The JSON of `openbook position --format json` for a year whose regime has "
    "position_shape regime (2019/20 on): each organisation's breakeven_met and regime_test, "
    "capital_envelope, capital_forecast, cash_days, bppc_pct, wte_actual, agency_pct_of_pay "
    "…; amounts are strings of pounds with two decimals, null without a return.",
)
def regime_position(
    request: Request,
    _user: ApiUser,
    system_code: str,
    year: Year,
    month: Month,
    as_at: AsAt = None,
) -> dict[str, Any]:
    regime = _regime(request, year)
    moment = _moment(as_at)
    db = app_state(request).db
    code, chosen = system_code.upper(), parse_year(year)
    position = remember(
        db,
        ("api_regime_position", code, chosen.label, month, moment, regime.files),
        lambda: get_regime_position(db, code, chosen, month, regime, moment),
    )
    return {**position, "as_at": None if moment is None else moment.isoformat()}


@router.get(
    "/systems/{system_code}/workforce-pay",
    summary="Agency pay as a share of the pay bill, M1 to the month, against the ceiling",
    description="Each member's and the system's agency share of pay (year to date, per cent "
    "with two decimals) month by month, their pay by contract, the ceiling (the system's "
    "agency_ceiling_pct, else last year's share less the regime's agency_reduction_pct) and "
    "the members above it.",
)
def workforce_pay(
    request: Request,
    _user: ApiUser,
    system_code: str,
    year: Year,
    month: Month,
    as_at: AsAt = None,
) -> dict[str, Any]:
    regime = _regime(request, year)
    moment = _moment(as_at)
    trend = get_pay_trend(
        app_state(request).db, system_code.upper(), parse_year(year), month, regime, moment
    )
    return {**pay_trend_to_dict(trend), "as_at": None if moment is None else moment.isoformat()}
