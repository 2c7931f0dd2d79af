"""REST API for stroke-unit configuration (issue 21), under /api/v1: the search over
configurations and Dorset's options, with exactly the JSON of `openbook stroke-units search`
and `openbook stroke-units dorset --format json` (evaluate is in api/capacity.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from openbook.web.api.finance import ERRORS
from openbook.web.security import ApiUser
from openbook.web.stroke_data import cache_dir, dorset_comparison

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


class SearchMethod(StrEnum):
    enumerate = "enumerate"
    mip = "mip"


@router.get("/stroke-units/search")
def stroke_units_search(
    request: Request,
    user: ApiUser,  # noqa: ARG001 - signed in with a token
    region: Annotated[str, Query(min_length=1, max_length=20, examples=["E38000045"])],
    max_units: Annotated[int, Query(ge=1, le=50)],
    candidates: Annotated[str | None, Query(max_length=2000)] = None,
    radius: Annotated[float, Query(gt=0, le=600)] = 60.0,
    min_units: Annotated[int, Query(ge=1, le=50)] = 1,
    within: Annotated[float | None, Query(gt=0, le=600)] = None,
    min_admissions: Annotated[float, Query(ge=0, le=1e6)] = 600.0,
    method: SearchMethod = SearchMethod.enumerate,
    top: Annotated[int, Query(ge=1, le=10_000)] = 10,
) -> dict[str, object]:
    """Every configuration of `min_units`..`max_units` among the candidates, filtered, ranked,
    and its Pareto front: the JSON of `openbook stroke-units search --format json`."""
    from openbook.configuration.search import Method, search_to_dict
    from openbook.configuration.stroke_unit import search_stroke_units

    result, _ = search_stroke_units(
        region,
        max_units=max_units,
        candidates=[p.strip() for p in (candidates or "").split(",") if p.strip()],
        radius_min=radius,
        min_units=min_units,
        within_min=within,
        min_admissions=min_admissions,
        method=Method(method.value),
        cache_dir=cache_dir(request),
    )
    return search_to_dict(result, top)


@router.get("/stroke-units/dorset")
def stroke_units_dorset(
    request: Request,
    user: ApiUser,  # noqa: ARG001 - signed in with a token
) -> Any:
    """Dorset's options from the seed, every two-unit configuration ranked, the best found,
    and where east + west stands and why: `openbook stroke-units dorset --format json`."""
    from openbook.configuration.dorset import dorset_to_dict

    return dorset_to_dict(dorset_comparison(cache_dir(request)))
