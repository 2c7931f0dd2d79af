"""REST API: a cluster of systems viewed as one, the same answer as `openbook position
--cluster CODE --format json`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from openbook.regime.cluster_dict import cluster_position_to_dict
from openbook.regime.cluster_position import get_cluster_position
from openbook.web.api.finance import ERRORS, Month, Year
from openbook.web.pages.period import parse_as_at_query, parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


@router.get(
    "/clusters/{cluster_code}/position",
    summary="A cluster of systems at a month: each system's position, their sum, and the "
    "consolidated income and expenditure with intra-cluster contracts eliminated",
    description="eliminations lists each contract whose commissioner and provider are "
    "partners of different systems of the cluster: the provider's income line, the "
    "commissioner's side (the contract's value to date) and their difference to agree. "
    "Amounts are strings of pounds.",
)
def cluster_position(
    request: Request,
    _user: ApiUser,
    cluster_code: str,
    year: Year,
    month: Month,
    as_at: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    report = get_cluster_position(
        app_state(request).db, cluster_code.upper(), parse_year(year), month,
        parse_as_at_query(as_at),
    )  # fmt: skip
    return cluster_position_to_dict(report)
