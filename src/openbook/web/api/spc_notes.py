"""REST API for notes on SPC charts under /api/v1: list a system's notes (the same JSON as
`openbook spc annotations --format json`), annotate a chart or propose a rebase, agree a
rebase (a second person), withdraw a note."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel, Field

from openbook.governance.model.spc_note import parse_note_day
from openbook.governance.spc_notes import (
    agree_rebase,
    list_notes,
    note_to_dict,
    notes_to_dict,
    propose_rebase,
    record_annotation,
    withdraw_note,
)
from openbook.web.api.finance import ERRORS
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)
CHART_HELP = "quality/ORG/MEASURE, activity/ORG/POD or ae-4h/ORG; '*' for any one part"


class NoteIn(BaseModel):
    kind: Literal["annotation", "rebase"]
    chart: str = Field(max_length=120, description=CHART_HELP)
    day: str = Field(max_length=10, description="YYYY-MM or YYYY-MM-DD (a rebase: a month)")
    until: str | None = Field(None, max_length=10, description="An annotated period's end")
    label: str = Field("", max_length=120)
    note: str = Field("", max_length=10_000)
    reason: str = Field("", max_length=10_000, description="Why (needed for a rebase)")
    decision: str | None = Field(None, max_length=40, description="E.g. D-QVV-0003")


class StepIn(BaseModel):
    reason: str = Field("", max_length=10_000)
    decision: str | None = Field(None, max_length=40)


@router.get(
    "/systems/{system_code}/spc-notes",
    summary="Annotations and rebases on the system's SPC charts, every status and version",
)
def notes(
    request: Request,
    _user: ApiUser,
    system_code: str,
    chart: Annotated[str | None, Query(max_length=120, description=CHART_HELP)] = None,
) -> dict[str, Any]:
    code = system_code.upper()
    return notes_to_dict(code, list_notes(app_state(request).db, code, chart))


@router.post(
    "/systems/{system_code}/spc-notes",
    summary="Annotate a chart (drawn at once) or propose a rebase (applies once agreed)",
    status_code=201,
)
def write(
    request: Request, user: ApiUser, system_code: str, body: Annotated[NoteIn, Body()]
) -> dict[str, Any]:
    db, code = app_state(request).db, system_code.upper()
    day = parse_note_day(body.day)
    if body.kind == "rebase":
        made = propose_rebase(
            db,
            code,
            chart=body.chart,
            day=day,
            reason=body.reason,
            by=user,
            label=body.label,
            note=body.note,
            decision_ref=body.decision,
        )
    else:
        until = None if body.until is None else parse_note_day(body.until, "until")
        made = record_annotation(
            db,
            code,
            chart=body.chart,
            day=day,
            label=body.label,
            by=user,
            note=body.note,
            until=until,
            decision_ref=body.decision,
        )
    return note_to_dict(made)


@router.post(
    "/systems/{system_code}/spc-notes/{ref}/agreement",
    summary="Agree a rebase someone else proposed (an approver or the system lead)",
)
def agree(
    request: Request, user: ApiUser, system_code: str, ref: str, body: Annotated[StepIn, Body()]
) -> dict[str, Any]:
    del system_code  # the reference names the note; the path keeps the system's shape
    note = agree_rebase(
        app_state(request).db,
        ref.upper()[:40],
        by=user,
        reason=body.reason,
        decision_ref=body.decision,
    )
    return note_to_dict(note)


@router.post(
    "/systems/{system_code}/spc-notes/{ref}/withdrawal",
    summary="Withdraw an annotation or a rebase, saying why (its versions are kept)",
)
def withdraw(
    request: Request, user: ApiUser, system_code: str, ref: str, body: Annotated[StepIn, Body()]
) -> dict[str, Any]:
    del system_code
    note = withdraw_note(app_state(request).db, ref.upper()[:40], by=user, reason=body.reason)
    return note_to_dict(note)
