"""REST API: what changed between two versions of an organisation's return for a month."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from openbook.finance.version_diff import diff_versions
from openbook.web.api.finance import ERRORS, Month, OrgCode, Year
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)
Version = Annotated[int | None, Query(ge=1, le=100_000)]


@router.get(
    "/returns/diff",
    summary="Every amount that changed between two versions of a month's return",
)
def return_diff(
    request: Request,
    _user: ApiUser,
    org_code: OrgCode,
    year: Year,
    month: Month,
    from_version: Annotated[int | None, Query(alias="from", ge=1, le=100_000)] = None,
    to_version: Annotated[int | None, Query(alias="to", ge=1, le=100_000)] = None,
) -> dict[str, Any]:
    diff = diff_versions(
        app_state(request).db, org_code.upper(), parse_year(year), month, from_version, to_version
    )
    return diff.as_dict()
