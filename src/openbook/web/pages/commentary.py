"""Questions on returns: the system finance lead asks about a line; the organisation answers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from openbook.finance.commentary import answer_question, ask_question
from openbook.web.forms import FormError, RowId
from openbook.web.pages.period import resolve_period
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state

router = APIRouter(include_in_schema=False)


@router.post("/systems/{system_code}/organisations/{org_code}/questions")
async def ask(request: Request, user: PageUser, system_code: str, org_code: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    month = str(form.get("month") or "")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        raise FormError("month", "choose a month from M1 to M12")
    period = resolve_period(db, system_code, str(form.get("year") or ""), int(month))
    text = str(form.get("question") or "")
    if not text.strip():
        raise FormError("question", "write the question")
    asked = ask_question(
        db,
        org_code.upper(),
        period.year,
        period.month,
        str(form.get("line_code") or ""),
        text,
        user,
    )
    request.session["notice"] = f"Asked {asked.ref}; {asked.org_code} can answer it on this page."
    return RedirectResponse(f"{period.organisation_url(asked.org_code)}#questions", 303)


@router.post("/systems/{system_code}/questions/{question_id}/answer")
async def answer(
    request: Request, user: PageUser, system_code: str, question_id: RowId
) -> Response:
    form = await request.form()
    check_csrf(request, form)
    text = str(form.get("answer") or "")
    if not text.strip():
        raise FormError("answer", "write the answer")
    answered = answer_question(app_state(request).db, question_id, text, user)
    request.session["notice"] = f"Answered {answered.ref}."
    target = str(form.get("next") or "")
    if not target.startswith("/systems/"):  # only back to a page of ours
        target = f"/systems/{system_code}"
    return RedirectResponse(f"{target}#questions", 303)
