"""REST API: challenging forecasts (the run-rate challenge) and what moved them (the bridge)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from openbook.finance.bridge import forecast_bridge_to_dict, get_forecast_bridge
from openbook.finance.run_rate import run_rate_report_to_dict
from openbook.web.api.finance import ERRORS, Month, Year
from openbook.web.forecast_views import run_rate_report
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


@router.get(
    "/systems/{system_code}/run-rate",
    summary="Each forecast outturn against its run rate and last year's phasing, flagged "
    "when the remaining months must beat the run rate by more than the threshold",
    description="Partners, the system, then associates, each with a return for the month. "
    "Amounts are strings of pounds with two decimals; phased_outturn is null without last "
    "year's figures. Thresholds are the system's finance rule settings.",
)
def run_rate(
    request: Request, _user: ApiUser, system_code: str, year: Year, month: Month
) -> dict[str, Any]:
    db = app_state(request).db
    return run_rate_report_to_dict(
        run_rate_report(db, system_code.upper(), parse_year(year), month)
    )


@router.get(
    "/systems/{system_code}/bridge",
    summary="The forecast bridge from the month before to this month: the system by partner "
    "and by line, each organisation by line",
    description="Each bridge starts at last month's forecast outturn and ends at this "
    "month's, as the positions give them; its steps add up to the change. A step's amount "
    "is its effect on the forecast (positive improves it), a string of pounds with two "
    "decimals. 404 at M1.",
)
def bridge(
    request: Request, _user: ApiUser, system_code: str, year: Year, month: Month
) -> dict[str, Any]:
    found = get_forecast_bridge(app_state(request).db, system_code.upper(), parse_year(year), month)
    return forecast_bridge_to_dict(found)
