"""The capital, cash and workforce return (with a commissioner's allocation, programme
spend and running costs) through the REST API: submit a file, list a month's versions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from openbook.kernel.error import OpenbookError
from openbook.kernel.money import money_str
from openbook.kernel.period import month_label
from openbook.regime.ccw_submit import list_ccw_history, submit_ccw_bytes
from openbook.web.api.finance import ERRORS, Month, OrgCode, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)
MAX_BYTES = 5 * 1024 * 1024


class CcwVersionOut(BaseModel):
    org_code: str
    financial_year: str
    month: str
    version: int
    content_hash: str
    source_name: str
    submitted_at: str
    submitted_by: str
    lines: dict[str, dict[str, str]] | None = None


class CcwSubmissionOut(BaseModel):
    created: bool
    version: CcwVersionOut


def _version_out(version: Any, lines: Any = None) -> CcwVersionOut:
    return CcwVersionOut(
        org_code=version.org_code,
        financial_year=version.financial_year.label,
        month=month_label(version.month),
        version=version.version,
        content_hash=version.content_hash,
        source_name=version.source_name,
        submitted_at=version.submitted_at.isoformat(),
        submitted_by=version.submitted_by,
        lines=None
        if lines is None
        else {
            line.line_code: {
                "plan": money_str(line.plan),
                "actual": money_str(line.actual),
                "forecast_outturn": money_str(line.forecast_outturn),
            }
            for line in lines
        },
    )


@router.get(
    "/ccw-returns",
    summary="Every version of an organisation's capital, cash and workforce return for a month",
    description="Each version with its lines (a commissioner's include its icb.* lines); "
    "amounts are strings with two decimals.",
)
def ccw_returns(
    request: Request, _user: ApiUser, org_code: OrgCode, year: Year, month: Month
) -> list[CcwVersionOut]:
    history = list_ccw_history(app_state(request).db, org_code.upper(), parse_year(year), month)
    return [_version_out(version, r.lines) for version, r in history]


@router.post(
    "/ccw-returns",
    summary="Submit a capital, cash and workforce return (.csv or .xlsx); nothing is stored "
    "unless all of it is valid",
    status_code=201,
    responses={
        200: {"model": CcwSubmissionOut, "description": "Identical to the version in force"}
    },
)
async def submit_ccw(
    request: Request, user: ApiUser, file: Annotated[UploadFile, File()]
) -> JSONResponse:
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OpenbookError("the file is larger than 5 MB")
    name = (file.filename or "upload.csv").replace("\\", "/").rsplit("/", 1)[-1]
    result = await run_in_threadpool(submit_ccw_bytes, app_state(request).db, data, name, user)
    body = CcwSubmissionOut(created=result.created, version=_version_out(result.version))
    return JSONResponse(body.model_dump(), status_code=201 if result.created else 200)
