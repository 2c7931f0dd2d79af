"""Questions on returns: the system finance lead asks about a line; the organisation answers.
A question or answer that cannot be taken is shown again on the organisation page, beside its
field, with what was typed."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from openbook.finance.commentary import answer_question, ask_question
from openbook.finance.model.question import check_text
from openbook.kernel.access import Principal
from openbook.kernel.error import OpenbookError
from openbook.web import forms
from openbook.web.forms import FormError, RowId
from openbook.web.pages.dashboard import organisation_context
from openbook.web.pages.period import resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state

router = APIRouter(include_in_schema=False)
ASK_FIELDS = ("line_code", "question")


def _written(form: Any, name: str, what: str) -> str:
    """A question's or an answer's text, or a FormError saying what is wrong with it."""
    value = form.get(name)
    if not isinstance(value, str):
        raise FormError(name, f"the {what} must be text, not a file")
    problems = check_text(value, what)
    if problems:
        raise FormError(name, problems[0])
    return value


@router.post("/systems/{system_code}/organisations/{org_code}/questions")
async def ask(request: Request, user: PageUser, system_code: str, org_code: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    month = str(form.get("month") or "")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        raise FormError("month", "choose a month from M1 to M12")
    period = resolve_period(db, system_code, str(form.get("year") or ""), int(month))
    problems = forms.FormProblems()
    line_code = problems.read(lambda: forms.text(form, "line_code", "the line", max_length=60))
    text = problems.read(lambda: _written(form, "question", "question"))
    status = 400
    if not problems:
        try:
            asked = ask_question(
                db, org_code.upper(), period.year, period.month, str(line_code), str(text), user
            )
        except OpenbookError as error:  # not the system lead (403), no such line (404)
            status = problems.refused(error)
        else:
            request.session["notice"] = (
                f"Asked {asked.ref}; {asked.org_code} can answer it on this page."
            )
            return RedirectResponse(f"{period.organisation_url(asked.org_code)}#questions", 303)
    ids = {"line_code": "question-line", "question": "question-text"}
    where = (period.system_code, org_code, period.year.label, period.month)
    return _again(request, user, where, problems.context(form, ASK_FIELDS), "ask", ids, status)


@router.post("/systems/{system_code}/questions/{question_id}/answer")
async def answer(
    request: Request, user: PageUser, system_code: str, question_id: RowId
) -> Response:
    form = await request.form()
    check_csrf(request, form)
    target = str(form.get("next") or "")
    if not target.startswith("/systems/"):  # only back to a page of ours
        target = f"/systems/{system_code}"
    problems = forms.FormProblems()
    text = problems.read(lambda: _written(form, "answer", "answer"))
    status = 400
    if not problems:
        try:
            answered = answer_question(app_state(request).db, question_id, str(text), user)
        except OpenbookError as error:  # not the organisation (403), answered already (409)
            status = problems.refused(error)
        else:
            request.session["notice"] = f"Answered {answered.ref}."
            return RedirectResponse(f"{target}#questions", 303)
    where = _organisation_page(target)
    if where is None:  # not from an organisation's page: no form to show again
        raise FormError("answer", (problems.errors or {"": problems.general[0]}).popitem()[1])
    failed = f"answer-{question_id}"
    ids = {"answer": failed}
    return _again(request, user, where, problems.context(form, ("answer",)), failed, ids, status)


def _organisation_page(target: str) -> tuple[str, str, str | None, int | None] | None:
    """(system, organisation, year, month) of an organisation page's address, or None."""
    parts = urlsplit(target)
    path = parts.path.strip("/").split("/")
    if len(path) != 4 or path[0] != "systems" or path[2] != "organisations":
        return None
    query = parse_qs(parts.query)
    year = query.get("year", [None])[0]
    month = query.get("month", [""])[0]
    return path[1], path[3], year, int(month) if month.isdigit() else None


def _again(
    request: Request,
    user: Principal,
    where: tuple[str, str, str | None, int | None],
    typed: dict[str, object],
    failed: str,
    ids: dict[str, str],
    status: int,
) -> Response:
    """The organisation page again, the form that failed with its problems and its text."""
    system_code, org_code, year, month = where
    context, tables = organisation_context(request, user, system_code, org_code, year, month)
    context.update(typed, failed=failed, error_ids=ids, tables=tables)
    return render(request, "organisation.html", context, user, status)
