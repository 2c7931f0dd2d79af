"""REST API for activity and governance, under /api/v1: read-only, for analysts' scripts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from openbook.activity.report import activity_report, activity_report_to_dict
from openbook.governance.config import get_definition
from openbook.governance.decisions import list_decisions
from openbook.governance.escalation_view import list_escalation_views
from openbook.web.api.finance import ERRORS, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


class EscalationOut(BaseModel):
    ref: str
    financial_year: str
    month: int
    rule: str
    subject: str
    remit: str
    title: str
    detail: str
    body: str
    status: str
    raised_by: str
    raised_on: str
    due_on: str
    closed_on: str | None
    closing_note: str | None


class AgreementOut(BaseModel):
    org_code: str
    agreed_by: str
    agreed_on: str


class DecisionOut(BaseModel):
    ref: str
    body: str
    meeting_date: str
    title: str
    decided: str
    options: list[str]
    proposals: list[str]
    resolves: list[str]
    agreements: list[AgreementOut]
    recorded_by: str


@router.get(
    "/systems/{system_code}/activity",
    summary="Activity against plan by provider and point of delivery, flags, shadow PbR",
)
def activity(
    request: Request,
    _user: ApiUser,
    system_code: str,
    year: Year,
    month: Annotated[int | None, Query(ge=1, le=12, description="Default: the latest")] = None,
) -> dict[str, Any]:
    report = activity_report(app_state(request).db, system_code.upper(), parse_year(year), month)
    return activity_report_to_dict(report)


@router.get("/systems/{system_code}/escalations", summary="Escalations, oldest first")
def escalations(
    request: Request,
    _user: ApiUser,
    system_code: str,
    status: Annotated[str | None, Query(pattern=r"^(open|resolved|cleared)$")] = None,
    body: Annotated[str | None, Query(max_length=20)] = None,
) -> list[EscalationOut]:
    db = app_state(request).db
    get_definition(db, system_code.upper())  # 404 for a system without bodies
    views = list_escalation_views(db, system_code.upper(), status=status, body_code=body)
    return [
        EscalationOut(
            ref=v.ref,
            financial_year=v.financial_year,
            month=v.month,
            rule=v.rule,
            subject=v.subject,
            remit=v.remit,
            title=v.title,
            detail=v.detail,
            body=v.body_code,
            status=v.status,
            raised_by=v.raised_by,
            raised_on=v.raised_on.isoformat(),
            due_on=v.due_on.isoformat(),
            closed_on=None if v.closed_on is None else v.closed_on.isoformat(),
            closing_note=v.closing_note,
        )
        for v in views
    ]


@router.get("/systems/{system_code}/decisions", summary="The decisions log, searchable")
def decisions(
    request: Request,
    _user: ApiUser,
    system_code: str,
    q: Annotated[str | None, Query(max_length=100, description="Words to look for")] = None,
    body: Annotated[str | None, Query(max_length=20)] = None,
) -> list[DecisionOut]:
    db = app_state(request).db
    get_definition(db, system_code.upper())  # 404 for a system without bodies
    found = list_decisions(db, system_code.upper(), body_code=body, text=q)
    return [
        DecisionOut(
            ref=d.ref,
            body=d.body_code,
            meeting_date=d.meeting_date.isoformat(),
            title=d.title,
            decided=d.decided,
            options=list(d.options),
            proposals=list(d.proposal_refs),
            resolves=list(d.escalation_refs),
            agreements=[
                AgreementOut(
                    org_code=a.org_code, agreed_by=a.agreed_by, agreed_on=a.agreed_on.isoformat()
                )
                for a in d.agreements
            ],
            recorded_by=d.recorded_by,
        )
        for d in found
    ]
