"""The REST API under /api/v1, for analysts' scripts: personal bearer tokens, JSON out,
one error shape (see openbook.web.errors)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from openbook.finance.position_report import cached_system_position, system_position_to_dict
from openbook.finance.submit import list_history, submit_return
from openbook.finance.trend import get_trends, trend_to_dict
from openbook.kernel.audit_log import list_audit_events
from openbook.kernel.clock import parse_as_at
from openbook.kernel.error import OpenbookError
from openbook.kernel.period import month_label
from openbook.reference.query import list_systems_with_years
from openbook.web.errors import ErrorBody
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "The request cannot be done"),
        (401, "No valid API token"),
        (403, "Not allowed for this user"),
        (404, "Not found"),
        (409, "Conflicts with the current state"),
        (422, "Invalid data: every problem is listed in error.issues"),
    )
}

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)

Year = Annotated[str, Query(pattern=r"^\d{4}/\d{2}$", examples=["2017/18"])]
Month = Annotated[int, Query(ge=1, le=12, description="1 (M1, April) to 12 (M12, March)")]
OrgCode = Annotated[str, Query(pattern=r"^[A-Za-z0-9]{3,9}$", examples=["RBD"])]


class Me(BaseModel):
    username: str
    display_name: str
    org_code: str
    role: str


class SystemSummary(BaseModel):
    system_code: str
    name: str
    financial_years: list[str]


class ReturnVersionOut(BaseModel):
    org_code: str
    financial_year: str
    month: str
    version: int
    content_hash: str
    source_name: str
    submitted_at: str
    submitted_by: str


class SubmissionOut(BaseModel):
    created: bool
    version: ReturnVersionOut


class AuditEventOut(BaseModel):
    sequence: int
    occurred_at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    reason: str | None


@router.get("/me", summary="The user the token belongs to")
def me(user: ApiUser) -> Me:
    return Me(
        username=user.username,
        display_name=user.display_name,
        org_code=user.org_code,
        role=user.role.value,
    )


@router.get("/systems", summary="Every system and the years it has members in")
def systems(request: Request, _user: ApiUser) -> list[SystemSummary]:
    return [
        SystemSummary(system_code=code, name=name, financial_years=years)
        for code, name, years in list_systems_with_years(app_state(request).db)
    ]


@router.get(
    "/systems/{system_code}/position",
    summary="Each organisation's and the system's position against control total",
    description="Amounts are strings of pounds with two decimals; figures from a return "
    "are null when the organisation has no return for the month.",
)
def position(
    request: Request,
    _user: ApiUser,
    system_code: str,
    year: Year,
    month: Month,
    as_at: Annotated[
        str | None,
        Query(
            max_length=32,
            description="As it was known then: a date (its end) or a time, e.g. 2018-05-01",
        ),
    ] = None,
) -> dict[str, Any]:
    try:
        moment = None if as_at is None else parse_as_at(as_at)
    except ValueError as error:
        raise OpenbookError(f"as_at: {error}") from None
    report = cached_system_position(
        app_state(request).db, system_code.upper(), parse_year(year), month, as_at=moment
    )
    return {
        **system_position_to_dict(report),
        "as_at": None if moment is None else moment.isoformat(),
    }


@router.get(
    "/systems/{system_code}/trend",
    summary="Month by month, M1 to the month given: forecast outturn, gap, YTD variance, run rate",
    description="The system first, then each organisation; each month's figures are that "
    "month's position. Amounts are strings of pounds with two decimals; null without a return.",
)
def trend(
    request: Request, _user: ApiUser, system_code: str, year: Year, month: Month
) -> dict[str, Any]:
    trends = get_trends(app_state(request).db, system_code.upper(), parse_year(year), month)
    return {"trends": [trend_to_dict(t) for t in trends]}


def _version_out(version: Any) -> ReturnVersionOut:
    return ReturnVersionOut(
        org_code=version.org_code,
        financial_year=version.financial_year.label,
        month=month_label(version.month),
        version=version.version,
        content_hash=version.content_hash,
        source_name=version.source_name,
        submitted_at=version.submitted_at.isoformat(),
        submitted_by=version.submitted_by,
    )


@router.get("/returns", summary="Every version of an organisation's return for a month")
def returns(
    request: Request, _user: ApiUser, org_code: OrgCode, year: Year, month: Month
) -> list[ReturnVersionOut]:
    history = list_history(app_state(request).db, org_code.upper(), parse_year(year), month)
    return [_version_out(version) for version, _ in history]


@router.post(
    "/returns",
    summary="Submit a return (.csv or .xlsx); nothing is stored unless all of it is valid",
    status_code=201,
    responses={200: {"model": SubmissionOut, "description": "Identical to the version in force"}},
)
async def submit(
    request: Request, user: ApiUser, file: Annotated[UploadFile, File()]
) -> JSONResponse:
    data = await file.read(5 * 1024 * 1024 + 1)
    if len(data) > 5 * 1024 * 1024:
        raise OpenbookError("the file is larger than 5 MB")
    name = (file.filename or "upload.csv").replace("\\", "/").rsplit("/", 1)[-1]
    result = await run_in_threadpool(submit_return, app_state(request).db, data, name, user)
    body = SubmissionOut(created=result.created, version=_version_out(result.version))
    return JSONResponse(body.model_dump(), status_code=201 if result.created else 200)


@router.get("/audit", summary="The latest audit events, newest first")
def audit(
    request: Request,
    _user: ApiUser,
    limit: Annotated[int, Query(ge=1, le=5000)] = 100,
    entity_id: Annotated[str | None, Query(max_length=200)] = None,
) -> list[AuditEventOut]:
    events = list_audit_events(app_state(request).db, limit, entity_id)
    return [
        AuditEventOut(
            sequence=e.sequence,
            occurred_at=e.occurred_at.isoformat(),
            actor=e.actor,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            reason=e.reason,
        )
        for e in events
    ]
