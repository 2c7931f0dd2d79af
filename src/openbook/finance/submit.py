"""Checking and submitting monthly finance returns.

Nothing is stored unless the whole file is valid; a resubmission is a new version;
the identical return submitted again creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.finance.file import MandatoryLines, parse_return_bytes
from openbook.finance.model.account import AccountLine, LineKind, chart_for
from openbook.finance.model.finance_return import MAX_COMMENTARY, OVERALL, FinanceReturn
from openbook.finance.model.return_check import (
    ReturnContext,
    check_return_context,
    check_return_lines,
)
from openbook.finance.store import ReturnVersion
from openbook.kernel import access
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue, ForbiddenError, InvalidDataError, OpenbookError
from openbook.kernel.event import FiguresChanged, publish
from openbook.kernel.input_limit import MAX_TABLE_FILE_BYTES, read_file
from openbook.kernel.period import FinancialYear, month_label, month_start
from openbook.reference import contract_store
from openbook.reference import store as organisations
from openbook.reference.chain import chain_of_organisations
from openbook.reference.record import jsonable


@dataclass(frozen=True)
class SubmissionResult:
    finance_return: FinanceReturn
    version: ReturnVersion
    created: bool  # False when identical to the version already in force


def get_chart(session: Session, org_code: str, year: FinancialYear) -> tuple[AccountLine, ...]:
    """The chart of accounts an organisation's return uses in a year (its commissioners)."""
    org = organisations.get_organisation(session, org_code)
    if org is None:
        return ()
    commissioners = tuple(
        c.commissioner_code
        for c in contract_store.list_contracts(session, year, org_code)
        if c.provider_code == org_code
    )
    return chart_for(org.kind, commissioners)


def _mandatory_lines(session: Session) -> MandatoryLines:
    def lookup(org_code: str, year: FinancialYear) -> frozenset[str]:
        return frozenset(
            line.line_code
            for line in get_chart(session, org_code, year)
            if line.mandatory and line.kind is LineKind.INPUT
        )

    return lookup


def _context(session: Session, finance_return: FinanceReturn) -> ReturnContext:
    year = finance_return.financial_year
    org = organisations.get_organisation(session, finance_return.org_code)
    system_code = organisations.get_member_system(session, finance_return.org_code, year)
    closed = (
        frozenset(returns.list_closed_months(session, system_code, year))
        if system_code
        else frozenset()
    )
    plan = organisations.get_plan(session, finance_return.org_code, year, finance_return.month)
    return ReturnContext(org, system_code, closed, plan)


def _check_not_future(finance_return: FinanceReturn, today: date, source: str) -> list[DataIssue]:
    start = month_start(finance_return.financial_year, finance_return.month)
    if start > today:
        label = f"{finance_return.financial_year.label} {month_label(finance_return.month)}"
        return [
            DataIssue(
                source,
                f"{label} has not started yet (it starts {start.isoformat()})",
                row=2,
                column="C",
                expected="a month that has started",
            )
        ]
    return []


def validate_return(
    session: Session, data: bytes, source: str, today: date
) -> tuple[FinanceReturn | None, list[DataIssue]]:
    """Every problem with a return file, checked against the store; nothing is written."""
    parsed, issues = parse_return_bytes(data, source, _mandatory_lines(session))
    if parsed is None:
        return None, issues
    issues = check_against_store(session, parsed, source, today)
    return (None, issues) if issues else (parsed, [])


def check_against_store(
    session: Session, parsed: FinanceReturn, source: str, today: date
) -> list[DataIssue]:
    """What only the store can tell: the organisation, its system and closed months, its
    chart of accounts and agreed plan, and that the month has started."""
    context = _context(session, parsed)
    issues = check_return_context(parsed, context, source)
    if context.organisation is not None:
        chart = get_chart(session, parsed.org_code, parsed.financial_year)
        issues += check_return_lines(parsed, chart, source)
    return issues + _check_not_future(parsed, today, source)


def check_return(
    db: Database, data: bytes, source: str, today: date | None = None
) -> FinanceReturn:
    """Validate without storing; raises InvalidDataError listing every problem."""
    with db.reading() as session:
        parsed, issues = validate_return(session, data, source, today or db.clock.today())
    if parsed is None:
        raise InvalidDataError(f"{source} is not a valid finance return", issues)
    return parsed


def check_return_file(db: Database, path: Path, today: date | None = None) -> FinanceReturn:
    data, source = _read(path)
    return check_return(db, data, source, today)


def _read(path: Path) -> tuple[bytes, str]:
    """The file's bytes; its size is checked first (a 132 MB CSV is refused, not read)."""
    data, issues = read_file(path, MAX_TABLE_FILE_BYTES)
    if data is None:
        raise InvalidDataError(f"cannot read {path}", issues)
    return data, path.name


def submit_return_file(
    db: Database, path: Path, by: Principal, today: date | None = None
) -> SubmissionResult:
    data, source = _read(path)
    return submit_return(db, data, source, by, today)


def submit_return(
    db: Database,
    data: bytes,
    source: str,
    by: Principal,
    today: date | None = None,
    overall_commentary: str = "",
) -> SubmissionResult:
    """Submit a return as `by`, who must be a submitter of its organisation: the file is
    read, the permission checked, then the return is checked against the store and stored
    as the next version with its audit event, all in one transaction. The CLI, the web form
    and the API all come here."""

    def work(session: Session) -> SubmissionResult:
        parsed, issues = parse_return_bytes(data, source, _mandatory_lines(session))
        if parsed is None:
            raise InvalidDataError(f"{source} is not a valid finance return", issues)
        parsed = with_overall_commentary(parsed, overall_commentary)
        if not access.can_submit_for(by, parsed.org_code):
            raise ForbiddenError(
                f"{by.username} cannot submit returns for {parsed.org_code}",
                hint=f"a submitter of {parsed.org_code} must submit its returns",
            )
        issues = check_against_store(session, parsed, source, today or db.clock.today())
        if issues:
            raise InvalidDataError(f"{source} is not a valid finance return", issues)
        return store_return(session, parsed, source, by.username, db.clock.now())

    # Two submissions of one month at once number the same next version; the loser runs
    # again and becomes the version after the winner's (never a lost return).
    return db.write(work)


def with_overall_commentary(finance_return: FinanceReturn, text: str) -> FinanceReturn:
    """The return with `text` (typed on the web form) as its overall narrative, in place of
    the file's; unchanged when `text` is blank."""
    text = " ".join(text.split())
    if not text:
        return finance_return
    if len(text) > MAX_COMMENTARY:
        raise OpenbookError(
            f"the overall commentary is {len(text):,} characters; at most {MAX_COMMENTARY:,}"
        )
    kept = tuple((code, t) for code, t in finance_return.commentary if code != OVERALL)
    return replace(finance_return, commentary=((OVERALL, text), *kept))


def store_return(
    session: Session, parsed: FinanceReturn, source: str, actor: str, now: datetime
) -> SubmissionResult:
    """Append a version unless it is identical to the one in force."""
    latest = returns.get_latest_version(
        session, parsed.org_code, parsed.financial_year, parsed.month
    )
    if latest is not None and latest.content_hash == parsed.content_hash():
        return SubmissionResult(parsed, latest, created=False)
    version = returns.record_return(session, parsed, source, now, actor)
    system_code = organisations.get_member_system(session, parsed.org_code, parsed.financial_year)
    if system_code is not None:
        cause = f"return {parsed.org_code} {parsed.financial_year.label} M{parsed.month}"
        publish(
            session,
            FiguresChanged(
                system_code, parsed.financial_year, parsed.month, f"{cause} v{version.version}"
            ),
        )
    record_event(
        session,
        actor=actor,
        action="return.submitted",
        entity="finance_return",
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
            "risks": len(parsed.risks),
            "forecast_outturn": jsonable(_forecast(parsed)),
        },
        chain=chain_of_organisations(session, [parsed.org_code]),
    )
    return SubmissionResult(parsed, version, created=True)


def _forecast(parsed: FinanceReturn) -> object:
    from openbook.finance.model.account import CONTROL_TOTAL_LINE

    return parsed.amount(CONTROL_TOTAL_LINE, "forecast_outturn")


def list_history(
    db: Database, org_code: str, year: FinancialYear, month: int
) -> list[tuple[ReturnVersion, FinanceReturn]]:
    with db.reading() as session:
        versions = returns.list_return_versions(session, org_code, year, month)
        return [(v, returns.get_return(session, v)) for v in versions]


def export_return(
    db: Database,
    org_code: str,
    year: FinancialYear,
    month: int,
    suffix: str,
    version: int | None = None,
) -> tuple[bytes, ReturnVersion]:
    """A stored version (the latest by default) as a file in the template's layout."""
    from openbook.finance.file_render import render_return_rows, return_rows
    from openbook.kernel.error import NotFoundError

    with db.reading() as session:
        versions = returns.list_return_versions(session, org_code, year, month)
        chosen = (
            versions[-1]
            if version is None and versions
            else next((v for v in versions if v.version == version), None)
        )
        if chosen is None:
            which = "any version" if version is None else f"version {version}"
            raise NotFoundError(
                f"no return for {org_code} {year.label} {month_label(month)} ({which})"
            )
        finance_return = returns.get_return(session, chosen)
        chart = get_chart(session, org_code, year)
    return render_return_rows(return_rows(finance_return, chart), suffix), chosen
