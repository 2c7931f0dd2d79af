"""REST API for the workforce under /api/v1/workforce: the passport register in force (people,
a person with eligibility and reasons, who may work at a site and service, credentials
lapsing), and the Dorset shared rotas solved and compared on it. The same JSON as the CLI's
`--format json` (`openbook passport people|person|eligibility|warn`, `openbook rota solve`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.input_limit import MAX_YAML_BYTES
from openbook.web.api.finance import ERRORS
from openbook.web.pages.workforce_rota import compared_rota
from openbook.web.security import ApiUser
from openbook.web.state import app_state
from openbook.workforce.query import (
    default_date,
    eligibility_dict,
    expiry_warnings,
    get_passport,
    people_dict,
    person_passport,
    search_people,
    warning_dict,
)
from openbook.workforce.record import load_passport
from openbook.workforce.rota_case import get_rota_case, solve_rota_case

router = APIRouter(prefix="/api/v1/workforce", tags=["v1"], responses=ERRORS)
OnQuery = Annotated[
    date | None,
    Query(description="As of this date (default: today; the SYNTHETIC demo: 2018-04-02)."),
]


def _on(request: Request, on: date | None) -> date:
    db = app_state(request).db
    return on or default_date(get_passport(db), db.clock.today())


@router.get("/people", summary="The people in the passport register in force")
def people(
    request: Request, _user: ApiUser, search: Annotated[str, Query(max_length=100)] = ""
) -> dict[str, Any]:
    stored = get_passport(app_state(request).db)
    return people_dict(stored, search_people(stored.register, search))


@router.get(
    "/people/{person_id}",
    summary="A person's credentials, and where they may work (and why not)",
)
def person(request: Request, _user: ApiUser, person_id: str, on: OnQuery = None) -> dict[str, Any]:
    return person_passport(app_state(request).db, person_id, _on(request, on)).as_dict()


@router.get("/eligibility", summary="Who may work a service at a site on a date, and why not")
def eligibility(
    request: Request,
    _user: ApiUser,
    site: Annotated[str, Query(max_length=20)],
    service: Annotated[str, Query(max_length=60)],
    on: OnQuery = None,
    role: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    register = get_passport(app_state(request).db).register
    place = register.place(site, service)
    if place is None:
        raise NotFoundError(f"there is no site '{site}' in the register")
    return eligibility_dict(register, place, _on(request, on), role)


@router.get("/warnings", summary="Credentials lapsing within N days with no renewal on record")
def warnings(
    request: Request,
    _user: ApiUser,
    on: OnQuery = None,
    within: Annotated[int, Query(ge=0, le=3660)] = 30,
) -> list[dict[str, Any]]:
    found = expiry_warnings(app_state(request).db, _on(request, on), within)
    return [warning_dict(w) for w in found]


@router.post(
    "/rotas/{service}/solve",
    summary="Solve a Dorset shared rota (stroke or cardiology) on the register in force",
    description="CP-SAT with one worker and the fixed seed; every hard rule checked "
    "independently before the roster is returned. The JSON of `openbook rota solve`.",
)
def solve_rota(
    request: Request,
    _user: ApiUser,
    service: str,
    time_limit: Annotated[float, Query(gt=0, le=60)] = 10.0,
) -> dict[str, Any]:
    case = get_rota_case(app_state(request).db, service)
    solved = solve_rota_case(case, time_limit=time_limit)
    return solved.result.as_dict()


@router.get(
    "/rotas/{service}/compare",
    summary="Three separate site rotas against one shared rota for the same cover",
)
def compare(request: Request, _user: ApiUser, service: str) -> dict[str, Any]:
    return compared_rota(app_state(request).db, service).as_dict()


@router.post(
    "/passport",
    summary="Load a passport register (YAML) as a new version; all or nothing",
    description="422 with every problem (line and YAML path) and nothing stored if any part "
    "is invalid; 200 with created false when identical to the version in force.",
    status_code=201,
)
async def load(
    request: Request, user: ApiUser, file: Annotated[UploadFile, File()]
) -> JSONResponse:
    data = await file.read(MAX_YAML_BYTES + 1)
    if len(data) > MAX_YAML_BYTES:
        raise OpenbookError(f"the file is larger than {MAX_YAML_BYTES:,} bytes")
    name = (file.filename or "register.yaml").replace("\\", "/").rsplit("/", 1)[-1]
    loaded = await run_in_threadpool(load_passport, app_state(request).db, data, name, user)
    body = {
        "version": loaded.version,
        "created": loaded.created,
        "people": len(loaded.register.people),
        "synthetic": loaded.register.synthetic,
    }
    return JSONResponse(body, status_code=201 if loaded.created else 200)
