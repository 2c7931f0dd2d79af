"""Escalations: the list (by status and body), raising one by hand, and each escalation's
page with its history, actions and the forms to add an action, resolve or escalate it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from openbook.governance import access as governance_actions
from openbook.governance.config import get_definition
from openbook.governance.escalations import (
    get_escalation_view,
    list_escalation_views,
    raise_escalation,
)
from openbook.kernel.error import OpenbookError
from openbook.kernel.period import parse_month
from openbook.kernel.rule import Remit
from openbook.kernel.table_writer import Cell
from openbook.web.mail import send_after
from openbook.web.pages.period import resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Link, Table, download_response

router = APIRouter(include_in_schema=False)
STATUSES = ("open", "resolved", "cleared")


def _text(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise OpenbookError(f"{what} must be a date like 2018-05-18") from None


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
    today = datetime.now(UTC).date()
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
    title = _text(form, "title")
    if not title:
        raise OpenbookError("say what the escalation is about: a title is needed")
    try:
        remit = Remit(_text(form, "remit"))
        month = parse_month(_text(form, "month") or str(period.month))
    except ValueError as error:
        raise OpenbookError(str(error)) from None
    view = raise_escalation(
        db,
        period.system_code,
        title=title,
        detail=_text(form, "detail"),
        remit=remit,
        subject=(_text(form, "subject") or user.org_code).upper(),
        year=period.year,
        month=month,
        actor=user.username,
        body_code=_text(form, "body") or None,
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
        "may_work": view.status == "open" and governance_actions.may_work(db, user, view),
        "overdue": view.overdue(datetime.now(UTC).date()),
        "notice": request.session.pop("notice", None),
    }
    return render(request, "escalation.html", context, user)


@router.post("/escalations/{ref}/{step}")
async def escalation_step(request: Request, user: PageUser, ref: str, step: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    if step == "action":
        governance_actions.add_action_as(
            db,
            user,
            ref,
            _text(form, "description"),
            _text(form, "owner"),
            _day(_text(form, "due"), "the due date"),
        )
        notice = "Action added."
    elif step == "done":
        governance_actions.complete_action_as(
            db, user, ref, int(_text(form, "action") or 0), _text(form, "note")
        )
        notice = "Action marked done."
    elif step == "resolve":
        governance_actions.resolve_as(db, user, ref, _text(form, "note"))
        notice = f"{ref} resolved."
    elif step == "escalate":
        view = governance_actions.escalate_as(db, user, ref, _text(form, "reason"))
        notice = f"{ref} escalated to {view.body_code}."
    else:
        raise OpenbookError(f"there is no step {step!r}")
    request.session["notice"] = notice
    return send_after(request, RedirectResponse(f"/escalations/{ref}", status_code=303))
