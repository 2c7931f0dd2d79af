"""A year's finance regime, as its rules file says: the page the regime sections of the
overview and organisation pages link to."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear
from openbook.regime.catalogue import get_regime
from openbook.regime.rules import rules_dir_of
from openbook.web.rendering import render
from openbook.web.security import PageUser
from openbook.web.state import app_state

router = APIRouter(include_in_schema=False)
YEAR_IN_PATH = re.compile(r"^(\d{4})-(\d{2})$")


@router.get("/regimes/{year}")
def regime_page(request: Request, user: PageUser, year: str) -> Response:
    """`year` as in the rules file's name: /regimes/2026-27."""
    match = YEAR_IN_PATH.match(year)
    if match is None:
        raise NotFoundError(
            f"there is no regime {year!r}", hint="name a year like 2026-27 (for 2026/27)"
        )
    state = app_state(request)
    financial_year = FinancialYear.parse(f"{match.group(1)}/{match.group(2)}")
    regime = get_regime(financial_year, rules_dir_of(state.db))
    context = {
        "title": f"The finance regime of {regime.financial_year.label}",
        "nav_key": "overview",
        "regime": regime,
    }
    return render(request, "regime.html", context, user)
