"""Closing and reopening months: each month of a year, open or closed (when, by whom); the
system finance lead closes a month, or reopens one with a reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.finance.period_close import close_period, list_month_states, reopen_period
from openbook.kernel.access import can_propose
from openbook.kernel.error import OpenbookError
from openbook.kernel.period import month_label, month_name
from openbook.web.forms import FormError
from openbook.web.pages.period import parse_year, resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state

router = APIRouter(include_in_schema=False)


@router.get("/months")
def months(
    request: Request,
    user: PageUser,
    year: Annotated[str | None, Query(max_length=7)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, None, year, None)
    context = {
        "title": f"Months of {period.year.label}",
        "nav_key": "submissions",
        "period": period,
        "states": [
            (s, month_label(s.month), month_name(s.month))
            for s in list_month_states(db, period.system_code, period.year)
        ],
        "may_close": can_propose(user),
        "notice": request.session.pop("notice", None),
    }
    return render(request, "months.html", context, user)


def _month(form_value: object) -> int:
    try:
        month = int(str(form_value))
    except ValueError:
        raise FormError("month", "choose a month from M1 to M12") from None
    if not 1 <= month <= 12:
        raise FormError("month", "choose a month from M1 to M12")
    return month


@router.post("/months")
async def change_month(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    year_text = str(form.get("year") or "")
    try:
        year = parse_year(year_text)
    except OpenbookError:
        raise FormError("year", "choose a financial year like 2017/18") from None
    period = resolve_period(db, None, year.label, None)
    month = _month(form.get("month"))
    label = f"{period.year.label} {month_label(month)}"
    if form.get("action") == "reopen":
        reason = str(form.get("reason") or "")
        if not reason.strip():
            raise FormError("reason", "say why the month is reopened")
        done = reopen_period(db, period.system_code, period.year, month, reason, user)
        notice = f"Reopened {label}: returns can be submitted." if done else f"{label} was open."
    elif form.get("action") == "close":
        done = close_period(db, period.system_code, period.year, month, user)
        notice = f"Closed {label}." if done else f"{label} was already closed."
    else:
        raise FormError("action", "choose close or reopen")
    request.session["notice"] = notice
    return RedirectResponse(f"/months?year={period.year.label}", status_code=303)
