"""REST API for quality under /api/v1: the system's quality report for a month (the same JSON
as `openbook quality report --format json`) and submitting a quality return."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from openbook.kernel.error import OpenbookError
from openbook.quality.report import quality_report
from openbook.quality.report_json import report_json
from openbook.quality.submit import submit_quality_return
from openbook.web.api.finance import ERRORS, Month, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)
MAX_RETURN_BYTES = 5 * 1024 * 1024


@router.get(
    "/systems/{system_code}/quality",
    summary="Each acute provider's quality measures for a month, funnels and CQC ratings",
    description="Values are in each measure's unit (% for a proportion); variation and "
    "assurance icons follow Making Data Count (null with fewer than 12 months).",
)
def quality(
    request: Request, _user: ApiUser, system_code: str, year: Year, month: Month
) -> dict[str, Any]:
    report = quality_report(app_state(request).db, system_code.upper(), parse_year(year), month)
    return report_json(report)


@router.post(
    "/quality/returns",
    summary="Submit a quality return (.csv or .xlsx); nothing is stored unless all is valid",
    status_code=201,
)
async def submit(
    request: Request, user: ApiUser, file: Annotated[UploadFile, File()]
) -> JSONResponse:
    data = await file.read(MAX_RETURN_BYTES + 1)
    if len(data) > MAX_RETURN_BYTES:
        raise OpenbookError("the file is larger than 5 MB")
    name = (file.filename or "quality.csv").replace("\\", "/").rsplit("/", 1)[-1]
    result = await run_in_threadpool(submit_quality_return, app_state(request).db, data, name, user)
    parsed = result.quality_return
    body = {
        "created": result.created,
        "org_code": parsed.org_code,
        "financial_year": parsed.year.label,
        "month": parsed.month,
        "version": result.version,
    }
    return JSONResponse(body, status_code=201 if result.created else 200)
