"""REST API for medium-term financial planning (issue 18), under /api/v1/planning: the same
JSON as `openbook plan ...` (docs/planning.md). A bad scenario answers 422 with every
problem at its JSON path; nothing is stored unless the whole document is valid."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel, Field

from openbook.planning import query, record
from openbook.planning.demonstration import dorset_document
from openbook.planning.model.stored import StoredVersion
from openbook.planning.report import read_scenario_document, run_scenario, share_scenario
from openbook.rebalancing.solve import solve_control_totals_data
from openbook.web.api.finance import ERRORS
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1/planning", tags=["v1"], responses=ERRORS)
Reason = Annotated[str | None, Query(max_length=2000)]
Version = Annotated[int | None, Query(ge=1)]


class StoredOut(BaseModel):
    name: str
    version: int
    recorded_at: str
    recorded_by: str
    reason: str | None
    basis: str | None = Field(description="The assumption set applied, if any")
    copied_from: str | None


def _out(stored: StoredVersion) -> StoredOut:
    return StoredOut(
        name=stored.name,
        version=stored.version,
        recorded_at=stored.recorded_at.isoformat(),
        recorded_by=stored.recorded_by,
        reason=stored.reason,
        basis=stored.basis,
        copied_from=stored.copied_from,
    )


@router.post("/calculate", summary="Project a scenario document (nothing is stored)")
def calculate(_user: ApiUser, document: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """The JSON of `openbook plan scenario FILE --format json`."""
    return run_scenario(read_scenario_document(document, "body"))


@router.post("/share", summary="Share a scenario's targets by the control-total solve, by year")
def share(
    _user: ApiUser,
    document: Annotated[dict[str, Any], Body()],
    willing: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    """The JSON of `openbook plan share FILE --format json` (`willing`: comma-separated ODS
    codes that may take on a tighter target; default all)."""
    codes = None if willing is None else {c.strip() for c in willing.split(",") if c.strip()}
    scenario = read_scenario_document(document, "body")
    return share_scenario(scenario, solve_control_totals_data, codes)


@router.get("/dorset-bridge", summary="The seed's 2020/21 Dorset bridge, with its source")
def dorset_bridge(_user: ApiUser, with_funding: bool = False) -> dict[str, Any]:
    """The JSON of `openbook plan bridge --dorset --format json`."""
    return dorset_document(with_funding)


@router.get("/scenarios", summary="Every stored scenario at its latest version")
def scenarios(request: Request, _user: ApiUser) -> list[StoredOut]:
    return [_out(s) for s in query.list_scenarios(app_state(request).db)]


@router.post(
    "/scenarios", status_code=201, summary="Store a scenario (a new version if its name is stored)"
)
def record_scenario(
    request: Request,
    user: ApiUser,
    document: Annotated[dict[str, Any], Body()],
    reason: Reason = None,
    expected_version: Annotated[int | None, Query(ge=0)] = None,
) -> StoredOut:
    db = app_state(request).db
    return _out(record.record_scenario(db, user, document, "body", reason, expected_version))


@router.get("/scenarios/{name:path}/document", summary="A stored scenario's file")
def scenario_document(
    request: Request, _user: ApiUser, name: str, version: Version = None
) -> dict[str, Any]:
    return query.get_scenario(app_state(request).db, name, version).document


@router.get("/scenarios/{name:path}/history", summary="Every version of a stored scenario")
def history(request: Request, _user: ApiUser, name: str) -> list[StoredOut]:
    return [_out(v) for v in query.scenario_history(app_state(request).db, name)]


class CopyIn(BaseModel):
    new_name: str = Field(min_length=1, max_length=200)
    reason: str | None = Field(default=None, max_length=2000)


@router.post(
    "/scenarios/{name:path}/copy", status_code=201, summary="Copy a scenario into a new one"
)
def copy(request: Request, user: ApiUser, name: str, body: Annotated[CopyIn, Body()]) -> StoredOut:
    db = app_state(request).db
    return _out(record.copy_scenario(db, user, name, body.new_name, body.reason))


class AmendIn(BaseModel):
    assumptions: dict[str, Any] = Field(description='e.g. {"uplift_pct": 0}')
    reason: str | None = Field(default=None, max_length=2000)
    expected_version: int | None = None


@router.post(
    "/scenarios/{name:path}/assumptions",
    status_code=201,
    summary="A new version with assumptions changed",
)
def amend(
    request: Request, user: ApiUser, name: str, body: Annotated[AmendIn, Body()]
) -> StoredOut:
    db = app_state(request).db
    stored = record.amend_assumptions(
        db, user, name, body.assumptions, body.reason, body.expected_version
    )
    return _out(stored)


class ApplyIn(BaseModel):
    assumption_set: str = Field(min_length=1, max_length=200)
    set_version: int | None = None
    reason: str | None = Field(default=None, max_length=2000)


@router.post(
    "/scenarios/{name:path}/apply",
    status_code=201,
    summary="A new version with an assumption set's rates",
)
def apply(
    request: Request, user: ApiUser, name: str, body: Annotated[ApplyIn, Body()]
) -> StoredOut:
    db = app_state(request).db
    stored = record.apply_assumption_set(
        db, user, name, body.assumption_set, body.set_version, body.reason
    )
    return _out(stored)


@router.get("/scenarios/{name:path}/tornado", summary="Sensitivity of the system gap")
def tornado(
    request: Request,
    _user: ApiUser,
    name: str,
    points: Annotated[Decimal, Query(gt=0, le=50)] = Decimal(1),
) -> dict[str, Any]:
    return query.tornado_stored(app_state(request).db, name, points)


@router.get("/compare", summary="Two stored scenarios side by side (B less A)")
def compare(
    request: Request,
    _user: ApiUser,
    a: Annotated[str, Query(min_length=1)],
    b: Annotated[str, Query(min_length=1)],
    a_version: Version = None,
    b_version: Version = None,
) -> dict[str, Any]:
    return query.compare_stored(app_state(request).db, a, b, a_version, b_version)


@router.get("/assumption-sets", summary="Every version of every assumption set")
def assumption_sets(request: Request, _user: ApiUser) -> list[dict[str, Any]]:
    found = query.list_assumption_sets(app_state(request).db)
    return [{**_out(s).model_dump(), "document": s.document} for s in found]


@router.post(
    "/assumption-sets", status_code=201, summary="Store an assumption set (a new version if stored)"
)
def record_assumption_set(
    request: Request,
    user: ApiUser,
    document: Annotated[dict[str, Any], Body()],
    reason: Reason = None,
) -> StoredOut:
    db = app_state(request).db
    return _out(record.record_assumption_set(db, user, document, "body", reason))


@router.get("/scenarios/{name:path}/share", summary="A stored scenario's targets shared")
def share_stored(
    request: Request, _user: ApiUser, name: str, version: Version = None
) -> dict[str, Any]:
    """The JSON of `openbook plan share --stored NAME --format json`."""
    return query.share_stored(app_state(request).db, name, solve_control_totals_data, version)


# Last: a name may hold '/' (2018/19), so the routes above must be tried first.
@router.get("/scenarios/{name:path}", summary="A stored scenario's result")
def scenario(
    request: Request, _user: ApiUser, name: str, version: Version = None
) -> dict[str, Any]:
    return query.calculate_stored(app_state(request).db, name, version)
