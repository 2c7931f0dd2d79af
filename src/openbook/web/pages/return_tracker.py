"""The submission tracker page: for a month, who has submitted their return and who is late
against the system's deadline, with the year at a glance; the system finance lead reminds
the submitters of late returns (once per organisation, month and deadline)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.finance.model.submission import SubmissionStatus, SubmissionTracker
from openbook.finance.tracker import get_year_tracker, send_return_reminders
from openbook.kernel.access import can_remind_submitters
from openbook.kernel.error import OpenbookError
from openbook.kernel.period import month_label
from openbook.web.forms import FormError
from openbook.web.mail import send_after
from openbook.web.pages.period import Period, parse_year, resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Link, Table, download_response

router = APIRouter(include_in_schema=False)
TAGS = {
    SubmissionStatus.ON_TIME: "green",
    SubmissionStatus.LATE: "yellow",
    SubmissionStatus.OVERDUE: "red",
    SubmissionStatus.DUE: "grey",
}
SHORT = {
    SubmissionStatus.ON_TIME: "On time",
    SubmissionStatus.LATE: "Late",
    SubmissionStatus.OVERDUE: "Not in",
    SubmissionStatus.DUE: "Due",
}


def _when(moment: object) -> str:
    return "" if moment is None else f"{moment:%d %b %Y %H:%M}"


def month_table(tracker: SubmissionTracker, period: Period) -> Table:
    return Table(
        "returns",
        f"Returns for {tracker.financial_year.label} {month_label(tracker.month)}, due "
        f"{tracker.deadline:%A %d %B %Y}",
        [
            Column("Org"),
            Column("Organisation", on_page=False),
            Column("Role"),
            Column("Status"),
            Column("Days late", Kind.NUMBER),
            Column("First submitted (UTC)"),
            Column("By"),
            Column("Latest version", Kind.NUMBER),
            Column("Reminded (UTC)"),
        ],
        [
            [
                Link(row.org_code, period.organisation_url(row.org_code), row.name),
                row.name,
                row.role.capitalize(),
                row.status.label,
                row.days_late,
                _when(row.first_submitted_at),
                row.first_submitted_by or "",
                row.latest_version,
                _when(row.reminded_at),
            ]
            for row in tracker.rows
        ],
    )


def year_grid(
    trackers: list[SubmissionTracker],
) -> list[tuple[str, str, list[tuple[int, str, str, str]]]]:
    """(org code, name, [(month, short status, tag colour, label)]) for every organisation."""
    first = trackers[0]
    grid = []
    for index, row in enumerate(first.rows):
        cells = []
        for tracker in trackers:
            status = tracker.rows[index].status
            cells.append((tracker.month, SHORT[status], TAGS[status], status.label))
        grid.append((row.org_code, row.name, cells))
    return grid


@router.get("/systems/{system_code}/returns/tracker")
def tracker_page(
    request: Request,
    user: PageUser,
    system_code: str,
    year: Annotated[str | None, Query(max_length=7)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, system_code, year, month)
    trackers = get_year_tracker(db, period.system_code, period.year)
    tracker = trackers[period.month - 1]
    table = month_table(tracker, period)
    if download:
        return download_response([table], download, f"{period.file_name}-returns")
    page_url = f"/systems/{period.system_code}/returns/tracker?{period.query}"
    context = {
        "title": f"Returns for {period.label}: who has submitted",
        "nav_key": "overview",
        "period": period,
        "tracker": tracker,
        "table": table,
        "page_url": page_url,
        "grid": year_grid(trackers),
        "months": [month_label(m) for m in range(1, 13)],
        "statuses": [(s, TAGS[s], SHORT[s]) for s in SubmissionStatus],
        "to_remind": tracker.to_remind,
        "may_remind": can_remind_submitters(user),
        "notice": request.session.pop("notice", None),
    }
    return render(request, "return_tracker.html", context, user)


@router.post("/systems/{system_code}/returns/tracker/remind")
async def remind(request: Request, user: PageUser, system_code: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    try:
        year = parse_year(str(form.get("year") or ""))
    except OpenbookError:
        raise FormError("year", "choose a financial year like 2017/18") from None
    try:
        month = int(str(form.get("month") or ""))
    except ValueError:
        raise FormError("month", "choose a month from M1 to M12") from None
    period = resolve_period(db, system_code, year.label, month)
    result = send_return_reminders(db, period.system_code, period.year, period.month, user)
    reminded = ", ".join(result.reminded)
    request.session["notice"] = (
        f"Reminded the submitters of {reminded}." if reminded else "Nobody needed a reminder."
    )
    target = f"/systems/{period.system_code}/returns/tracker?{period.query}"
    return send_after(request, RedirectResponse(target, status_code=303))
