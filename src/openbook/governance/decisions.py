"""The decisions log: what a body decided at a meeting, the options it weighed, the
proposals it approved and the recorded agreement of every affected organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.config import get_body, get_definition_in
from openbook.governance.escalations import resolve_in
from openbook.governance.model.governance import Agreement, EscalationStatus
from openbook.governance.notifications import notify, users_of
from openbook.governance.tables import DecisionRow
from openbook.kernel.access import Principal, can_record_decision
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, OpenbookError
from openbook.kernel.input_limit import MAX_TEXT, MAX_TITLE, require_length
from openbook.kernel.table_writer import Cell, render_csv, render_xlsx
from openbook.rebalancing.model import Decision, ProposalStatus
from openbook.rebalancing.view import ProposalView, get_proposal_view

AFFECTED_ROLES = ("approver",)


@dataclass(frozen=True)
class DecisionView:
    ref: str
    system_code: str
    body_code: str
    meeting_date: date
    title: str
    decided: str
    options: tuple[str, ...]
    proposal_refs: tuple[str, ...]
    escalation_refs: tuple[str, ...]
    agreements: tuple[Agreement, ...]
    recorded_by: str


def _view(row: DecisionRow) -> DecisionView:
    return DecisionView(
        row.ref,
        row.system_code,
        row.body_code,
        row.meeting_date,
        row.title,
        row.decided,
        tuple(row.options),
        tuple(row.proposal_refs),
        tuple(row.escalation_refs),
        tuple(
            Agreement(a["org_code"], a["agreed_by"], date.fromisoformat(a["agreed_on"]))
            for a in row.agreements
        ),
        row.recorded_by,
    )


def agreements_from_proposal(proposal: ProposalView, meeting_date: date) -> list[Agreement]:
    """Each affected organisation's approval of the proposal, dated when it was given, or
    why it cannot be decided (rejected, not yet agreed, or a meeting before it existed)."""
    if proposal.status in (ProposalStatus.REJECTED, ProposalStatus.WITHDRAWN):
        raise ConflictError(
            f"proposal {proposal.ref} was {proposal.status.value}; a decision cannot approve it"
        )
    if meeting_date < proposal.created_at.date():
        raise ConflictError(
            f"proposal {proposal.ref} was made on {proposal.created_at:%-d %B %Y}; a decision "
            f"of {meeting_date:%-d %B %Y} cannot have approved it"
        )
    approved = {a.slot: a for a in proposal.approvals if a.decision is Decision.APPROVE}
    missing = [org for org in proposal.affected if org not in approved]
    if missing:
        raise ConflictError(
            f"proposal {proposal.ref} has not been agreed by {', '.join(missing)}",
            hint="every affected organisation approves it first (openbook proposals approve)",
        )
    return [
        Agreement(org, approved[org].by, _day(approved[org].at) or meeting_date)
        for org in proposal.affected
    ]


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.date()


def record_decision(
    db: Database,
    system_code: str,
    *,
    body_code: str,
    meeting_date: date,
    title: str,
    decided: str,
    by: Principal,
    options: tuple[str, ...] = (),
    proposal_refs: tuple[str, ...] = (),
    resolves: tuple[str, ...] = (),
    agreements: tuple[Agreement, ...] = (),
) -> DecisionView:
    """Record a decision; the agreements of a proposal's affected organisations are taken
    from its approvals, and escalations it resolves are closed with a note naming it."""
    if not title.strip() or not decided.strip():
        raise OpenbookError("a decision needs a title and what was decided")
    require_length(title, "the title", MAX_TITLE)
    require_length(decided, "what was decided", MAX_TEXT)
    require_length("\n".join(options), "the options considered", MAX_TEXT)
    proposals = [get_proposal_view(db, ref) for ref in proposal_refs]
    for proposal in proposals:
        if proposal.system_code != system_code:
            raise ConflictError(f"proposal {proposal.ref} belongs to {proposal.system_code}")
    agreed = {a.org_code: a for a in agreements}
    for proposal in proposals:
        for agreement in agreements_from_proposal(proposal, meeting_date):
            agreed.setdefault(agreement.org_code, agreement)
    actor = by.username

    def work(session: Session) -> DecisionView:
        definition = get_definition_in(session, system_code)
        body = get_body(definition, body_code)
        if not can_record_decision(by, body.chair):
            raise ForbiddenError(
                f"only the chair of {body.code} or the system lead may record its decisions"
            )
        row = DecisionRow(
            ref=governance.next_ref(session, "D", system_code),
            system_code=system_code,
            body_code=body.code,
            meeting_date=meeting_date,
            title=title.strip(),
            decided=decided.strip(),
            options=[o.strip() for o in options if o.strip()],
            proposal_refs=list(proposal_refs),
            escalation_refs=list(resolves),
            agreements=[
                {
                    "org_code": a.org_code,
                    "agreed_by": a.agreed_by,
                    "agreed_on": a.agreed_on.isoformat(),
                }
                for a in sorted(agreed.values(), key=lambda a: a.org_code)
            ],
            recorded_by=actor,
            recorded_at=clock_of(session).now(),
        )
        session.add(row)
        session.flush()
        record_event(
            session,
            actor=actor,
            action="decision.recorded",
            entity="decision",
            entity_id=row.ref,
            before=None,
            after={
                "body": row.body_code,
                "meeting_date": meeting_date.isoformat(),
                "title": row.title,
                "decided": row.decided,
                "options": row.options,
                "proposals": row.proposal_refs,
                "resolves": row.escalation_refs,
                "agreements": row.agreements,
            },
            chain=row.system_code,
        )
        for ref in resolves:
            _resolve_by_decision(session, ref, row, actor, db)
        recipients = set(body.members) | users_of(session, set(agreed), AFFECTED_ROLES)
        notify(
            session,
            recipients,
            f"{row.ref} decided by {body.name}: {row.title}",
            f"{row.decided}\n\nMeeting of {meeting_date:%d %B %Y}.",
            f"/decisions/{row.ref}",
        )
        return _view(row)

    return db.write(work)


def _resolve_by_decision(
    session: Session, ref: str, decision: DecisionRow, actor: str, db: Database
) -> None:
    escalation = governance.get_escalation(session, ref)
    if escalation is None or escalation.system_code != decision.system_code:
        raise ConflictError(f"there is no escalation {ref!r} in {decision.system_code}")
    if escalation.status != EscalationStatus.OPEN:
        return  # already closed: the decision still names it
    note = f"Resolved by decision {decision.ref}: {decision.title}"
    resolve_in(session, escalation, note, actor, decision.meeting_date, db)


def list_decisions(
    db: Database,
    system_code: str,
    *,
    body_code: str | None = None,
    text: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[DecisionView]:
    with db.reading() as session:
        return [
            _view(row)
            for row in governance.list_decisions(
                session, system_code, body_code=body_code, text=text, since=since, until=until
            )
        ]


DECISION_HEADER = (
    "ref",
    "body",
    "meeting_date",
    "title",
    "decided",
    "options",
    "proposals",
    "resolves",
    "agreed_by",
    "recorded_by",
)


def decision_rows(decisions: list[DecisionView]) -> list[list[Cell]]:
    return [
        [
            d.ref,
            d.body_code,
            d.meeting_date.isoformat(),
            d.title,
            d.decided,
            "; ".join(d.options),
            " ".join(d.proposal_refs),
            " ".join(d.escalation_refs),
            "; ".join(f"{a.org_code}: {a.agreed_by}" for a in d.agreements),
            d.recorded_by,
        ]
        for d in decisions
    ]


def render_decisions(decisions: list[DecisionView], suffix: str) -> bytes:
    rows = decision_rows(decisions)
    if suffix == ".xlsx":
        return render_xlsx([("Decisions", DECISION_HEADER, rows)])
    return render_csv(DECISION_HEADER, rows)


def may_record(db: Database, user: Principal, system_code: str, body_code: str) -> bool:
    with db.reading() as session:
        body = get_body(get_definition_in(session, system_code), body_code)
    return can_record_decision(user, body.chair)
