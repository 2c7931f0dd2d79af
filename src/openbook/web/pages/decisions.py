"""The decisions log (searchable, downloadable), one decision's page, recording a decision
(the chair of the body or the system lead), and each user's notifications."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.governance.config import get_definition
from openbook.governance.decisions import list_decisions, record_decision
from openbook.governance.notifications import list_notifications, mark_all_read
from openbook.kernel.error import NotFoundError
from openbook.kernel.table_writer import Cell
from openbook.rebalancing.model import ProposalStatus
from openbook.rebalancing.view import list_proposal_views
from openbook.web import forms
from openbook.web.mail import send_after
from openbook.web.pages.period import resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Link, Table, download_response

router = APIRouter(include_in_schema=False)


@router.get("/decisions")
def decisions_page(
    request: Request,
    user: PageUser,
    q: Annotated[str | None, Query(max_length=100)] = None,
    body: Annotated[str | None, Query(max_length=20)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, None, None, None)
    found = list_decisions(db, period.system_code, body_code=body or None, text=q or None)
    rows: list[list[Cell | Link]] = [
        [
            Link(d.ref, f"/decisions/{d.ref}"),
            d.meeting_date.isoformat(),
            d.body_code,
            d.title,
            "; ".join(f"{a.org_code} ({a.agreed_by})" for a in d.agreements),
            " ".join(d.proposal_refs),
        ]
        for d in reversed(found)
    ]
    table = Table(
        "decisions",
        f"{len(rows)} decision{'s' if len(rows) != 1 else ''}" + (f" matching {q!r}" if q else ""),
        [
            Column("Ref"),
            Column("Meeting"),
            Column("Body"),
            Column("Decision"),
            Column("Agreed by"),
            Column("Proposals"),
        ],
        rows,
    )
    if download:
        return download_response([table], download, f"decisions-{period.system_code}")
    definition = get_definition(db, period.system_code)
    context = {
        "title": "Decisions log",
        "nav_key": "governance",
        "table": table,
        "page_url": f"/decisions?q={q or ''}&body={body or ''}",
        "q": q or "",
        "body": body or "",
        "bodies": definition.bodies,
        "proposals": [
            p
            for p in list_proposal_views(db, period.system_code)
            if p.status is not ProposalStatus.REJECTED
        ],
        "notice": request.session.pop("notice", None),
    }
    return render(request, "decisions.html", context, user)


@router.post("/decisions")
async def record_page(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    period = resolve_period(db, None, None, None)
    meeting = forms.day(form, "meeting_date", "the meeting date")
    options_text = forms.text(form, "options", "the options considered", max_length=10_000)
    options = [line.strip() for line in options_text.splitlines() if line.strip()]
    proposal = forms.text(form, "proposal", "the proposal", max_length=40)
    view = record_decision(
        db,
        period.system_code,
        body_code=forms.text(form, "body", "the body", required=True, max_length=20),
        meeting_date=meeting,
        title=forms.text(form, "title", "the title", required=True, max_length=300),
        decided=forms.text(form, "decided", "what was decided", required=True, max_length=10_000),
        options=tuple(options),
        proposal_refs=(proposal,) if proposal else (),
        by=user,
    )
    request.session["notice"] = f"Recorded {view.ref}."
    return send_after(request, RedirectResponse(f"/decisions/{view.ref}", status_code=303))


@router.get("/decisions/{ref}")
def decision_page(request: Request, user: PageUser, ref: str) -> Response:
    db = app_state(request).db
    period = resolve_period(db, None, None, None)
    found = [d for d in list_decisions(db, period.system_code) if d.ref == ref]
    if not found:
        raise NotFoundError(f"there is no decision {ref!r}")
    context = {
        "title": f"Decision {ref}",
        "nav_key": "governance",
        "decision": found[0],
        "notice": request.session.pop("notice", None),
    }
    return render(request, "decision.html", context, user)


@router.get("/notifications")
def notifications_page(request: Request, user: PageUser) -> Response:
    items = list_notifications(app_state(request).db, user.username)
    context = {"title": "Notifications", "nav_key": "governance", "items": items}
    return render(request, "notifications.html", context, user)


@router.post("/notifications/read")
async def notifications_read(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    mark_all_read(app_state(request).db, user.username)
    return RedirectResponse("/notifications", status_code=303)
