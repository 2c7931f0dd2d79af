"""The county passport pages: the register (search, as of a date), a person's credentials
and where they may work with every reason why not, the credentials about to lapse and the
versions stored. GET only; the register is loaded with `openbook passport load`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from openbook.web import forms
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Link, Table, download_response
from openbook.workforce.model.passport import Eligibility, Place, list_expiry_warnings
from openbook.workforce.query import (
    credential_status,
    default_date,
    get_passport,
    list_passport_versions,
    list_register_lines,
    person_passport,
    search_people,
)
from openbook.workforce.rota_case import SERVICES

router = APIRouter(include_in_schema=False)
NAV = NavItem("workforce", "Workforce", "/workforce", order=62)
WARNING_DAYS = 30


def as_of(request: Request, synthetic_default: date) -> date:
    if request.query_params.get("on"):
        return forms.day(request.query_params, "on", "the date")
    return synthetic_default


def _places(found: tuple[Place, ...]) -> str:
    by_service: dict[str, list[str]] = defaultdict(list)
    for place in found:
        by_service[place.service].append(place.site)
    return "; ".join(f"{service}: {', '.join(sites)}" for service, sites in by_service.items())


def _kept_off(verdicts: tuple[Eligibility, ...]) -> str:
    """Each reason once, with the places it keeps the person from."""
    by_reason: dict[str, list[Place]] = defaultdict(list)
    for verdict in verdicts:
        for reason in verdict.reasons:
            by_reason[reason].append(verdict.place)
    return "; ".join(f"{reason} ({_places(tuple(where))})" for reason, where in by_reason.items())


def _register_tables(request: Request, search: str, on: date) -> tuple[list[Table], Any]:
    db = app_state(request).db
    stored = get_passport(db)
    people = search_people(stored.register, search)
    query = f"on={on.isoformat()}"
    synthetic = " (SYNTHETIC)" if stored.register.synthetic else ""
    people_table = Table(
        "people",
        f"People on {on:%d %B %Y}: where each may work{synthetic}",
        [Column("Person"), Column("Name"), Column("Employer"), Column("Role"),
         Column("May work"), Column("Kept off")],
        [[Link(line.person.person_id, f"/workforce/people/{line.person.person_id}?{query}"),
          line.person.name, line.person.org_code, line.person.role,
          _places(line.eligible_at) or "nowhere",
          _kept_off(line.not_at) or "-"]
         for line in list_register_lines(stored.register, people, on)],
    )  # fmt: skip
    warnings = Table(
        "warnings",
        f"Credentials lapsing within {WARNING_DAYS} days of {on:%d %B %Y}, with no renewal",
        [Column("Manager"), Column("Person"), Column("Credential"), Column("Valid to"),
         Column("Days left", Kind.NUMBER)],
        [[w.manager or "", w.person_id, w.check, w.valid_to.isoformat(), w.days_left]
         for w in list_expiry_warnings(stored.register, on, WARNING_DAYS)],
    )  # fmt: skip
    versions = Table(
        "versions",
        "Versions of the register (the highest is in force; every one is kept)",
        [Column("Version", Kind.NUMBER), Column("Loaded at"), Column("Loaded by"),
         Column("Source"), Column("Synthetic")],
        [[v.version, v.loaded_at.isoformat(timespec="minutes"), v.loaded_by, v.source,
          "yes" if v.synthetic else "no"] for v in list_passport_versions(db)],
    )  # fmt: skip
    return [people_table, warnings, versions], stored


@router.get("/workforce")
def workforce_page(request: Request, user: PageUser) -> Response:
    params = request.query_params
    search = forms.text(params, "search", "the search", max_length=100)
    stored = get_passport(app_state(request).db)
    on = as_of(request, default_date(stored, app_state(request).db.clock.today()))
    tables, stored = _register_tables(request, search, on)
    if "download" in params:
        return download_response(tables, str(params["download"]), "passport")
    form = {"search": search, "on": on.isoformat()}
    context = {
        "title": "Workforce",
        "nav_key": "workforce",
        "tables": tables,
        "form": form,
        "stored": stored,
        "services": SERVICES,
        "page_url": f"/workforce?{urlencode(form)}",
    }
    return render(request, "workforce.html", context, user)


@router.get("/workforce/people/{person_id}")
def person_page(request: Request, person_id: str, user: PageUser) -> Response:
    db = app_state(request).db
    stored = get_passport(db)
    on = as_of(request, default_date(stored, db.clock.today()))
    found = person_passport(db, person_id, on, WARNING_DAYS)
    credentials = Table(
        "credentials",
        f"Credentials of {found.person.person_id} on {on:%d %B %Y}",
        [Column("Credential"), Column("Kind"), Column("Issuer"), Column("Valid from"),
         Column("Valid to"), Column("Evidence"), Column("Status")],
        [[c.check, c.kind.label, c.issuer, c.valid_from.isoformat(),
          c.valid_to.isoformat() if c.valid_to else "does not lapse", c.evidence_ref,
          credential_status(c, on)] for c in found.credentials],
    )  # fmt: skip
    eligibility = Table(
        "eligibility",
        f"Where {found.person.person_id} may work on {on:%d %B %Y}, and why not",
        [Column("Site"), Column("Service"), Column("Organisation"), Column("Eligible"),
         Column("Why not"), Column("Requires")],
        [[e.place.site, e.place.service, e.place.org_code, "yes" if e.eligible else "no",
          "; ".join(e.reasons) or "-", ", ".join(found.requires[e.place])]
         for e in found.eligibility],
    )  # fmt: skip
    tables = [credentials, eligibility]
    if "download" in request.query_params:
        return download_response(tables, str(request.query_params["download"]), person_id)
    context = {
        "title": f"{found.person.person_id}: passport",
        "nav_key": "workforce",
        "found": found,
        "tables": tables,
        "services": SERVICES,
        "on": on,
        "page_url": f"/workforce/people/{person_id}?on={on.isoformat()}",
    }
    return render(request, "workforce_person.html", context, user)
