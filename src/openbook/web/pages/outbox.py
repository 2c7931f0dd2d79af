"""The email outbox for administrators: how many notifications are pending, sent and dead
letters, each failing one with its attempts and last error, and "retry" for dead letters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from openbook.governance.outbox import get_outbox_status, retry_dead_letters
from openbook.kernel.access import Role
from openbook.kernel.error import OpenbookError
from openbook.web.mail import send_after
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Table

router = APIRouter(include_in_schema=False)
NAV = NavItem(
    "outbox", "Email outbox", "/admin/outbox", order=91, roles=frozenset({Role.ADMINISTRATOR})
)


@router.get("/admin/outbox")
def outbox(request: Request, user: PageUser, retried: int | None = None) -> Response:
    status = get_outbox_status(app_state(request).db, user)
    columns = [
        Column("Id", Kind.NUMBER),
        Column("State"),
        Column("To"),
        Column("Subject"),
        Column("Attempts", Kind.NUMBER),
        Column("Next attempt (UTC)"),
        Column("Last error"),
    ]
    rows = [
        [
            e.id,
            e.state,
            e.email,
            e.subject,
            e.attempts,
            "" if e.next_attempt_at is None else e.next_attempt_at.strftime("%Y-%m-%d %H:%M"),
            e.last_error or "",
        ]
        for e in status.troubled
    ]
    table = Table("outbox", "Dead letters, then emails being retried", columns, rows)  # type: ignore[arg-type]
    context = {
        "title": "Email outbox",
        "nav_key": "outbox",
        "status": status,
        "table": table,
        "dead": [e for e in status.troubled if e.state == "dead"],
        "smtp": bool(app_state(request).settings.smtp_url),
        "notice": None if retried is None else f"Put {retried} dead letter(s) back in the outbox.",
    }
    return render(request, "outbox.html", context, user)


@router.post("/admin/outbox/retry")
async def retry(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    chosen = str(form.get("id", "all"))
    if chosen != "all" and not chosen.isdigit():
        raise OpenbookError(f"{chosen!r} is not a notification id")
    ids = None if chosen == "all" else [int(chosen)]
    retried = retry_dead_letters(app_state(request).db, user, ids)
    target = RedirectResponse(f"/admin/outbox?retried={len(retried)}", status_code=303)
    return send_after(request, target)
