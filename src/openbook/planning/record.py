"""Stored scenarios and assumption sets: the audited writes (one use case per action, each
owning its transaction and taking who is acting). Every write appends a version; earlier
versions stay readable. Nothing is stored unless the whole document is valid."""

from __future__ import annotations

import copy
from typing import Any

from openbook.kernel.access import Principal, Role
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import (
    ConflictError,
    DataIssue,
    ForbiddenError,
    InvalidDataError,
    NotFoundError,
    OpenbookError,
)
from openbook.kernel.money import money_str
from openbook.planning import store
from openbook.planning.assumption_file import assumption_set_document, parse_assumption_set
from openbook.planning.file import parse_scenario, scenario_document
from openbook.planning.model.stored import StoredVersion
from openbook.planning.programme_mitigation import (
    PROGRAMME_SAVINGS,
    ProgrammeSavingsReader,
    calculate_programme_mitigation,
)


def can_plan(user: Principal) -> bool:
    """Everyone but viewers may record plans (they are working papers, not decisions)."""
    return user.role is not Role.VIEWER


def _check_may_plan(user: Principal) -> None:
    if not can_plan(user):
        raise ForbiddenError("viewers may read plans but not record them")


def _valid_scenario(document: Any, source: str) -> dict[str, Any]:
    """The document as it is stored (normalised by a round trip), or every problem."""
    scenario, issues = parse_scenario(document, source)
    if scenario is None:
        raise InvalidDataError(f"{source} is not a valid scenario; nothing was stored", issues)
    return scenario_document(scenario)


def _check_expected(current: StoredVersion | None, expected_version: int | None) -> None:
    if expected_version is None:
        return
    have = 0 if current is None else current.version
    if have != expected_version:
        raise ConflictError(
            f"the scenario is at version {have}, not {expected_version}",
            hint="someone changed it since you read it: reload and apply your change again",
        )


def _append_scenario(
    db: Database,
    user: Principal,
    name: str,
    document: dict[str, Any],
    *,
    action: str,
    reason: str | None,
    expected_version: int | None = None,
    basis: str | None = None,
    copied_from: str | None = None,
) -> StoredVersion:
    with db.transaction() as session:
        current = store.get_scenario_version(session, name)
        _check_expected(current, expected_version)
        stored = store.add_scenario_version(
            session,
            name,
            document,
            reason=reason,
            at=clock_of(session).now(),
            by=user.username,
            basis=basis,
            copied_from=copied_from,
        )
        record_event(
            session,
            actor=user.username,
            action=action,
            entity="planning_scenario",
            entity_id=stored.label,
            before=None if current is None else current.document,
            after=document,
            reason=reason,
        )
        return stored


def record_scenario(
    db: Database,
    user: Principal,
    document: Any,
    source: str,
    reason: str | None = None,
    expected_version: int | None = None,
) -> StoredVersion:
    """Store a scenario file under its name: version 1 if new, else the next version."""
    _check_may_plan(user)
    valid = _valid_scenario(document, source)
    return _append_scenario(
        db,
        user,
        valid["name"],
        valid,
        action="planning.scenario.recorded",
        reason=reason,
        expected_version=expected_version,
    )


def _latest(db: Database, name: str, version: int | None = None) -> StoredVersion:
    with db.reading() as session:
        found = store.get_scenario_version(session, name, version)
    if found is None:
        which = name if version is None else f"{name} v{version}"
        raise NotFoundError(f"there is no scenario {which!r}")
    return found


def copy_scenario(
    db: Database, user: Principal, name: str, new_name: str, reason: str | None = None
) -> StoredVersion:
    """A new scenario, version 1, a copy of the latest version of `name`."""
    _check_may_plan(user)
    source = _latest(db, name)
    with db.reading() as session:
        if store.get_scenario_version(session, new_name) is not None:
            raise ConflictError(f"there is already a scenario {new_name!r}")
    document = _valid_scenario({**source.document, "name": new_name}, new_name)
    return _append_scenario(
        db,
        user,
        new_name,
        document,
        action="planning.scenario.copied",
        reason=reason,
        copied_from=source.label,
    )


def amend_assumptions(
    db: Database,
    user: Principal,
    name: str,
    changes: Any,
    reason: str | None = None,
    expected_version: int | None = None,
) -> StoredVersion:
    """The next version of `name` with some of its assumptions changed, e.g.
    {"uplift_pct": {"2018/19": 0, "2019/20": 1, "2020/21": 1}}; problems at their paths."""
    _check_may_plan(user)
    if not isinstance(changes, dict) or not changes:
        issue = DataIssue("assumptions", "expected an object of the rates to change", column="$")
        raise InvalidDataError("no assumptions to change", [issue])
    current = _latest(db, name)
    document = copy.deepcopy(current.document)
    document["assumptions"] = {**document["assumptions"], **changes}
    valid = _valid_scenario(document, name)
    return _append_scenario(
        db,
        user,
        name,
        valid,
        action="planning.scenario.assumptions_amended",
        reason=reason,
        expected_version=current.version if expected_version is None else expected_version,
    )


def record_assumption_set(
    db: Database, user: Principal, document: Any, source: str, reason: str | None = None
) -> StoredVersion:
    """Store an assumption set under its name: version 1 if new, else the next version."""
    _check_may_plan(user)
    found, issues = parse_assumption_set(document, source)
    if found is None:
        raise InvalidDataError(
            f"{source} is not a valid assumption set; nothing was stored", issues
        )
    valid = assumption_set_document(found)
    with db.transaction() as session:
        current = store.get_assumption_version(session, found.name)
        stored = store.add_assumption_version(
            session, found.name, valid, reason=reason, at=clock_of(session).now(), by=user.username
        )
        record_event(
            session,
            actor=user.username,
            action="planning.assumption_set.recorded",
            entity="planning_assumption_set",
            entity_id=stored.label,
            before=None if current is None else current.document,
            after=valid,
            reason=reason,
        )
        return stored


def apply_assumption_set(
    db: Database,
    user: Principal,
    name: str,
    set_name: str,
    set_version: int | None = None,
    reason: str | None = None,
) -> StoredVersion:
    """The next version of scenario `name` with every assumption taken from the set."""
    _check_may_plan(user)
    current = _latest(db, name)
    with db.reading() as session:
        found = store.get_assumption_version(session, set_name, set_version)
    if found is None:
        raise NotFoundError(f"there is no assumption set {set_name!r}")
    same = all(found.document[key] == current.document[key] for key in ("base_year", "years"))
    if not same:
        raise ConflictError(
            f"{found.label} covers {found.document['years']} years after "
            f"{found.document['base_year']}; the scenario {current.document['years']} after "
            f"{current.document['base_year']}"
        )
    document = {**current.document, "assumptions": found.document["assumptions"]}
    valid = _valid_scenario(document, name)
    return _append_scenario(
        db,
        user,
        name,
        valid,
        action="planning.scenario.assumption_set_applied",
        reason=reason,
        expected_version=current.version,
        basis=found.label,
    )


def fill_programme_benefits(
    db: Database,
    user: Principal,
    name: str,
    programme_code: str,
    refs: tuple[str, ...] = (),
    reason: str | None = None,
) -> StoredVersion:
    """The next version of scenario `name` with each organisation's "Programme benefits"
    mitigation taken from the stored programme's financial benefits (those named in
    `refs`, else every financial one) by plan year; other organisations keep theirs."""
    _check_may_plan(user)
    reader: ProgrammeSavingsReader | None = db.extensions.get(PROGRAMME_SAVINGS)
    if reader is None:
        raise OpenbookError("the programme feature is not wired to this store")
    savings = reader(db, programme_code, refs)
    current = _latest(db, name)
    years = parse_scenario(current.document, current.label)[0]
    assert years is not None  # it was valid when it was stored
    document = copy.deepcopy(current.document)
    planned = {org["org_code"]: org for org in document["organisations"]}
    outside = sorted(set(savings) - set(planned))
    if outside:
        issue = DataIssue(
            programme_code,
            f"benefits of {', '.join(outside)} are not in scenario {name!r}",
            column="$.organisations",
        )
        raise InvalidDataError("the programme's savings do not fit the scenario", [issue])
    for org_code, by_year in savings.items():
        values = calculate_programme_mitigation(by_year, years.years)
        mitigations = planned[org_code].setdefault("mitigations", {})
        mitigations["programme_benefits"] = {
            year.label: money_str(value) for year, value in zip(years.years, values, strict=True)
        }
    valid = _valid_scenario(document, name)
    which = ", ".join(refs) if refs else "every financial benefit"
    return _append_scenario(
        db,
        user,
        name,
        valid,
        action="planning.scenario.programme_benefits_filled",
        reason=reason or f"Programme benefits from {programme_code} ({which})",
        expected_version=current.version,
    )
