"""REST API: one line of an organisation's return month by month (the drill-down)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from openbook.finance.line_history import get_line_history, line_history_to_dict
from openbook.web.api.finance import ERRORS, Month, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


@router.get(
    "/organisations/{org_code}/lines/{line_code}",
    summary="One line of an organisation's return month by month, M1 to the month given",
    description="Each month: plan, actual and variance for the month alone (its YTD less "
    "the month before's; null without both returns) and year to date, the forecast outturn "
    "that month's return gave, and the return version. Strings of pounds with two decimals.",
)
def line_history(
    request: Request,
    _user: ApiUser,
    org_code: Annotated[str, Path(pattern=r"^[A-Za-z0-9]{3,9}$")],
    line_code: Annotated[str, Path(max_length=60)],
    year: Year,
    month: Month,
) -> dict[str, Any]:
    found = get_line_history(
        app_state(request).db, org_code.upper(), parse_year(year), line_code, month
    )
    return line_history_to_dict(found)
