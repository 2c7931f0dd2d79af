"""Escalations: the list (by status and body), raising one by hand, and each escalation's
page with its history, actions and the forms to add an action, resolve or escalate it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.governance import escalations
from openbook.governance.config import get_definition
from openbook.governance.escalation_jobs import is_reevaluating
from openbook.governance.escalation_view import get_escalation_view, list_escalation_views
from openbook.governance.escalations import raise_escalation
from openbook.kernel.access import Principal
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError
from openbook.kernel.rule import Remit
from openbook.kernel.table_writer import Cell
from openbook.web import forms
from openbook.web.mail import send_after
from openbook.web.pages.period import Period, hidden_system, resolve_period
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
    system: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, system, None, None)
    chosen = status if status in STATUSES else None
    table = _escalations_table(db, period.system_code, chosen, body)
    if download:
        return download_response([table], download, f"escalations-{period.system_code}")
    context = _list_context(request, period, table, chosen, body)
    return render(request, "escalations.html", context, user)


def _escalations_table(
    db: Database, system_code: str, chosen: str | None, body: str | None
) -> Table:
    views = list_escalation_views(db, system_code, status=chosen, body_code=body or None)
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
    return Table(
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


def _list_context(
    request: Request, period: Period, table: Table, chosen: str | None, body: str | None
) -> dict[str, object]:
    definition = get_definition(app_state(request).db, period.system_code)
    return {
        "title": "Escalations",
        "nav_key": "governance",
        "table": table,
        "page_url": f"/escalations?system={period.system_code}&status={chosen or 'all'}"
        f"&body={body or ''}",
        "status": chosen or "all",
        "body": body or "",
        "bodies": definition.bodies,
        "remits": list(Remit),
        "period": period,
        "reevaluating": is_reevaluating(app_state(request).db, period.system_code),
        "notice": request.session.pop("notice", None),
        "values": {},
        "errors": {},
        "problems": [],
    }


RAISE_FIELDS = ("title", "detail", "remit", "subject", "month", "body")


@router.post("/escalations")
async def raise_page(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    period = resolve_period(db, hidden_system(form), None, None)
    problems = forms.FormProblems()
    title = problems.read(
        lambda: forms.text(form, "title", "the title", required=True, max_length=300)
    )
    detail = problems.read(
        lambda: forms.text(form, "detail", "the facts behind it", max_length=10_000)
    )
    remit = problems.read(lambda: forms.choice(form, "remit", "the remit", Remit))
    subject = problems.read(lambda: forms.text(form, "subject", "the organisation", max_length=12))
    month = problems.read(
        lambda: (
            forms.integer(form, "month", "the month", 1, 12) if form.get("month") else period.month
        )
    )
    body = problems.read(lambda: forms.text(form, "body", "the body", max_length=20))
    status = 400
    if not problems and remit is not None and month is not None:
        try:
            view = raise_escalation(
                db,
                period.system_code,
                title=str(title),
                detail=str(detail),
                remit=remit,
                subject=(subject or user.org_code).upper(),
                year=period.year,
                month=month,
                by=user,
                body_code=body or None,
                per_hour=app_state(request).settings.escalations_per_hour,
            )
        except OpenbookError as error:  # e.g. too many in an hour (429): said, the text kept
            status = problems.refused(error)
        else:
            request.session["notice"] = f"Raised {view.ref} with {view.body_code}."
            return send_after(
                request, RedirectResponse(f"/escalations/{view.ref}", status_code=303)
            )
    table = _escalations_table(db, period.system_code, "open", None)
    context = _list_context(request, period, table, "open", None)
    context.update(problems.context(form, RAISE_FIELDS))
    return render(request, "escalations.html", context, user, status)


@router.get("/escalations/{ref}")
def escalation_page(request: Request, user: PageUser, ref: str) -> Response:
    return render(request, "escalation.html", _escalation_context(request, user, ref), user)


def _escalation_context(request: Request, user: Principal, ref: str) -> dict[str, object]:
    db = app_state(request).db
    view = get_escalation_view(db, ref)
    return {
        "title": f"Escalation {view.ref}",
        "nav_key": "governance",
        "view": view,
        "may_work": view.status == "open" and escalations.may_work(db, user, view),
        "overdue": view.overdue(db.clock.today()),
        "reevaluating": is_reevaluating(db, view.system_code),
        "notice": request.session.pop("notice", None),
        "failed": None,
        "values": {},
        "errors": {},
        "problems": [],
    }


STEP_FIELDS = {
    "action": ("description", "owner", "due"),
    "done": ("action", "note"),
    "resolve": ("note",),
    "escalate": ("reason",),
}


@router.post("/escalations/{ref}/{step}")
async def escalation_step(request: Request, user: PageUser, ref: str, step: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    if step not in STEP_FIELDS:
        raise OpenbookError(f"there is no step {step!r}")
    db = app_state(request).db
    problems = forms.FormProblems()
    work = _read_step(form, step, problems)
    status = 400
    if not problems and work is not None:
        try:
            notice = work(db, ref, user)
        except OpenbookError as error:  # not a member (403), no longer open (409): said, kept
            status = problems.refused(error)
        else:
            request.session["notice"] = notice
            return send_after(request, RedirectResponse(f"/escalations/{ref}", status_code=303))
    context = _escalation_context(request, user, ref)
    context.update(problems.context(form, STEP_FIELDS[step]), failed=step)
    return render(request, "escalation.html", context, user, status)


Step = Callable[[Database, str, Principal], str]


def _read_step(form: Any, step: str, problems: forms.FormProblems) -> Step | None:
    """The step's fields read (each problem noted), as the work to do once all are good."""
    if step == "action":
        description = problems.read(
            lambda: forms.text(form, "description", "the new action", required=True)
        )
        owner = problems.read(
            lambda: forms.text(form, "owner", "the owner", required=True, max_length=100)
        )
        due = problems.read(lambda: forms.day(form, "due", "the due date"))
        if due is None:
            return None
        return lambda db, ref, user: _done(
            escalations.add_action(db, ref, str(description), str(owner), due, user),
            "Action added.",
        )
    if step == "done":
        action = problems.read(lambda: forms.integer(form, "action", "the action", 1, 2**31 - 1))
        note = problems.read(lambda: forms.text(form, "note", "what was done"))
        if action is None:
            return None
        return lambda db, ref, user: _done(
            escalations.complete_action(db, ref, action, str(note), user), "Action marked done."
        )
    if step == "resolve":
        note = problems.read(lambda: forms.text(form, "note", "how it was resolved", required=True))
        return lambda db, ref, user: _done(
            escalations.resolve(db, ref, str(note), user), f"{ref} resolved."
        )
    why = problems.read(lambda: forms.text(form, "reason", "why it goes up", required=True))
    return lambda db, ref, user: (
        f"{ref} escalated to {escalations.escalate(db, ref, str(why), user).body_code}."
    )


def _done(_result: object, notice: str) -> str:
    return notice
