"""REST API: pay by contract and agency as a share of the pay bill from the monthly finance
return, M1 to the month, against the system's agency ceiling (as `openbook pay --format
json` prints it). The regime years' CCW figures stay at …/workforce-pay."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from openbook.finance.pay_agency import get_pay_agency, pay_agency_to_dict
from openbook.kernel.cache import remember
from openbook.kernel.clock import parse_as_at
from openbook.kernel.error import OpenbookError
from openbook.web.api.finance import ERRORS, Month, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)
AsAt = Annotated[
    str | None,
    Query(
        max_length=32,
        description="As it was known then: a date (its end) or a time, e.g. 2018-05-01",
    ),
]


@router.get(
    "/systems/{system_code}/pay-agency",
    summary="Pay by contract and agency % of the pay bill from the finance return, M1 to "
    "the month, against the system's agency ceiling and the agency plan",
    description="Each member's and the system's (the partners') pay YTD by contract "
    "(substantive, bank, agency), agency's plan YTD and forecast, agency as a percentage of "
    "the pay bill YTD and in the month (strings with two decimals), month by month; the "
    "ceiling is the system's agency_ceiling_pct (null: none set). Amounts are strings of "
    "pounds with two decimals; null without a return. Any year with finance returns.",
)
def pay_agency(
    request: Request,
    _user: ApiUser,
    system_code: str,
    year: Year,
    month: Month,
    as_at: AsAt = None,
) -> dict[str, Any]:
    try:
        moment = None if as_at is None else parse_as_at(as_at)
    except ValueError as error:
        raise OpenbookError(f"as_at: {error}") from None
    db = app_state(request).db
    code, chosen = system_code.upper(), parse_year(year)
    report = remember(
        db,
        ("pay_agency", code, chosen.label, month, moment),
        lambda: get_pay_agency(db, code, chosen, month, moment),
    )
    return {**pay_agency_to_dict(report), "as_at": None if moment is None else moment.isoformat()}
