"""REST API for board packs, under /api/v1: the issued packs of a system with their
SHA-256, issuing one (the body's chair or the system lead), and any meeting's pack file
(the issued copy exactly, or a draft)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from openbook.governance.config import get_body, get_definition
from openbook.governance.pack_issue import (
    MEDIA_TYPES,
    IssuedPack,
    issue_pack,
    list_issued_packs,
    pack_file,
)
from openbook.kernel.clock import parse_as_at
from openbook.kernel.error import OpenbookError
from openbook.web.api.finance import ERRORS
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


class IssuedPackOut(BaseModel):
    body_code: str
    meeting_date: date
    format: str
    figures_to: str
    sha256: str
    bytes: int
    as_at: str
    issued_at: str
    issued_by: str


class IssueIn(BaseModel):
    as_at: str | None = None  # ISO time; default now


def _out(p: IssuedPack) -> IssuedPackOut:
    return IssuedPackOut.model_validate(p.as_dict())


@router.get("/systems/{system_code}/packs", summary="Issued board packs, newest meeting first")
def packs(
    request: Request,
    _user: ApiUser,
    system_code: str,
    body: Annotated[str | None, Query(max_length=20)] = None,
) -> list[IssuedPackOut]:
    db = app_state(request).db
    get_definition(db, system_code.upper())  # 404 for a system without bodies
    return [_out(p) for p in list_issued_packs(db, system_code.upper(), body)]


@router.post(
    "/systems/{system_code}/bodies/{body_code}/packs/{meeting_date}",
    summary="Issue a meeting's pack: PDF, HTML and XLSX frozen with their SHA-256",
    status_code=201,
)
def issue(
    request: Request,
    user: ApiUser,
    system_code: str,
    body_code: str,
    meeting_date: date,
    payload: Annotated[IssueIn | None, Body()] = None,
) -> list[IssuedPackOut]:
    as_at = None
    if payload is not None and payload.as_at:
        try:
            as_at = parse_as_at(payload.as_at)
        except ValueError as error:
            raise OpenbookError(f"as_at: {error}") from None
    db = app_state(request).db
    files = issue_pack(db, system_code.upper(), body_code, meeting_date, user, as_at)
    return [_out(p) for p in files]


@router.get(
    "/systems/{system_code}/bodies/{body_code}/packs/{meeting_date}.{fmt}",
    summary="A meeting's pack file: the issued copy, or a draft (header X-Pack-State)",
    response_class=Response,
)
def pack_download(
    request: Request, _user: ApiUser, system_code: str, body_code: str, meeting_date: date, fmt: str
) -> Response:
    db = app_state(request).db
    get_body(get_definition(db, system_code.upper()), body_code)
    data, issued = pack_file(db, system_code.upper(), body_code, meeting_date, fmt)
    headers = {"X-Pack-State": "issued" if issued else "draft"}
    if issued is not None:
        headers["X-Content-SHA256"] = issued.sha256
    return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers)
