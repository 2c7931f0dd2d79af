"""REST API: challenging forecasts (the run-rate challenge), what moved them (the bridge),
and questions on returns."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from openbook.finance.bridge import forecast_bridge_to_dict, get_forecast_bridge
from openbook.finance.commentary import (
    answer_question,
    ask_question,
    list_questions,
    question_to_dict,
)
from openbook.finance.run_rate import run_rate_report_to_dict
from openbook.web.api.finance import ERRORS, Month, OrgCode, Year
from openbook.web.forecast_views import run_rate_report
from openbook.web.forms import RowId
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


@router.get(
    "/returns/questions",
    summary="The questions asked on an organisation's month, with their answers",
)
def questions(
    request: Request, _user: ApiUser, org_code: OrgCode, year: Year, month: Month
) -> dict[str, Any]:
    found = list_questions(app_state(request).db, [org_code.upper()], parse_year(year), month)
    return {"questions": [question_to_dict(q) for q in found]}


class QuestionIn(BaseModel):
    org_code: str = Field(max_length=12)
    financial_year: str = Field(max_length=7)
    month: int = Field(ge=1, le=12)
    line_code: str = Field(default="", max_length=60, description="empty: the return as a whole")
    question: str = Field(max_length=4000)


class AnswerIn(BaseModel):
    answer: str = Field(max_length=4000)


@router.post(
    "/returns/questions",
    status_code=201,
    summary="Ask an organisation about a line of its return (the system finance lead)",
)
def ask(request: Request, user: ApiUser, body: QuestionIn) -> dict[str, Any]:
    asked = ask_question(
        app_state(request).db,
        body.org_code.upper(),
        parse_year(body.financial_year),
        body.month,
        body.line_code,
        body.question,
        user,
    )
    return question_to_dict(asked)


@router.post(
    "/returns/questions/{question_id}/answer",
    summary="Answer a question on your organisation's return (its submitters and approvers)",
)
def answer(
    request: Request,
    user: ApiUser,
    question_id: RowId,
    body: AnswerIn,
) -> dict[str, Any]:
    return question_to_dict(answer_question(app_state(request).db, question_id, body.answer, user))
