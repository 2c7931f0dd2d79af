"""REST API: the submission tracker (who has submitted a month's return, who is late
against the system's deadline, who was reminded) and reminders to late submitters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from openbook.finance.tracker import get_return_tracker, send_return_reminders, tracker_to_dict
from openbook.web.api.finance import ERRORS, Month, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


@router.get(
    "/systems/{system_code}/returns/tracker",
    summary="Who has submitted the month's return, who is late against the system's "
    "deadline, and who was reminded",
    description="One row per member that submits returns, partners first. status is "
    "on_time, late (in after the deadline), overdue (not in, the deadline passed) or due; "
    "the deadline is the system's return_deadline_working_day of the following month.",
)
def tracker(
    request: Request, _user: ApiUser, system_code: str, year: Year, month: Month
) -> dict[str, Any]:
    found = get_return_tracker(app_state(request).db, system_code.upper(), parse_year(year), month)
    return tracker_to_dict(found)


class RemindIn(BaseModel):
    financial_year: str = Field(max_length=7)
    month: int = Field(ge=1, le=12)
    org_codes: list[Annotated[str, Field(max_length=12)]] | None = Field(
        default=None, max_length=100, description="only these; default every late one"
    )


@router.post(
    "/systems/{system_code}/returns/reminders",
    summary="Remind the submitters of late returns (once per organisation, month and deadline)",
)
def remind(request: Request, user: ApiUser, system_code: str, body: RemindIn) -> dict[str, Any]:
    codes = None if body.org_codes is None else frozenset(c.upper() for c in body.org_codes)
    result = send_return_reminders(
        app_state(request).db,
        system_code.upper(),
        parse_year(body.financial_year),
        body.month,
        user,
        codes,
    )
    return {
        "reminded": list(result.reminded),
        "already_reminded": list(result.already),
        "tracker": tracker_to_dict(result.tracker),
    }
