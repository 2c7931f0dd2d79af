"""Checking and submitting quality returns, and recording CQC ratings (the use cases).

As with finance returns: nothing is stored unless the whole file is valid, a resubmission
is a new version, the identical return again creates nothing, every write is audited and
tells the escalation rules that the system's figures changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from openbook.kernel import access
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, ForbiddenError, InvalidDataError
from openbook.kernel.event import FiguresChanged, publish
from openbook.kernel.period import FinancialYear, month_label, month_start
from openbook.kernel.table_reader import parse_table_bytes
from openbook.quality import store
from openbook.quality.file import RETURN_SHEET, QualityReturn, read_return
from openbook.quality.rating import RATINGS_SHEET, CqcRating, read_ratings
from openbook.reference import store as organisations


@dataclass(frozen=True)
class QualitySubmission:
    quality_return: QualityReturn
    version: int
    created: bool  # False when identical to the version in force


def _providers(session: Session) -> set[str]:
    return {
        org.org_code for org in organisations.list_organisations(session) if org.kind.is_provider
    }


def _number(value: Decimal) -> str:
    """One text for one number, however it was stored: 290000.0000 and 290000 are '290000'."""
    return format(value.normalize(), "f")


def _lines_json(parsed: QualityReturn) -> dict[str, dict[str, str]]:
    return {
        line.measure.code: {
            "numerator": _number(line.numerator),
            "denominator": _number(line.denominator),
            "note": line.note,
        }
        for line in parsed.lines
    }


def _check(
    session: Session, data: bytes, source: str, today: date
) -> tuple[QualityReturn | None, list[DataIssue]]:
    table, issues = parse_table_bytes(data, source, RETURN_SHEET)
    if table is None:
        return None, issues
    parsed, issues = read_return(table, _providers(session))
    if parsed is None:
        return None, issues
    start = month_start(parsed.year, parsed.month)
    if start > today:
        label = f"{parsed.year.label} {month_label(parsed.month)}"
        return None, [
            DataIssue(
                source,
                f"{label} has not started yet (it starts {start})",
                row=2,
                column="C",
                expected="a month that has started",
            )
        ]
    return parsed, []


def check_quality_return(db: Database, data: bytes, source: str) -> QualityReturn:
    """Validate without storing; raises InvalidDataError listing every problem."""
    with db.reading() as session:
        parsed, issues = _check(session, data, source, db.clock.today())
    if parsed is None:
        raise InvalidDataError(f"{source} is not a valid quality return", issues)
    return parsed


def store_quality_return(
    session: Session,
    parsed: QualityReturn,
    source: str,
    actor: str,
    at: datetime,
    synthetic: bool = False,
) -> QualitySubmission:
    """Append a version unless identical to the one in force, inside the caller's
    transaction (the demonstration builder calls this with the day a return arrived)."""
    content_hash = hashlib.sha256(repr(sorted(_lines_json(parsed).items())).encode()).hexdigest()
    latest = store.get_latest(session, parsed.org_code, parsed.year, parsed.month)
    before = _lines_json(latest.quality_return) if latest is not None else None
    if latest is not None and before == _lines_json(parsed):
        return QualitySubmission(parsed, latest.version, created=False)
    version = store.record_return(
        session,
        parsed,
        source=source,
        content_hash=content_hash,
        by=actor,
        at=at,
        synthetic=synthetic,
    )
    label = f"{parsed.org_code}/{parsed.year.label}/M{parsed.month}/v{version}"
    record_event(
        session,
        actor=actor,
        action="quality_return.submitted",
        entity="quality_return",
        entity_id=label,
        before=before,
        after=_lines_json(parsed),
        reason=source,
    )
    system_code = organisations.get_member_system(session, parsed.org_code, parsed.year)
    if system_code is not None:
        publish(
            session,
            FiguresChanged(system_code, parsed.year, parsed.month, f"quality return {label}"),
        )
    return QualitySubmission(parsed, version, created=True)


def submit_quality_return(
    db: Database, data: bytes, source: str, by: Principal
) -> QualitySubmission:
    """Submit as `by`, who must be a submitter of the return's organisation."""
    with db.transaction() as session:
        parsed, issues = _check(session, data, source, db.clock.today())
        if parsed is None:
            raise InvalidDataError(f"{source} is not a valid quality return", issues)
        if not access.can_submit_for(by, parsed.org_code):
            raise ForbiddenError(
                f"{by.username} cannot submit quality returns for {parsed.org_code}",
                hint=f"a submitter of {parsed.org_code} must submit its returns",
            )
        return store_quality_return(session, parsed, source, by.username, db.clock.now())


def read_file(path: Path) -> tuple[bytes, str]:
    try:
        return path.read_bytes(), path.name
    except OSError as error:
        raise InvalidDataError(
            f"cannot read {path}", [DataIssue(path.name, f"cannot be read: {error.strerror}")]
        ) from None


def can_record_ratings(user: Principal) -> bool:
    """Ratings are published facts; the system's administrators and leads record them."""
    return access.can_administer(user) or access.can_propose(user)


def record_ratings(db: Database, data: bytes, source: str, by: Principal) -> int:
    """Store every rating in a ratings file (all or nothing); returns how many were new.
    A rating already stored for the same organisation and date is left as it is."""
    if not can_record_ratings(by):
        raise ForbiddenError(
            f"{by.username} cannot record CQC ratings",
            hint="an administrator or the system lead records them",
        )
    with db.transaction() as session:
        table, issues = parse_table_bytes(data, source, RATINGS_SHEET)
        ratings: list[CqcRating] = []
        if table is not None:
            known = {org.org_code for org in organisations.list_organisations(session)}
            ratings, issues = read_ratings(table, known, db.clock.today())
        if issues:
            raise InvalidDataError(f"{source} is not a valid CQC ratings file", issues)
        return store_ratings(session, ratings, by.username, db.clock.now())


def store_ratings(session: Session, ratings: Sequence[CqcRating], actor: str, at: datetime) -> int:
    """Record each rating not already stored, audited, inside the caller's transaction;
    returns how many were new. A new rating makes the rules look again at its month."""
    new = 0
    for rating in ratings:
        if not store.record_rating(session, rating, by=actor, at=at):
            continue
        new += 1
        record_event(
            session,
            actor=actor,
            action="cqc_rating.recorded",
            entity="cqc_rating",
            entity_id=f"{rating.org_code}/{rating.published}",
            before=None,
            after={"rating": rating.rating.label, "source": rating.source},
        )
        year = FinancialYear.containing(rating.published)
        system_code = organisations.get_member_system(session, rating.org_code, year)
        if system_code is not None:
            cause = f"CQC rating {rating.org_code} {rating.published}"
            publish(session, FiguresChanged(system_code, year, _month_of(rating.published), cause))
    return new


def _month_of(day: date) -> int:
    return (day.month - 4) % 12 + 1
