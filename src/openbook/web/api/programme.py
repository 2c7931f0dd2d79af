"""REST API for the programme under /api/v1: the system's programme report, the same JSON
as `openbook programme report --format json`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from openbook.programme.load import get_programme_report
from openbook.web.api.finance import ERRORS
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


@router.get(
    "/systems/{system_code}/programme",
    summary="The system's programme: investment by year, lines, milestones and benefits",
    description="Amounts are pounds as strings; months are YYYY-MM; a benefit's progress "
    "comes from its linked measure where it has one. `today` judges overdue milestones.",
)
def programme(
    request: Request,
    _user: ApiUser,
    system_code: str,
    today: Annotated[date | None, Query()] = None,
) -> dict[str, Any]:
    return get_programme_report(app_state(request).db, system_code.upper(), today)
