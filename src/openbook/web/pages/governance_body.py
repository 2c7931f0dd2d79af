"""A governance body's page: its members, escalation path, open escalations and decisions,
and the pack of each meeting: issued (frozen, with its SHA-256 and as-at) or a draft, or why a
meeting can have none; the chair or system lead issues a pack here."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.governance.config import get_body, get_definition
from openbook.governance.decisions import list_decisions
from openbook.governance.escalation_view import list_escalation_views
from openbook.governance.pack import why_no_pack
from openbook.governance.pack_issue import (
    MEDIA_TYPES,
    IssuedPack,
    issue_pack,
    list_issued_packs,
    pack_file,
)
from openbook.kernel.access import can_record_decision
from openbook.kernel.error import OpenbookError
from openbook.web.pages.period import hidden_system, resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state

router = APIRouter(include_in_schema=False)
PACK_TYPES = MEDIA_TYPES


def _meeting_day(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise OpenbookError(f"{day!r} is not a date like 2018-04-20") from None


@router.get("/governance/{code}")
def body_page(
    request: Request,
    user: PageUser,
    code: str,
    year: Annotated[str | None, Query(max_length=7)] = None,
    system: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, system, year, None)
    definition = get_definition(db, period.system_code)
    body = get_body(definition, code)
    # The meetings of the year the dashboard shows, to the one after its last month's
    # figures are in (for a live system, the current year).
    end = min(period.year.end_date + timedelta(days=60), db.clock.today() + timedelta(days=60))
    meetings = body.meeting_dates(period.year.start_date + timedelta(days=30), end)
    names = {b.code: b.name for b in definition.bodies}
    path, current = [], body.escalates_to
    while current is not None and current in names and current not in path:
        path.append(current)
        current = next(b.escalates_to for b in definition.bodies if b.code == current)
    escalations_open = [
        v
        for v in list_escalation_views(db, period.system_code, status="open")
        if v.body_code == body.code
    ]
    issued: dict[date, list[IssuedPack]] = {}
    for pack in list_issued_packs(db, period.system_code, body.code):
        issued.setdefault(pack.meeting_date, []).append(pack)
    context = {
        "title": body.name,
        "nav_key": "governance",
        "body": body,
        "path": [names[c] for c in path],
        "meetings": [
            (day, issued.get(day, []), why_no_pack(db, period.system_code, day))
            for day in reversed(meetings)
        ],
        "may_issue": can_record_decision(user, body.chair),
        "notice": request.session.pop("notice", None),
        "year": period.year.label,
        "years": period.years,
        "system_code": period.system_code,
        "escalations": escalations_open,
        "decisions": list_decisions(db, period.system_code, body_code=body.code),
    }
    return render(request, "body.html", context, user)


@router.post("/governance/{code}/pack/{day}/issue")
async def pack_issue(request: Request, user: PageUser, code: str, day: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    meeting = _meeting_day(day)
    db = app_state(request).db
    period = resolve_period(db, hidden_system(form), None, None)
    files = issue_pack(db, period.system_code, code, meeting, user)
    request.session["notice"] = (
        f"Issued the pack for {meeting:%-d %B %Y} (figures to {files[0].period_label}): "
        "it will not change. SHA-256 of the PDF " + files[0].sha256[:16] + "…"
    )
    return RedirectResponse(
        f"/governance/{code}?system={period.system_code}#pack-{meeting.isoformat()}",
        status_code=303,
    )


@router.get("/governance/{code}/pack/{day}.{fmt}")
def pack_download(
    request: Request,
    _user: PageUser,
    code: str,
    day: str,
    fmt: str,
    system: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    if fmt not in PACK_TYPES:
        raise OpenbookError("a pack is a .pdf, .html or .xlsx file")
    meeting = _meeting_day(day)
    db = app_state(request).db
    period = resolve_period(db, system, None, None)
    get_body(get_definition(db, period.system_code), code)
    data, issued = pack_file(db, period.system_code, code, meeting, fmt)
    state = "issued" if issued else "draft"
    name = f"{period.system_code}-{code}-pack-{meeting.isoformat()}-{state}.{fmt}"
    disposition = "inline" if fmt in ("pdf", "html") else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{name}"', "X-Pack-State": state}
    if issued is not None:
        headers["X-Content-SHA256"] = issued.sha256
    if fmt == "html":  # the pack is a self-contained document with its own print styles
        headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        )
    return Response(data, media_type=PACK_TYPES[fmt], headers=headers)
