"""REST API for demand and capacity (issue 22) and stroke-unit configuration (issue 21),
under /api/v1: the same JSON as `openbook capacity beds` and `openbook stroke-units
evaluate --format json`. Analytic methods only here (simulation is the CLI's, being heavy)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from openbook.web.api.finance import ERRORS
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


class AnalyticMethod(StrEnum):
    erlang_b = "erlang-b"
    erlang_c = "erlang-c"


@router.get("/capacity/beds")
def capacity_beds(
    user: ApiUser,  # noqa: ARG001 - signed in with a token
    arrivals_per_day: Annotated[float, Query(gt=0, le=1e6)],
    mean_stay_days: Annotated[float, Query(gt=0, le=1e4)],
    beds: Annotated[str, Query(min_length=1, max_length=100, examples=["9..14"])],
    method: AnalyticMethod = AnalyticMethod.erlang_c,
) -> dict[str, Any]:
    """Probability of delay (or loss) and occupancy of one unit for each number of beds:
    the JSON of `openbook capacity beds --format json`."""
    from openbook.capacity.beds import calculate_beds
    from openbook.capacity.model.queueing import Method
    from openbook.capacity.model.scenario import BedsRequest
    from openbook.capacity.request import InvalidRequestError, parse_beds

    counts, problems = parse_beds(beds, "beds")
    if problems:
        raise InvalidRequestError(problems)
    request = BedsRequest(arrivals_per_day, mean_stay_days, counts, Method(method.value))
    return calculate_beds(request).to_dict()


@router.get("/stroke-units/evaluate")
def stroke_units_evaluate(
    request: Request,
    user: ApiUser,  # noqa: ARG001 - signed in with a token
    region: Annotated[str, Query(min_length=1, max_length=20, examples=["E38000045"])],
    units: Annotated[str, Query(min_length=1, max_length=400, examples=["BH77DW,DT12JY"])],
    forced: bool = False,
    min_admissions: Annotated[float, Query(ge=0, le=1e6)] = 600.0,
) -> dict[str, Any]:
    """One configuration of open stroke units: the JSON of `openbook stroke-units evaluate
    --format json`."""
    from openbook.configuration.evaluate import evaluation_to_dict
    from openbook.configuration.stroke_unit import evaluate_stroke_units

    postcodes = [p.strip() for p in units.split(",") if p.strip()]
    evaluation, _ = evaluate_stroke_units(
        region,
        postcodes,
        forced=forced,
        minimum_admissions=min_admissions,
        cache_dir=app_state(request).settings.var_dir / "cache",
    )
    return evaluation_to_dict(evaluation)
