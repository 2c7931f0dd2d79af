"""Transfers and control totals: solve on the stored positions, see the explanation,
propose, approve or reject per organisation, enact, and read the history.

Solving only reads, so it is a GET the system finance lead can bookmark; proposing
solves again on the server (the browser never sends the figures it proposes).
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.finance.position_report import cached_system_position
from openbook.kernel.access import Principal, can_propose
from openbook.kernel.error import ConflictError, OpenbookError
from openbook.rebalancing.decide import decide, may_decide, may_enact, may_withdraw, withdraw
from openbook.rebalancing.enact import enact
from openbook.rebalancing.file import Limits
from openbook.rebalancing.model import Decision, ProposalKind
from openbook.rebalancing.propose import require_lead
from openbook.rebalancing.solve import preview_result, solve_from_store, system_materiality
from openbook.rebalancing.view import get_proposal_view, list_proposal_views
from openbook.web import forms
from openbook.web.forms import FormError
from openbook.web.mail import send_after
from openbook.web.pages.period import Period, resolve_period
from openbook.web.pages.proposal_tables import (
    KIND_LABELS,
    approvals_table,
    changes_table,
    control_totals_result_table,
    history_table,
    preview_table,
    slot_label,
    transfers_result_table,
    transfers_table,
)
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("proposals", "Transfers and control totals", "/proposals", order=30)
IDEMPOTENCY_KEY = re.compile(r"[0-9a-f]{32}")


def _pounds(text: str | None, field: str, name: str = "min_transfer") -> Decimal:
    """A form amount in £000 (as every figure on screen) to pounds."""
    try:
        value = Decimal((text or "0").replace(",", "").strip() or "0")
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0 or value > 10**9:
        raise FormError(name, f"{field} must be a number of £000, e.g. 100")
    return value * 1000


LIMIT_FIELDS = {"max_give": "willing to give up to", "max_take_on": "willing to take on up to"}
CODE = re.compile(r"[A-Z0-9]{2,9}")


def _limits(
    values: Any, problems: forms.FormProblems | None = None
) -> tuple[Limits, dict[str, str]]:
    """Partners' limits and the materiality threshold from the solve form (or the propose
    form that carries them), in £000; blank means no limit / the system's setting. Returns
    the limits and the fields as given, to carry into the propose form. With `problems`,
    every bad amount is noted there (and counts as none) instead of raised."""
    noted = problems if problems is not None else forms.FormProblems()

    def pounds(raw: str, label: str, name: str) -> Decimal:
        amount = noted.read(lambda: _pounds(raw, label, name))
        if amount is None and problems is None:
            raise FormError(name, noted.errors[name])
        return amount or Decimal(0)

    given: dict[str, str] = {}
    found: dict[str, dict[str, Decimal]] = {key: {} for key in LIMIT_FIELDS}
    for name in values:
        key, _, code = str(name).partition(".")
        raw = str(values.get(name) or "").strip()[:20]
        if key not in LIMIT_FIELDS or not CODE.fullmatch(code) or not raw:
            continue
        found[key][code] = pounds(raw, f"{code} {LIMIT_FIELDS[key]}", name)
        given[name] = raw
    materiality = str(values.get("materiality") or "").strip()[:20]
    amount = None
    if materiality:
        amount = pounds(materiality, "the materiality threshold", "materiality")
        given["materiality"] = materiality
    return Limits(found["max_give"], found["max_take_on"], amount), given


@router.get("/proposals")
def proposals_page(
    request: Request,
    user: PageUser,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    db = app_state(request).db
    table = history_table(list_proposal_views(db))
    if download:
        return download_response([table], download, "proposals")
    return render(request, "proposals.html", _proposals_context(request, user, table), user)


def _proposals_context(request: Request, user: Principal, table: Table) -> dict[str, Any]:
    db = app_state(request).db
    period = resolve_period(db, None, None, None)
    return {
        "title": "Transfers and control totals",
        "nav_key": "proposals",
        "table": table,
        "period": period,
        "may_propose": can_propose(user),
        "notice": request.session.pop("notice", None),
        "organisations": _organisation_codes(request, period),
        "materiality": str(system_materiality(db, period.system_code)),
        "failed": None,
        "values": {},
        "errors": {},
        "problems": [],
        "willing": [],
    }


def _solve_again(
    request: Request, user: Principal, kind: ProposalKind, problems: forms.FormProblems
) -> Response:
    """The solve forms again, the one that failed with every problem beside its field."""
    context = _proposals_context(
        request, user, history_table(list_proposal_views(app_state(request).db))
    )
    query = request.query_params
    names = ("year", "month", "min_transfer", "materiality", *problems.errors)
    names += tuple(f"{key}.{code}" for key in LIMIT_FIELDS for code in context["organisations"])
    context.update(
        problems.context(query, tuple(dict.fromkeys(names))),
        failed=kind.value,
        error_ids={name: _field_id(kind, name) for name in problems.errors},
        willing=[code.upper() for code in query.getlist("willing")],
    )
    return render(request, "proposals.html", context, user, 400)


def _organisation_codes(request: Request, period: Period) -> list[str]:
    from openbook.finance.position_report import cached_system_position

    report = cached_system_position(app_state(request).db, period.system_code, period.year, 1)
    return [p.code for p in report.organisations]


def _field_id(kind: ProposalKind, name: str) -> str:
    """The id of a solve form's field, for the error summary's link."""
    key, _, code = name.partition(".")
    if code:
        return f"{key.replace('_', '-')}-{code}"
    form = "t" if kind is ProposalKind.TRANSFERS else "c"
    return f"{form}-min" if name == "min_transfer" else f"{form}-{name}"


@router.get("/proposals/solve")
def solve_page(
    request: Request,
    user: PageUser,
    kind: Annotated[ProposalKind, Query()] = ProposalKind.TRANSFERS,
    year: Annotated[str | None, Query(max_length=7)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    min_transfer: Annotated[str | None, Query(max_length=20)] = None,
    willing: Annotated[list[str] | None, Query(max_length=12)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, None, year, month)
    chosen = {code.upper() for code in willing or []}
    require_lead(user, "solve and propose")
    problems = forms.FormProblems()
    smallest = problems.read(lambda: _pounds(min_transfer, "the smallest transfer"))
    limits, limit_fields = _limits(request.query_params, problems)
    if problems or smallest is None:
        return _solve_again(request, user, kind, problems)
    context = _solve_context(request, kind, period, smallest, chosen, limits)
    if download:
        tables = [context["table"]] + ([context["preview_table"]] if context["preview"] else [])
        return download_response(tables, download, f"{kind.value}-{period.file_name}")
    page_url = str(request.url.path) + "?" + request.url.query.replace("&download=", "&_=")
    context.update(page_url=page_url, min_transfer=min_transfer or "0", limit_fields=limit_fields)
    return render(request, "solve.html", context, user)


def _solve_context(
    request: Request,
    kind: ProposalKind,
    period: Period,
    smallest: Decimal,
    chosen: set[str],
    limits: Limits,
) -> dict[str, Any]:
    """The solve page: the answer, its preview, and the propose form (with no problems)."""
    db = app_state(request).db
    result, _ = solve_from_store(
        db,
        kind,
        period.system_code,
        period.year,
        period.month,
        min_transfer=smallest,
        willing=chosen,
        limits=limits,
    )
    table = (
        transfers_result_table(result)
        if kind is ProposalKind.TRANSFERS
        else control_totals_result_table(result)
    )
    has_answer = bool(result.get("transfers")) or any(
        o.get("change", "0.00") != "0.00" for o in result["organisations"]
    )
    report = cached_system_position(db, period.system_code, period.year, period.month)
    preview = preview_result(db, kind, report, result).as_dict() if has_answer else None
    return {
        "title": f"{KIND_LABELS[kind]}: {period.label}",
        "nav_key": "proposals",
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "period": period,
        "result": result,
        "table": table,
        "preview": preview,
        "preview_table": preview_table(preview) if preview else None,
        "willing": sorted(chosen),
        "has_answer": has_answer,
        "errors": {},
        "problems": [],
    }


@router.post("/proposals")
async def propose(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    kind = forms.choice(form, "kind", "the kind of proposal", ProposalKind)
    year = forms.text(form, "year", "the financial year", required=True, max_length=7)
    period = resolve_period(db, None, year, forms.integer(form, "month", "the month", 1, 12))
    min_transfer = forms.text(form, "min_transfer", "the minimum transfer") or "0"
    smallest = _pounds(min_transfer, "the minimum transfer")
    chosen = {str(code).upper()[:12] for code in form.getlist("willing")}
    limits, limit_fields = _limits(form)
    try:
        _, proposal = solve_from_store(
            db,
            kind,
            period.system_code,
            period.year,
            period.month,
            min_transfer=smallest,
            willing=chosen,
            limits=limits,
            propose_by=user,
            acknowledge_worse=form.get("acknowledge_worse") == "yes",
        )
        if proposal is None:
            raise OpenbookError("the answer changes nothing, so there is nothing to propose")
    except OpenbookError as error:  # not acknowledged (409), not the lead (403): said on the page
        problems = forms.FormProblems()
        status = problems.refused(error)
        context = _solve_context(request, kind, period, smallest, chosen, limits)
        query = f"kind={kind.value}&year={period.year.label}&month={period.month}"
        context.update(
            page_url=f"/proposals/solve?{query}",
            min_transfer=min_transfer,
            limit_fields=limit_fields,
            problems=problems.general,
        )
        if isinstance(error, ConflictError) and "worse off" in error.message:
            context.update(problems=[], errors={"acknowledge_worse": problems.general[0]})
        return render(request, "solve.html", context, user, status)
    request.session["notice"] = f"Proposed {proposal.ref}: every affected organisation must agree."
    return send_after(request, RedirectResponse(f"/proposals/{proposal.ref}", status_code=303))


@router.get("/proposals/{ref}")
def proposal_page(
    request: Request,
    user: PageUser,
    ref: str,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    context = _proposal_context(request, user, ref)
    if download:
        return download_response(context["tables"], download, context["view"].ref)
    return render(request, "proposal.html", context, user)


def _proposal_context(request: Request, user: Principal, ref: str) -> dict[str, Any]:
    view = get_proposal_view(app_state(request).db, ref)
    tables = [
        transfers_table(view) if view.kind is ProposalKind.TRANSFERS else changes_table(view),
        approvals_table(view),
    ]
    if view.preview:
        tables.append(preview_table(view.preview))
    return {
        "title": f"Proposal {view.ref}",
        "nav_key": "proposals",
        "view": view,
        "kind_label": KIND_LABELS[view.kind],
        "tables": tables,
        "page_url": f"/proposals/{view.ref}",
        "may_decide": may_decide(user, view),
        "may_enact": may_enact(user, view),
        "may_withdraw": may_withdraw(user, view),
        "missing": [slot_label(slot) for slot in view.missing],
        # One key per rendering of the page: a double click enacts once and shows the result.
        "enact_key": uuid.uuid4().hex,
        "notice": request.session.pop("notice", None),
        "failed": None,
        "values": {},
        "errors": {},
        "problems": [],
    }


def _again(
    request: Request, user: Principal, ref: str, typed: dict[str, object], failed: str, status: int
) -> Response:
    """The proposal's page again, the form that failed with its problems and its text."""
    context = _proposal_context(request, user, ref)
    context.update(typed, failed=failed)
    return render(request, "proposal.html", context, user, status)


@router.post("/proposals/{ref}/decision")
async def decide_page(request: Request, user: PageUser, ref: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    choice = forms.choice(form, "decision", "the decision", Decision)
    rejecting = choice is Decision.REJECT
    problems = forms.FormProblems()
    reason = problems.read(
        lambda: forms.text(form, "reason", "the reason for rejecting", required=rejecting)
    )
    status = 400
    if not problems:
        try:
            view = decide(app_state(request).db, ref, choice, user, reason or None)
        except OpenbookError as error:  # not a party (403), no longer open (409)
            status = problems.refused(error)
        else:
            request.session["notice"] = f"You {choice.past_tense} {view.ref}." + (
                f" Still awaited: {', '.join(map(slot_label, view.missing))}."
                if view.missing
                else ""
            )
            return send_after(request, RedirectResponse(f"/proposals/{view.ref}", status_code=303))
    typed = problems.context(form, ("reason",))
    return _again(request, user, ref, typed, "reject" if rejecting else "approve", status)


@router.post("/proposals/{ref}/enact")
async def enact_page(request: Request, user: PageUser, ref: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    key = forms.text(form, "idempotency_key", "the enactment key", max_length=64) or None
    if key is not None and not IDEMPOTENCY_KEY.fullmatch(key):
        raise OpenbookError(
            "the enactment form is out of date", hint="reload the page and try again"
        )
    scoped = None if key is None else f"web:{user.username}:{key}"
    view = enact(app_state(request).db, ref, user, scoped)
    request.session["notice"] = f"Enacted {view.ref}: written to the ledger, with audit events."
    return send_after(request, RedirectResponse(f"/proposals/{view.ref}", status_code=303))


@router.post("/proposals/{ref}/withdraw")
async def withdraw_page(request: Request, user: PageUser, ref: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    problems = forms.FormProblems()
    reason = problems.read(
        lambda: forms.text(form, "reason", "the reason for withdrawing", required=True)
    )
    status = 400
    if not problems:
        try:
            view = withdraw(app_state(request).db, ref, user, str(reason))
        except OpenbookError as error:  # not the proposer (403), no longer open (409)
            status = problems.refused(error)
        else:
            request.session["notice"] = f"Withdrew {view.ref}."
            return send_after(request, RedirectResponse(f"/proposals/{view.ref}", status_code=303))
    return _again(request, user, ref, problems.context(form, ("reason",)), "withdraw", status)
