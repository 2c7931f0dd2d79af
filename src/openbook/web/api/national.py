"""REST API: every system at its latest month, the same answer as `openbook national
--format json`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from openbook.governance.national import list_national, national_to_dict
from openbook.web.api.finance import ERRORS
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


@router.get(
    "/national",
    summary="Every system at its latest month with returns: organisations, position "
    "against its control total and escalations open",
    description="Amounts are strings of pounds; gap is forecast outturn less control total. "
    "financial_year and month are null for a system with no returns yet.",
)
def national(request: Request, _user: ApiUser) -> dict[str, Any]:
    return national_to_dict(list_national(app_state(request).db))
