"""Loading activity: the national A&E file, activity returns, patient-level extracts,
plans and prices. Every load is checked whole first; nothing is stored unless the whole
file is valid; a changed count keeps its earlier value; every load is audited."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from openbook.activity import store as activity
from openbook.activity.extract import aggregate_extract, check_cube, cube_counts
from openbook.activity.file.activity_return import parse_activity_return_bytes
from openbook.activity.file.ae import parse_ae_bytes
from openbook.activity.file.price_table import parse_price_bytes
from openbook.activity.model.activity import ActivityCount, PlanBasis
from openbook.activity.model.plan import build_plans
from openbook.activity.store import LoadSummary
from openbook.kernel.access import Principal, can_load_activity, can_manage_reference
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, ForbiddenError, InvalidDataError, NotFoundError
from openbook.kernel.event import FiguresChanged, publish
from openbook.kernel.input_limit import MAX_TABLE_FILE_BYTES, read_file
from openbook.kernel.period import FinancialYear, period_of
from openbook.reference import store as organisations


class LoadKind(StrEnum):
    AE = "ae"
    RETURN = "return"
    EXTRACT = "extract"


@dataclass(frozen=True)
class LoadResult:
    kind: str
    source: str
    summary: LoadSummary
    providers: tuple[str, ...]
    first_month: date | None
    last_month: date | None


def _today(today: date | None) -> date:
    return today or datetime.now(UTC).date()


def _read(path: Path) -> bytes:
    """The file's bytes; its size is checked before it is read."""
    data, issues = read_file(path, MAX_TABLE_FILE_BYTES)
    if data is None:
        raise InvalidDataError(f"cannot read {path}", issues)
    return data


def _store(
    db: Database,
    counts: list[ActivityCount],
    *,
    kind: str,
    source: str,
    content_hash: str,
    by: Principal,
    measure: str = "actual",
    synthetic: bool = False,
    more_checks: Callable[[Session], list[DataIssue]] | None = None,
    plans: list[ActivityCount] | None = None,
    then: Callable[[Session, LoadResult], None] | None = None,
) -> LoadResult:
    """Check who is loading, then everything the store can tell, then store the counts (and
    a return's contracted plans, and whatever `then` records of the load) in one
    transaction: all of it, or nothing."""
    providers = frozenset(c.provider_code for c in [*counts, *(plans or [])])
    with db.transaction() as session:
        allowed = (
            can_manage_reference(by) if measure == "plan" else can_load_activity(by, providers)
        )
        if not allowed:
            raise ForbiddenError(
                f"{by.username} may not load this activity",
                hint="the system lead or an administrator loads activity; a submitter its own",
            )
        if more_checks is not None:
            issues = more_checks(session)
            if issues:
                raise InvalidDataError(f"{source} is not valid", issues)
        result = store_counts(
            session,
            counts,
            kind=kind,
            source=source,
            content_hash=content_hash,
            actor=by.username,
            measure=measure,
            synthetic=synthetic,
        )
        if plans:
            store_counts(
                session,
                plans,
                kind=f"plan-{PlanBasis.CONTRACTED}",
                source=source,
                content_hash=content_hash,
                actor=by.username,
                measure="plan",
            )
        if then is not None:
            then(session, result)
        if result.summary.added + result.summary.changed and result.last_month is not None:
            _publish_changes(session, result.providers, result.last_month, source)
    return result


def _publish_changes(
    session: Session, provider_codes: tuple[str, ...], last: date, source: str
) -> None:
    """The figures changed for each system of the providers, at the latest month loaded."""
    year, month = period_of(last)
    systems = {
        system
        for code in provider_codes
        if (system := organisations.get_member_system(session, code, year)) is not None
    }
    for system_code in sorted(systems):
        publish(session, FiguresChanged(system_code, year, month, f"activity {source}"))


def store_counts(
    session: Session,
    counts: list[ActivityCount],
    *,
    kind: str,
    source: str,
    content_hash: str,
    actor: str,
    measure: str = "actual",
    synthetic: bool = False,
) -> LoadResult:
    """Record counts and the audit event of their load, in the caller's transaction."""
    summary = activity.record_counts(
        session,
        counts,
        measure=measure,
        kind=kind,
        source=source,
        content_hash=content_hash,
        actor=actor,
        at=clock_of(session).now(),
        synthetic=synthetic,
    )
    providers = tuple(sorted({c.provider_code for c in counts}))
    months = [c.period_start for c in counts]
    result = LoadResult(
        kind,
        source,
        summary,
        providers,
        min(months) if months else None,
        max(months) if months else None,
    )
    record_event(
        session,
        actor=actor,
        action=f"activity.{measure}.loaded",
        entity="activity_load",
        entity_id=str(summary.load_id),
        before=None,
        after={
            "kind": kind,
            "source": source,
            "content_hash": content_hash,
            "rows": summary.rows,
            "added": summary.added,
            "changed": summary.changed,
            "synthetic": synthetic,
            "providers": list(providers),
            "first_month": None if result.first_month is None else str(result.first_month),
            "last_month": None if result.last_month is None else str(result.last_month),
        },
    )
    return result


def load_ae_file(
    db: Database,
    path: Path,
    by: Principal,
    *,
    org_codes: frozenset[str] | None = None,
    today: date | None = None,
    synthetic: bool = False,
) -> LoadResult:
    """NHS England's A&E file, for every trust in it or only those asked for."""
    data = _read(path)
    counts, issues = parse_ae_bytes(data, path.name, _today(today), org_codes)
    if issues:
        raise InvalidDataError(f"{path.name} is not a valid A&E file", issues)
    return _store(
        db,
        counts,
        kind=LoadKind.AE,
        source=path.name,
        content_hash=hashlib.sha256(data).hexdigest(),
        by=by,
        synthetic=synthetic,
    )


def _known_provider(provider_code: str, source: str) -> Callable[[Session], list[DataIssue]]:
    def check(session: Session) -> list[DataIssue]:
        if organisations.get_organisation(session, provider_code) is None:
            return [
                DataIssue(
                    source,
                    f"provider {provider_code} is not a known organisation",
                    column="A",
                    hint="add it to the system file first, or correct the ODS code",
                )
            ]
        return []

    return check


def load_activity_return(
    db: Database, path: Path, by: Principal, *, today: date | None = None
) -> LoadResult:
    """A provider's activity return; its plan column, where filled, sets contracted plans."""
    data = _read(path)
    parsed, issues = parse_activity_return_bytes(data, path.name, _today(today))
    if parsed is None:
        raise InvalidDataError(f"{path.name} is not a valid activity return", issues)
    content_hash = hashlib.sha256(data).hexdigest()
    check = _known_provider(parsed.provider_code, path.name)
    return _store(
        db,
        list(parsed.actuals),
        kind=LoadKind.RETURN,
        source=path.name,
        content_hash=content_hash,
        by=by,
        more_checks=check,
        plans=list(parsed.plans),
    )


def load_extract(
    db: Database,
    path: Path,
    by: Principal,
    *,
    progress: Callable[[float], None] | None = None,
    today: date | None = None,
    synthetic: bool = False,
) -> LoadResult:
    """A patient-level extract, aggregated by DuckDB into monthly counts, then stored."""
    cube, issues = aggregate_extract(path, progress)
    issues = issues or check_cube(cube, path.name, _today(today))
    if issues:
        raise InvalidDataError(f"{path.name} is not a valid patient-level extract", issues)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return _store(
        db,
        cube_counts(cube),
        kind=LoadKind.EXTRACT,
        source=path.name,
        content_hash=digest.hexdigest(),
        by=by,
        synthetic=synthetic,
    )


def system_providers(session: Session, system_code: str, year: FinancialYear) -> list[str]:
    members = organisations.list_members(session, system_code, year)
    if not members:
        raise NotFoundError(f"system {system_code} has no members in {year.label}")
    return [org.org_code for org, _ in members if org.kind.is_provider]


def set_plans(
    db: Database,
    system_code: str,
    year: FinancialYear,
    basis: PlanBasis,
    by: Principal,
    growth_percent: Decimal = Decimal(0),
) -> LoadResult:
    """Plan every provider's year from the year before: flat, or with growth."""
    if basis is PlanBasis.CONTRACTED:
        raise InvalidDataError(
            "contracted plans come from a file",
            [DataIssue("plan", "load contracted volumes with an activity return's plan column")],
        )
    previous = year.previous()
    with db.reading() as session:
        providers = system_providers(session, system_code, year)
        last_year = activity.list_counts(session, providers, previous.start_date, previous.end_date)
    if not last_year:
        raise NotFoundError(
            f"no {previous.label} activity for {system_code} to plan {year.label} from"
        )
    plans = build_plans(last_year, basis, growth_percent)
    label = "flat" if basis is PlanBasis.FLAT else f"growth {growth_percent}%"
    return _store(
        db,
        plans,
        kind=f"plan-{basis}",
        source=f"{year.label} plan: {label} on {previous.label} actuals",
        content_hash=hashlib.sha256(repr(plans).encode()).hexdigest(),
        by=by,
        measure="plan",
    )


def load_prices(db: Database, path: Path, year: FinancialYear, by: Principal) -> int:
    """A year's price per point of delivery from CSV; a reload is a new version."""
    data = _read(path)
    prices, issues = parse_price_bytes(data, path.name)
    if issues:
        raise InvalidDataError(f"{path.name} is not a valid price table", issues)
    return record_price_table(db, year, prices, path.name, by)


def record_price_table(
    db: Database, year: FinancialYear, prices: dict[str, Decimal], source: str, by: Principal
) -> int:
    with db.transaction() as session:
        if not can_manage_reference(by):
            raise ForbiddenError("only the system lead or an administrator may set prices")
        return store_prices(session, year, prices, source, by.username)


def store_prices(
    session: Session, year: FinancialYear, prices: dict[str, Decimal], source: str, actor: str
) -> int:
    """A new version of the year's prices and its audit event, in the caller's transaction."""
    before = activity.get_prices(session, year)
    version = activity.record_prices(session, year, prices, source)
    record_event(
        session,
        actor=actor,
        action="activity.prices.recorded",
        entity="activity_price",
        entity_id=f"{year.label}/v{version}",
        before={pod: str(p) for pod, p in before.items()} or None,
        after={pod: str(p) for pod, p in prices.items()},
    )
    return version
