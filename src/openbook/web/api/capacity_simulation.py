"""REST API for the capacity simulations (issue 22), under /api/v1: the stroke pathway,
pooling and cath labs, each answering with exactly the JSON of `openbook capacity ...
--format json` for the same options (the shipped published or Dorset scenarios).

A simulation runs as a job in the background (openbook.jobs: a queue in the store, so any
web process or instance answers for it), named by its parameters: the
first request answers 202 with the job's progress (`status`, `done`, `total`) and a
Retry-After; asking again with the same parameters answers 202 until it is done, then 200
with the result (kept, so later requests are immediate). `GET /api/v1/capacity/jobs/{job}`
polls a job by its id. Bad parameters answer 422 naming each, as the CLI names its options.
POST the same routes with a scenario file's JSON as the body to run it instead of the shipped
one (`openbook capacity ... FILE`); its problems are listed at their JSON paths."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from openbook.jobs.model import JobStatus, JobView
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.web.api.finance import ERRORS
from openbook.web.capacity_runs import (
    POOLING_SCENARIOS,
    Run,
    cath_labs_run,
    pooling_run,
    stay_sensitivity_run,
    stroke_pathway_run,
)
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)
RETRY_AFTER_SECONDS = "2"


class PathwayMethod(StrEnum):
    occupancy = "occupancy"
    queue = "queue"


class PoolingMethod(StrEnum):
    erlang_b = "erlang-b"
    erlang_c = "erlang-c"


class Policy(StrEnum):
    priority = "priority"
    deadline = "deadline"


class PoolingScenario(StrEnum):  # the keys of capacity_runs.POOLING_SCENARIOS
    stroke_units = "stroke-units"
    coronary_care = "coronary-care"


assert {s.value for s in PoolingScenario} == set(POOLING_SCENARIOS)


def answer(request: Request, run: Run, user: Any) -> Any:
    """200 with the result when the job is done, else 202 with its progress."""
    job, result = run.start(app_state(request).jobs, user.username)
    return job_answer(job, result)


def job_answer(job: JobView, result: Any) -> Any:
    if job.status is JobStatus.DONE:
        return result.to_dict()
    if job.status is JobStatus.FAILED:
        raise OpenbookError(job.error or "the job failed")
    return JSONResponse(
        job.status_dict(), status_code=202, headers={"retry-after": RETRY_AFTER_SECONDS}
    )


def stroke_pathway_options(
    acute_beds: Annotated[str, Query(min_length=1, max_length=100)] = "9..14",
    rehab_beds: Annotated[str, Query(min_length=1, max_length=100)] = "10..16",
    method: PathwayMethod = PathwayMethod.occupancy,
    replications: Annotated[int, Query(ge=2, le=10_000)] = 30,
    days: Annotated[float, Query(gt=0, le=1e6)] = 1825.0,
    warm_up_days: Annotated[float, Query(ge=0, le=1e6)] = 1095.0,
    admissions_multiplier: Annotated[float, Query(gt=0, le=100)] = 1.0,
    stay_multiplier: Annotated[float, Query(gt=0, le=100)] = 1.0,
    one_in: Annotated[list[int] | None, Query(max_length=10)] = None,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 2016,
) -> dict[str, Any]:
    return {
        "acute_beds": acute_beds,
        "rehab_beds": rehab_beds,
        "method": method.value,
        "replications": replications,
        "days": days,
        "warm_up_days": warm_up_days,
        "admissions_multiplier": admissions_multiplier,
        "stay_multiplier": stay_multiplier,
        "one_in": tuple(one_in or ()),
        "seed": seed,
    }


def pooling_options(
    target_one_in: Annotated[float | None, Query(gt=1, le=1e6)] = None,
    method: PoolingMethod | None = None,
    replications: Annotated[int, Query(ge=0, le=10_000)] = 0,
    days: Annotated[float, Query(gt=0, le=1e6)] = 1825.0,
    warm_up_days: Annotated[float, Query(ge=0, le=1e6)] = 365.0,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 2016,
) -> dict[str, Any]:
    return {
        "target_one_in": target_one_in,
        "method": None if method is None else method.value,
        "replications": replications,
        "days": days,
        "warm_up_days": warm_up_days,
        "seed": seed,
    }


def cath_lab_options(
    policy: Policy | None = None,
    replications: Annotated[int | None, Query(ge=2, le=10_000)] = None,
    weeks: Annotated[float | None, Query(gt=0, le=1e4)] = None,
    seed: Annotated[int | None, Query(ge=0, le=2**32 - 1)] = None,
) -> dict[str, Any]:
    return {
        "policy": None if policy is None else policy.value,
        "replications": replications,
        "weeks": weeks,
        "seed": seed,
    }


Options = dict[str, Any]
Document = Annotated[dict[str, Any], Body(description="The scenario, as its JSON file")]
RUNNING: dict[int | str, dict[str, Any]] = {
    202: {"description": "Still running: the job's progress"}
}


@router.get("/capacity/stroke-pathway", responses=RUNNING)
def stroke_pathway(
    request: Request,
    user: ApiUser,
    options: Annotated[Options, Depends(stroke_pathway_options)],
) -> Any:
    """The published two-unit stroke pathway (Monks et al. 2016): each unit's probability of
    delay against beds, as `openbook capacity stroke-pathway --format json`."""
    return answer(request, stroke_pathway_run(**options), user)


@router.post("/capacity/stroke-pathway", responses=RUNNING)
def stroke_pathway_posted(
    request: Request,
    user: ApiUser,
    options: Annotated[Options, Depends(stroke_pathway_options)],
    document: Document,
) -> Any:
    """The stroke pathway with the posted parameters (the published model's JSON format), as
    `openbook capacity stroke-pathway PARAMS.json --format json`."""
    return answer(request, stroke_pathway_run(**options, document=document), user)


@router.get("/capacity/pooling", responses=RUNNING)
def pooling(
    request: Request,
    user: ApiUser,
    options: Annotated[Options, Depends(pooling_options)],
    scenario: PoolingScenario = PoolingScenario.stroke_units,
) -> Any:
    """Dorset's sites separately against one pooled service: beds for the same delay target
    and (with replications) the simulated share placed away from home, as `openbook capacity
    pooling [FILE] --format json`; analytic answers (no replications) come at once."""
    return answer(request, pooling_run(scenario=scenario.value, **options), user)


@router.post("/capacity/pooling", responses=RUNNING)
def pooling_posted(
    request: Request,
    user: ApiUser,
    options: Annotated[Options, Depends(pooling_options)],
    document: Document,
) -> Any:
    """Pooling for the posted scenario (the pooling file's format), as `openbook capacity
    pooling FILE --format json`."""
    return answer(request, pooling_run(**options, document=document), user)


@router.get("/capacity/cath-labs", responses=RUNNING)
def cath_labs(
    request: Request,
    user: ApiUser,
    options: Annotated[Options, Depends(cath_lab_options)],
) -> Any:
    """Dorset's cath labs (synthetic) site by site against one county service, as `openbook
    capacity cath-labs --format json`."""
    return answer(request, cath_labs_run(**options), user)


@router.post("/capacity/cath-labs", responses=RUNNING)
def cath_labs_posted(
    request: Request,
    user: ApiUser,
    options: Annotated[Options, Depends(cath_lab_options)],
    document: Document,
) -> Any:
    """Cath labs for the posted scenario (the cath-lab file's format), as `openbook capacity
    cath-labs FILE --format json`."""
    return answer(request, cath_labs_run(**options, document=document), user)


@router.get("/capacity/stay-sensitivity", responses=RUNNING)
def stay_sensitivity(
    request: Request,
    user: ApiUser,
    stay_multipliers: Annotated[list[float] | None, Query(max_length=10)] = None,
    one_in: Annotated[list[int] | None, Query(max_length=10)] = None,
    replications: Annotated[int, Query(ge=2, le=10_000)] = 30,
    days: Annotated[float, Query(gt=0, le=1e6)] = 1825.0,
    warm_up_days: Annotated[float, Query(ge=0, le=1e6)] = 1095.0,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 2016,
) -> Any:
    """Beds needed for each 1-in-N target as every length of stay is scaled (the published
    stroke pathway), as `openbook capacity stay-sensitivity --format json`."""
    run = stay_sensitivity_run(
        stay_multipliers=tuple(stay_multipliers or (0.9, 1.0, 1.1, 1.2)),
        one_in=tuple(one_in or (10, 50)),
        replications=replications,
        days=days,
        warm_up_days=warm_up_days,
        seed=seed,
    )
    return answer(request, run, user)


@router.get("/capacity/jobs/{job}")
def job_status(
    request: Request,
    user: ApiUser,  # noqa: ARG001 - signed in with a token
    job: Annotated[str, Path(min_length=1, max_length=64, pattern="^[0-9a-f]+$")],
) -> Response:
    """A simulation job's progress: `status` (queued, running, done, failed), `done` and
    `total` replications; the result itself is at the URL that started it."""
    state = app_state(request)
    found = state.jobs.get(job) or state.local_jobs.get(job)
    if found is None:
        raise NotFoundError(f"no job {job}")
    return JSONResponse(found.status_dict())
