"""Checking and submitting capital, cash and workforce returns; the template and history.

Nothing is stored unless the whole file is valid; a resubmission is a new version (earlier
ones stay readable); the identical return again stores nothing. Every version stored is an
audit event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from openbook.kernel import access
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, ForbiddenError, InvalidDataError, OpenbookError
from openbook.kernel.input_limit import MAX_TABLE_FILE_BYTES, read_file
from openbook.kernel.organisation import OrgKind
from openbook.kernel.period import FinancialYear, month_label, month_start
from openbook.reference import store as organisations
from openbook.regime import store
from openbook.regime.ccw_file import ccw_rows, parse_ccw_bytes, render_ccw
from openbook.regime.model.ccw import CcwReturn
from openbook.regime.model.icb import ICB_LINES, has_icb_lines
from openbook.regime.store import CcwVersion


@dataclass(frozen=True)
class CcwSubmission:
    ccw_return: CcwReturn
    version: CcwVersion
    created: bool  # False when identical to the version in force


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise OpenbookError(
            f"cannot write a CCW return as {suffix or 'a file without extension'}",
            hint="name the file .csv or .xlsx",
        )
    return suffix


def write_ccw_template(
    db: Database, org_code: str, year: FinancialYear, month: int, output: Path
) -> int:
    """A blank return for the organisation and month; the number of lines written."""
    suffix = _suffix(output)
    with db.reading() as session:
        org = organisations.get_organisation(session, org_code)
    if org is None:
        raise OpenbookError(f"organisation {org_code!r} is not known")
    commissioner = org.kind is OrgKind.COMMISSIONER
    rows = ccw_rows(org_code, year, month, None, commissioner)
    output.write_bytes(render_ccw(rows, suffix))
    return len(rows)


def _check_context(session: Session, r: CcwReturn, source: str, today: date) -> list[DataIssue]:
    issues = []
    org = organisations.get_organisation(session, r.org_code)
    if org is None:
        issues.append(DataIssue(source, f"organisation {r.org_code!r} is not known", row=2))
    elif not org.kind.submits_returns:
        issues.append(DataIssue(source, f"{r.org_code} does not submit returns", row=2))
    else:
        issues += _check_icb_section(r, org.kind is OrgKind.COMMISSIONER, source)
    if month_start(r.financial_year, r.month) > today:
        issues.append(
            DataIssue(
                source,
                f"{r.financial_year.label} {month_label(r.month)} has not begun",
                row=2,
                hint="a return is for a month that has started",
            )
        )
    return issues


def _check_icb_section(r: CcwReturn, commissioner: bool, source: str) -> list[DataIssue]:
    """A commissioner's return carries its allocation, programme spend and running costs;
    no one else's does."""
    if commissioner and not has_icb_lines(r):
        return [
            DataIssue(
                source,
                f"{r.org_code} is a commissioner: its return needs the ICB lines "
                f"{', '.join(spec.line_code for spec in ICB_LINES)}",
                hint=f"start from `openbook regime template --org {r.org_code}`",
            )
        ]
    if not commissioner and has_icb_lines(r):
        return [
            DataIssue(
                source,
                f"{r.org_code} is not a commissioner: the icb.* lines are an ICB's alone",
                hint="remove the icb.* lines",
            )
        ]
    return []


def _parse(session: Session, data: bytes, source: str, today: date) -> CcwReturn:
    parsed, issues = parse_ccw_bytes(data, source)
    if parsed is not None:
        issues = _check_context(session, parsed, source, today)
    if parsed is None or issues:
        raise InvalidDataError(
            f"{source} is not a valid capital, cash and workforce return", issues
        )
    return parsed


def _read(path: Path) -> tuple[bytes, str]:
    data, issues = read_file(path, MAX_TABLE_FILE_BYTES)
    if data is None:
        raise InvalidDataError(f"cannot read {path}", issues)
    return data, path.name


def check_ccw_file(db: Database, path: Path, today: date | None = None) -> CcwReturn:
    """Validate without storing; raises InvalidDataError listing every problem."""
    data, source = _read(path)
    with db.reading() as session:
        return _parse(session, data, source, today or db.clock.today())


def store_ccw_return(
    session: Session, parsed: CcwReturn, source: str, actor: str, now: datetime
) -> CcwSubmission:
    """Append a version unless identical to the one in force; audited."""
    versions = store.list_ccw_versions(
        session, parsed.org_code, parsed.financial_year, parsed.month
    )
    latest = versions[-1] if versions else None
    if latest is not None and latest.content_hash == parsed.content_hash():
        return CcwSubmission(parsed, latest, created=False)
    version = store.record_ccw_return(session, parsed, source, now, actor)
    record_event(
        session,
        actor=actor,
        action="ccw_return.submitted",
        entity="ccw_return",
        entity_id=f"{parsed.org_code}/{parsed.financial_year.label}/M{parsed.month}"
        f"/v{version.version}",
        before=None
        if latest is None
        else {"version": latest.version, "content_hash": latest.content_hash},
        after={
            "version": version.version,
            "content_hash": version.content_hash,
            "source": source,
            "lines": len(parsed.lines),
        },
    )
    return CcwSubmission(parsed, version, created=True)


def submit_ccw_file(
    db: Database, path: Path, by: Principal, today: date | None = None
) -> CcwSubmission:
    """Submit as `by`, who must be a submitter of the return's organisation."""
    data, source = _read(path)
    return submit_ccw_bytes(db, data, source, by, today)


def submit_ccw_bytes(
    db: Database, data: bytes, source: str, by: Principal, today: date | None = None
) -> CcwSubmission:
    """Submit an uploaded file's bytes as `by` (the API's upload)."""

    def work(session: Session) -> CcwSubmission:
        parsed = _parse(session, data, source, today or db.clock.today())
        if not access.can_submit_for(by, parsed.org_code):
            raise ForbiddenError(
                f"{by.username} cannot submit returns for {parsed.org_code}",
                hint=f"a submitter of {parsed.org_code} must submit its returns",
            )
        return store_ccw_return(session, parsed, source, by.username, db.clock.now())

    return db.write(work)


def list_ccw_history(
    db: Database, org_code: str, year: FinancialYear, month: int
) -> list[tuple[CcwVersion, CcwReturn]]:
    with db.reading() as session:
        versions = store.list_ccw_versions(session, org_code, year, month)
        return [(v, store.get_ccw_return(session, v)) for v in versions]
