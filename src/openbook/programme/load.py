"""The programme's use cases: check a file, load it (audited, a new version; its investment
posted into the spending organisations' plans), and read what is stored as a report."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from openbook.kernel.access import Principal, can_manage_reference
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, ForbiddenError, InvalidDataError, NotFoundError
from openbook.kernel.input_limit import MAX_YAML_BYTES, read_file
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear
from openbook.programme import store
from openbook.programme.benefit_spc import (
    QUALITY_SERIES_READER,
    BenefitSpc,
    read_benefit_spc,
    spc_to_dict,
)
from openbook.programme.file import load_programme, parse_programme
from openbook.programme.measure import QUALITY_READER, read_measures
from openbook.programme.model import Programme, calculate_investment_by_year
from openbook.programme.payback import calculate_planned_savings
from openbook.programme.posting import post_investment
from openbook.programme.report import build_report
from openbook.programme.store import Posting
from openbook.reference import store as organisations
from openbook.spc import SpcResult


@dataclass(frozen=True)
class LoadResult:
    code: str
    version: int
    postings: list[Posting]
    unchanged: bool  # the same file as the version in force: nothing recorded


def check_programme_file(path: Path, db: Database | None = None) -> Programme:
    """Validate without storing; raises InvalidDataError listing every problem. With a
    store, spending organisations must be known to it."""
    known = None
    if db is not None:
        with db.reading() as session:
            known = {org.org_code for org in organisations.list_organisations(session)}
    programme, issues = load_programme(path, known)
    if programme is None:
        raise InvalidDataError(f"{path.name} is not a valid programme file", issues)
    return programme


def _text_of(path: Path) -> str:
    data, issues = read_file(path, MAX_YAML_BYTES, "YAML file")
    if data is None:
        raise InvalidDataError(f"{path.name} cannot be read", issues)
    return data.decode("utf-8-sig", errors="replace")


def record_programme_text(
    session: Session, text: str, source: str, system_code: str, by: Principal
) -> LoadResult:
    """Inside the caller's transaction: check, then record a version and post investment."""
    if not can_manage_reference(by):
        raise ForbiddenError("only the system lead or an administrator may load a programme")
    if organisations.get_system(session, system_code) is None:
        raise NotFoundError(f"system {system_code!r} is not known")
    known = {org.org_code for org in organisations.list_organisations(session)}
    programme, issues = parse_programme(text, source, known)
    if programme is None:
        raise InvalidDataError(f"{source} is not a valid programme file", issues)
    if programme.system_code != system_code:
        raise _wrong_system(source, programme.system_code, system_code)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    current = store.get_version(session, programme.code)
    if current is not None and current.content_hash == digest:
        return LoadResult(programme.code, current.version, [], True)
    version = store.record_version(
        session,
        code=programme.code,
        system_code=system_code,
        name=programme.name,
        source_name=source,
        content_hash=digest,
        text=text,
        at=clock_of(session).now(),
        by=by.username,
    )
    postings = post_investment(session, programme, by.username)
    for posting in postings:
        store.record_posting(session, programme.code, version, posting)
    record_event(
        session,
        actor=by.username,
        action="programme.loaded",
        entity="programme",
        entity_id=f"{programme.code}/v{version}",
        before=None
        if current is None
        else {"version": current.version, "hash": current.content_hash},
        after={
            "hash": digest,
            "investment_by_year": {
                k: money_str(v)
                for k, v in calculate_investment_by_year(programme.cost_lines).items()
            },
            "milestones": len(programme.milestones),
            "postings": [f"{p.org_code} {p.financial_year}: {p.note}" for p in postings],
        },
        reason=f"Loaded from {source}",
    )
    return LoadResult(programme.code, version, postings, False)


def _wrong_system(source: str, found: str, wanted: str) -> InvalidDataError:
    issue = DataIssue(source, f"'system' is {found!r}, not {wanted}", column="$.programme.system")
    return InvalidDataError(f"{source} is not a programme of {wanted}", [issue])


def load_programme_file(db: Database, path: Path, system_code: str, by: Principal) -> LoadResult:
    """Validate the whole file, then record it and post its investment, all or nothing."""
    text = _text_of(path)
    with db.transaction() as session:
        return record_programme_text(session, text, path.name, system_code.upper(), by)


def _stored_programme(
    session: Session, system_code: str, code: str | None, version: int | None
) -> tuple[Programme, int]:
    codes = store.list_programme_codes(session, system_code)
    if not codes:
        raise NotFoundError(
            f"system {system_code} has no programme",
            hint="load one: openbook programme load FILE --system " + system_code,
        )
    stored = store.get_version(session, code or codes[0], version)
    if stored is None:
        raise NotFoundError(
            f"programme {code!r} (version {version}) is not stored for {system_code}"
        )
    programme, issues = parse_programme(stored.text, stored.source_name)
    if programme is None:  # it was valid when it was stored
        raise InvalidDataError(
            f"stored programme {stored.code} v{stored.version} no longer reads", issues
        )
    return programme, stored.version


def get_programme(
    db: Database, system_code: str, code: str | None = None, version: int | None = None
) -> tuple[Programme, int]:
    with db.reading() as session:
        return _stored_programme(session, system_code.upper(), code, version)


def get_programme_report(
    db: Database,
    system_code: str,
    today: date | None = None,
    code: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """The stored programme's report, its benefits measured from their linked figures."""
    with db.reading() as session:
        programme, number = _stored_programme(session, system_code.upper(), code, version)
        measured: dict[str, dict[str, Decimal]] = read_measures(
            session, programme, None, db.extensions.get(QUALITY_READER)
        )
        report = build_report(programme, today or db.clock.today(), measured, number)
        charts = read_benefit_spc(
            session, programme.benefits, None, db.extensions.get(QUALITY_SERIES_READER)
        )
        for benefit in report["benefits"]:
            found = charts.get(benefit["ref"])
            benefit["spc"] = spc_to_dict(None if found is None else found[1])
        report["postings"] = [
            {
                "org_code": p.org_code,
                "financial_year": p.financial_year,
                "amount": money_str(p.amount),
                "plan_version": p.plan_version,
                "effective_month": p.effective_month,
                "note": p.note,
            }
            for p in store.list_postings(session, programme.code)
        ]
    return report


def list_programme_versions(db: Database, system_code: str) -> list[store.StoredVersion]:
    with db.reading() as session:
        codes = store.list_programme_codes(session, system_code.upper())
        return [v for code in codes for v in store.list_versions(session, code)]


def read_stored_programmes(
    db: Database, system_code: str, at: tuple[FinancialYear, int] | None = None
) -> list[tuple[Programme, dict[str, dict[str, Decimal]]]]:
    """Every programme of the system (latest versions) with its benefits' measured values
    (as returned by `at`, a year and month, if given)."""
    with db.reading() as session:
        found = []
        for code in store.list_programme_codes(session, system_code.upper()):
            programme, _ = _stored_programme(session, system_code.upper(), code, None)
            found.append(
                (
                    programme,
                    read_measures(session, programme, at, db.extensions.get(QUALITY_READER)),
                )
            )
    return found


def list_programme_reports(db: Database, system_code: str, today: date) -> list[dict[str, Any]]:
    """The report of every programme of the system (none is not an error)."""
    with db.reading() as session:
        codes = store.list_programme_codes(session, system_code.upper())
    return [get_programme_report(db, system_code, today, code) for code in codes]


def get_planned_savings(
    db: Database, code: str, refs: tuple[str, ...] = ()
) -> dict[str, dict[str, Decimal]]:
    """Organisation -> year -> the saving the stored programme's financial benefits plan
    (those named in `refs`, else every financial one): the planning bridge's programme
    mitigation reads it (openbook.compose)."""
    with db.reading() as session:
        stored = store.get_version(session, code)
        if stored is None:
            raise NotFoundError(f"there is no programme {code!r}")
        programme, _ = _stored_programme(session, stored.system_code, code, None)
    known = {b.ref for b in programme.benefits}
    unknown = [ref for ref in refs if ref not in known]
    if unknown:
        raise NotFoundError(
            f"programme {code} has no benefit {', '.join(unknown)}",
            hint="its benefits: " + ", ".join(sorted(known)),
        )
    return calculate_planned_savings(programme, refs)


def get_benefit_charts(
    db: Database, system_code: str, at: tuple[FinancialYear, int] | None = None
) -> list[tuple[Programme, dict[str, tuple[SpcResult, BenefitSpc]]]]:
    """Every programme of the system with its linked benefits' Making Data Count charts
    (as returned by `at`, a year and month, if given): the benefits page and the rules."""
    with db.reading() as session:
        found = []
        for code in store.list_programme_codes(session, system_code.upper()):
            programme, _ = _stored_programme(session, system_code.upper(), code, None)
            reader = db.extensions.get(QUALITY_SERIES_READER)
            found.append((programme, read_benefit_spc(session, programme.benefits, at, reader)))
    return found
