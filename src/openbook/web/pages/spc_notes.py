"""Notes on SPC charts: every annotation and rebase of the system with its status and who
agreed it; a form to annotate a chart or propose a rebase; agreeing (a second person) and
withdrawing; and the chart itself, drawn with its notes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.governance.model.spc_note import (
    NoteStatus,
    SpcNote,
    may_agree,
    may_withdraw,
    may_write,
    parse_note_day,
)
from openbook.governance.spc_chart import stored_chart
from openbook.governance.spc_notes import (
    agree_rebase,
    list_notes,
    propose_rebase,
    record_annotation,
    withdraw_note,
)
from openbook.kernel.table_writer import Cell
from openbook.web import forms
from openbook.web.charts import Chart, render_svg
from openbook.web.pages.period import resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Link, Table, download_response

router = APIRouter(include_in_schema=False)
PAGE = "/spc/notes"


def _table(notes: list[SpcNote]) -> Table:
    rows: list[list[Cell | Link]] = [
        [
            n.ref,
            Link(n.chart, f"{PAGE}?chart={n.chart}") if "*" not in n.chart else n.chart,
            n.kind.label,
            n.status.label,
            n.current.day.isoformat(),
            "" if n.current.until is None else n.current.until.isoformat(),
            n.current.label,
            n.current.note,
            n.author,
            (a.actor if (a := n.by_status(NoteStatus.AGREED)) else ""),
            n.current.decision_ref or "",
        ]
        for n in notes
    ]
    columns = [
        "Ref",
        "Chart",
        "Kind",
        "Status",
        "From",
        "Until",
        "Label",
        "Note",
        "Recorded by",
        "Agreed by",
        "Decision",
    ]
    title = f"{len(rows)} note{'s' if len(rows) != 1 else ''} on SPC charts"
    return Table("spc-notes", title, [Column(c) for c in columns], rows)


@router.get(PAGE)
def notes_page(
    request: Request,
    user: PageUser,
    chart: Annotated[str | None, Query(max_length=120)] = None,
    year: Annotated[str | None, Query(max_length=7)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    state = app_state(request)
    period = resolve_period(state.db, None, year, month)
    notes = list_notes(state.db, period.system_code)
    table = _table(notes)
    if download:
        return download_response([table], download, f"spc-notes-{period.system_code}")
    drawn = None
    if chart:
        found = stored_chart(state.db, period.system_code, chart, period.year, period.month)
        svg = render_svg(found.spec, state.svg_cache)
        key = "spc-note-" + chart.replace("/", "-").replace(".", "-")
        drawn = Chart(key, str(found.spec["title"]), found.description, found.spec, svg, "")
    context = {
        "title": "Notes on SPC charts",
        "nav_key": "quality",
        "period": period,
        "table": table,
        "page_url": PAGE + "?",
        "chart_key": chart or "",
        "chart": drawn,
        "may_write": may_write(user),
        "to_agree": [n for n in notes if may_agree(user, n)],
        "to_withdraw": [n for n in notes if may_withdraw(user, n)],
        "notice": request.session.pop("notice", None),
    }
    return render(request, "spc_notes.html", context, user)


def _back(request: Request, notice: str, chart: str) -> Response:
    request.session["notice"] = notice
    where = f"{PAGE}?chart={chart}" if chart and "*" not in chart else PAGE
    return RedirectResponse(where, status_code=303)


@router.post(PAGE)
async def write_note(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    period = resolve_period(db, None, None, None)
    kind = forms.text(form, "kind", "what to record", required=True, max_length=12)
    chart = forms.text(form, "chart", "the chart", required=True, max_length=120)
    when = parse_note_day(forms.text(form, "day", "the date", required=True, max_length=10))
    label = forms.text(form, "label", "the label", max_length=120)
    note = forms.text(form, "note", "the note")
    decision = forms.text(form, "decision", "the decision", max_length=40) or None
    if kind == "rebase":
        reason = forms.text(form, "reason", "the reason")
        made = propose_rebase(
            db,
            period.system_code,
            chart=chart,
            day=when,
            reason=reason,
            by=user,
            label=label,
            note=note,
            decision_ref=decision,
        )
        return _back(request, f"Proposed {made.ref}: a second person agrees it.", chart)
    until_text = forms.text(form, "until", "the end of the period", max_length=10)
    until = parse_note_day(until_text, "the end of the period") if until_text else None
    made = record_annotation(
        db,
        period.system_code,
        chart=chart,
        day=when,
        label=label,
        by=user,
        note=note,
        until=until,
        decision_ref=decision,
    )
    return _back(request, f"Recorded {made.ref}.", chart)


@router.post(PAGE + "/{ref}/agree")
async def agree_note(request: Request, user: PageUser, ref: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    reason = forms.text(form, "reason", "the reason")
    decision = forms.text(form, "decision", "the decision", max_length=40) or None
    note = agree_rebase(
        app_state(request).db, ref[:40], by=user, reason=reason, decision_ref=decision
    )
    return _back(request, f"Agreed {note.ref}: its limits now apply.", note.chart)


@router.post(PAGE + "/{ref}/withdraw")
async def withdraw(request: Request, user: PageUser, ref: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    reason = forms.text(form, "reason", "the reason", required=True)
    note = withdraw_note(app_state(request).db, ref[:40], by=user, reason=reason)
    return _back(request, f"Withdrew {note.ref}.", note.chart)
