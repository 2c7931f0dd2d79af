"""The decisions log (searchable, downloadable), one decision's page, recording a decision
(the chair of the body or the system lead), and each user's notifications."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.governance.config import get_definition
from openbook.governance.decisions import list_decisions, record_decision
from openbook.governance.notifications import list_notifications, mark_all_read
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.table_writer import Cell
from openbook.rebalancing.model import ProposalStatus
from openbook.rebalancing.view import list_proposal_views
from openbook.web import forms
from openbook.web.mail import send_after
from openbook.web.pages.period import hidden_system, resolve_period
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
    system: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, system, None, None)
    table = _decisions_table(db, period.system_code, q, body)
    if download:
        return download_response([table], download, f"decisions-{period.system_code}")
    context = _context(request, period.system_code, table, q, body)
    return render(request, "decisions.html", context, user)


def _decisions_table(db: Database, system_code: str, q: str | None, body: str | None) -> Table:
    found = list_decisions(db, system_code, body_code=body or None, text=q or None)
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
    return Table(
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


def _context(
    request: Request, system_code: str, table: Table, q: str | None, body: str | None
) -> dict[str, object]:
    db = app_state(request).db
    return {
        "title": "Decisions log",
        "nav_key": "governance",
        "table": table,
        "system_code": system_code,
        "page_url": f"/decisions?system={system_code}&q={q or ''}&body={body or ''}",
        "q": q or "",
        "body": body or "",
        "bodies": get_definition(db, system_code).bodies,
        "proposals": [
            p
            for p in list_proposal_views(db, system_code)
            if p.status is not ProposalStatus.REJECTED
        ],
        "notice": request.session.pop("notice", None),
        "values": {},
        "errors": {},
        "problems": [],
    }


FIELDS = ("body", "meeting_date", "title", "decided", "options", "proposal")
FIELD_ORDER = {name: index for index, name in enumerate(FIELDS)}


@router.post("/decisions")
async def record_page(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    # the system of the page the form was on (a store may hold many systems)
    period = resolve_period(db, hidden_system(form), None, None)
    problems = forms.FormProblems()
    body = problems.read(lambda: forms.text(form, "body", "the body", required=True, max_length=20))
    meeting = problems.read(lambda: forms.day(form, "meeting_date", "the meeting date"))
    title = problems.read(
        lambda: forms.text(form, "title", "the decision", required=True, max_length=300)
    )
    decided = problems.read(
        lambda: forms.text(form, "decided", "what was decided", required=True, max_length=10_000)
    )
    options_text = problems.read(
        lambda: forms.text(form, "options", "the options considered", max_length=10_000)
    )
    proposal = problems.read(lambda: forms.text(form, "proposal", "the proposal", max_length=40))
    status = 400
    if not problems and meeting is not None:
        try:
            view = record_decision(
                db,
                period.system_code,
                body_code=str(body),
                meeting_date=meeting,
                title=str(title),
                decided=str(decided),
                options=tuple(
                    line.strip() for line in str(options_text).splitlines() if line.strip()
                ),
                proposal_refs=(proposal,) if proposal else (),
                by=user,
            )
        except OpenbookError as error:  # e.g. not the chair (403): the page says so, keeps the text
            problems.general.append(error.message + (f" ({error.hint})" if error.hint else ""))
            status = error.status_code
        else:
            request.session["notice"] = f"Recorded {view.ref}."
            return send_after(request, RedirectResponse(f"/decisions/{view.ref}", status_code=303))
    table = _decisions_table(db, period.system_code, None, None)
    context = _context(request, period.system_code, table, None, None)
    context.update(
        values=forms.typed(form, FIELDS),
        errors=dict(sorted(problems.errors.items(), key=lambda e: FIELD_ORDER.get(e[0], 99))),
        problems=problems.general,
    )
    return render(request, "decisions.html", context, user, status)


@router.get("/decisions/{ref}")
def decision_page(request: Request, user: PageUser, ref: str) -> Response:
    db = app_state(request).db
    parts = ref.split("-")  # D-QVV-0012: the system is in the reference
    period = resolve_period(db, parts[1] if len(parts) == 3 else None, None, None)
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
