"""Escalations: the list (by status and body), raising one by hand, and each escalation's
page with its history, actions and the forms to add an action, resolve or escalate it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.governance import escalations
from openbook.governance.config import get_definition
from openbook.governance.escalation_view import get_escalation_view, list_escalation_views
from openbook.governance.escalations import raise_escalation
from openbook.kernel.error import OpenbookError
from openbook.kernel.rule import Remit
from openbook.kernel.table_writer import Cell
from openbook.web import forms
from openbook.web.mail import send_after
from openbook.web.pages.period import resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Link, Table, download_response

router = APIRouter(include_in_schema=False)
STATUSES = ("open", "resolved", "cleared")


@router.get("/escalations")
def escalations_page(
    request: Request,
    user: PageUser,
    status: Annotated[str | None, Query(max_length=12)] = "open",
    body: Annotated[str | None, Query(max_length=20)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, None, None, None)
    chosen = status if status in STATUSES else None
    views = list_escalation_views(db, period.system_code, status=chosen, body_code=body or None)
    today = db.clock.today()
    rows: list[list[Cell | Link]] = [
        [
            Link(v.ref, f"/escalations/{v.ref}"),
            v.title,
            v.body_code,
            v.status + (" (overdue)" if v.overdue(today) else ""),
            f"{v.financial_year} M{v.month}",
            v.raised_on.isoformat(),
            v.due_on.isoformat(),
            v.closed_on.isoformat() if v.closed_on else "",
        ]
        for v in reversed(views)
    ]
    table = Table(
        "escalations",
        f"{len(rows)} escalation{'s' if len(rows) != 1 else ''}"
        + (f", {chosen}" if chosen else "")
        + (f", with {body}" if body else ""),
        [
            Column("Ref"),
            Column("Escalation"),
            Column("Body"),
            Column("Status"),
            Column("Figures"),
            Column("Raised"),
            Column("Due"),
            Column("Closed"),
        ],
        rows,
    )
    if download:
        return download_response([table], download, f"escalations-{period.system_code}")
    definition = get_definition(db, period.system_code)
    context = {
        "title": "Escalations",
        "nav_key": "governance",
        "table": table,
        "page_url": f"/escalations?status={chosen or 'all'}&body={body or ''}",
        "status": chosen or "all",
        "body": body or "",
        "bodies": definition.bodies,
        "remits": list(Remit),
        "period": period,
        "notice": request.session.pop("notice", None),
    }
    return render(request, "escalations.html", context, user)


@router.post("/escalations")
async def raise_page(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    period = resolve_period(db, None, None, None)
    title = forms.text(form, "title", "the title", required=True, max_length=300)
    remit = forms.choice(form, "remit", "the remit", Remit)
    month = forms.integer(form, "month", "the month", 1, 12) if form.get("month") else period.month
    view = raise_escalation(
        db,
        period.system_code,
        title=title,
        detail=forms.text(form, "detail", "the detail", max_length=10_000),
        remit=remit,
        subject=(
            forms.text(form, "subject", "the organisation", max_length=12) or user.org_code
        ).upper(),
        year=period.year,
        month=month,
        by=user,
        body_code=forms.text(form, "body", "the body", max_length=20) or None,
        per_hour=app_state(request).settings.escalations_per_hour,
    )
    request.session["notice"] = f"Raised {view.ref} with {view.body_code}."
    return send_after(request, RedirectResponse(f"/escalations/{view.ref}", status_code=303))


@router.get("/escalations/{ref}")
def escalation_page(request: Request, user: PageUser, ref: str) -> Response:
    db = app_state(request).db
    view = get_escalation_view(db, ref)
    context = {
        "title": f"Escalation {view.ref}",
        "nav_key": "governance",
        "view": view,
        "may_work": view.status == "open" and escalations.may_work(db, user, view),
        "overdue": view.overdue(db.clock.today()),
        "notice": request.session.pop("notice", None),
    }
    return render(request, "escalation.html", context, user)


@router.post("/escalations/{ref}/{step}")
async def escalation_step(request: Request, user: PageUser, ref: str, step: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    if step == "action":
        escalations.add_action(
            db,
            ref,
            forms.text(form, "description", "the action", required=True),
            forms.text(form, "owner", "the owner", required=True, max_length=100),
            forms.day(form, "due", "the due date"),
            user,
        )
        notice = "Action added."
    elif step == "done":
        action = forms.integer(form, "action", "the action", 1, 2**31 - 1)
        escalations.complete_action(db, ref, action, forms.text(form, "note", "the note"), user)
        notice = "Action marked done."
    elif step == "resolve":
        escalations.resolve(
            db, ref, forms.text(form, "note", "how it was resolved", required=True), user
        )
        notice = f"{ref} resolved."
    elif step == "escalate":
        why = forms.text(form, "reason", "why it goes up", required=True)
        view = escalations.escalate(db, ref, why, user)
        notice = f"{ref} escalated to {view.body_code}."
    else:
        raise OpenbookError(f"there is no step {step!r}")
    request.session["notice"] = notice
    return send_after(request, RedirectResponse(f"/escalations/{ref}", status_code=303))
