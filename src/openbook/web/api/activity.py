"""REST API for elective value and aligned payment terms, under /api/v1: read-only, the
same answers as `openbook activity elective-value` and `openbook activity terms`."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from openbook.activity.contract_terms import list_contract_terms
from openbook.activity.elective_value import elective_value_report, elective_value_to_dict
from openbook.web.api.finance import ERRORS, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


@router.get(
    "/systems/{system_code}/elective-value",
    summary="Value-weighted elective activity as a % of 2019/20, per provider and commissioner",
)
def elective_value(
    request: Request,
    _user: ApiUser,
    system_code: str,
    year: Year,
    month: Annotated[int | None, Query(ge=1, le=12, description="Default: the latest")] = None,
    target: Annotated[
        Decimal | None,
        Query(gt=0, le=200, description="Target % of 2019/20; default the system's own"),
    ] = None,
) -> dict[str, Any]:
    report = elective_value_report(
        app_state(request).db, system_code.upper(), parse_year(year), month, target=target
    )
    return elective_value_to_dict(report)


@router.get("/activity/contract-terms", summary="Aligned payment terms in force for a year")
def contract_terms(
    request: Request,
    _user: ApiUser,
    year: Year,
    provider: Annotated[str | None, Query(max_length=12)] = None,
) -> list[dict[str, Any]]:
    held = list_contract_terms(
        app_state(request).db, parse_year(year), provider.upper() if provider else None
    )
    return [
        {
            "commissioner": t.commissioner_code,
            "provider": t.provider_code,
            "financial_year": t.financial_year.label,
            "version": t.version,
            "fixed_element": str(t.fixed_element),
            "elective_baseline": str(t.elective_baseline),
            "variable_rate": str(t.variable_rate),
            "low_value_threshold": str(t.low_value_threshold),
            "block": t.is_block,
        }
        for t in held
    ]
