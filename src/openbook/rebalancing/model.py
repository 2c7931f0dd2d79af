"""Proposals and joint decisions: a solution becomes a proposal; every organisation it
affects, and the system finance lead, must approve it before it is enacted.

Pure rules only: who must approve, the proposal's lifecycle (decide, withdraw, enact,
supersede) as functions returning the new value and the event to record, separation of
duties, and the basis hash that stops a proposal made on old figures from being enacted on
new ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from openbook.kernel.error import ConflictError, ForbiddenError, OpenbookError
from openbook.kernel.input_limit import MAX_REASON, require_length
from openbook.kernel.money import ZERO, money_str
from openbook.kernel.period import FinancialYear

SYSTEM_LEAD = "SYSTEM"  # the approval slot of the system finance lead


class ProposalKind(StrEnum):
    TRANSFERS = "transfers"  # year-end money moved between organisations
    CONTROL_TOTALS = "control-totals"  # in-year control totals moved between partners


class ProposalStatus(StrEnum):
    OPEN = "open"  # waiting for approvals
    REJECTED = "rejected"  # someone affected said no, with a reason
    ENACTED = "enacted"  # written to the ledger / control totals
    WITHDRAWN = "withdrawn"  # its proposer took it back, with a reason
    SUPERSEDED = "superseded"  # the figures it was solved on changed before it was enacted

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ProposalStatus.OPEN: "Open",
    ProposalStatus.REJECTED: "Rejected",
    ProposalStatus.ENACTED: "Enacted",
    ProposalStatus.WITHDRAWN: "Withdrawn",
    ProposalStatus.SUPERSEDED: "Superseded",
}


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"

    @property
    def past_tense(self) -> str:
        return "approved" if self is Decision.APPROVE else "rejected"


@dataclass(frozen=True)
class Transfer:
    from_org: str
    to_org: str
    amount: Decimal


@dataclass(frozen=True)
class ControlTotalChange:
    org_code: str
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class Approval:
    slot: str  # an org code, or SYSTEM_LEAD
    decision: Decision
    by: str
    reason: str | None = None
    at: datetime | None = None


def affected_organisations(
    kind: ProposalKind, transfers: list[Transfer], changes: list[ControlTotalChange]
) -> list[str]:
    if kind is ProposalKind.TRANSFERS:
        codes = {t.from_org for t in transfers} | {t.to_org for t in transfers}
    else:
        codes = {c.org_code for c in changes if c.change != 0}
    return sorted(codes)


def required_slots(affected: list[str]) -> list[str]:
    """Each affected organisation, then the system finance lead."""
    return [*affected, SYSTEM_LEAD]


def missing_approvals(affected: list[str], approvals: list[Approval]) -> list[str]:
    approved = {a.slot for a in approvals if a.decision is Decision.APPROVE}
    return [slot for slot in required_slots(affected) if slot not in approved]


def check_transfers_balance(transfers: list[Transfer]) -> list[str]:
    """Double entry: every transfer is positive and between two different organisations;
    the ledger lines they make net to zero by construction."""
    problems = []
    for t in transfers:
        if t.amount <= 0:
            problems.append(
                f"transfer {t.from_org}→{t.to_org} of {money_str(t.amount)} is not positive"
            )
        if t.from_org == t.to_org:
            problems.append(f"transfer from {t.from_org} to itself")
    return problems


def check_control_totals_neutral(changes: list[ControlTotalChange]) -> list[str]:
    """Moving control totals must leave the system control total unchanged ("net neutral")."""
    net = sum((c.change for c in changes), ZERO)
    return (
        []
        if net == 0
        else [
            f"control-total changes net to {money_str(net)}, not zero: "
            "the system control total would change"
        ]
    )


def round_control_totals(
    changes: list[ControlTotalChange], unit: Decimal = Decimal(1)
) -> list[ControlTotalChange]:
    """New control totals rounded to `unit` (whole pounds by default, £1k if the system
    chooses) by the largest-remainder rule: each is rounded down to the unit, then the units
    the rounding lost go one each to those with the largest remainders (ties by ODS code),
    so the changes still net to zero; if the old totals themselves carry pence, what no unit
    can absorb stays with the largest remainder. `check_control_totals_neutral` proves it."""
    if not changes:
        return []
    target = sum((c.before for c in changes), ZERO)
    floors = [(c.after / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for c in changes]
    remainders = [c.after - floor for c, floor in zip(changes, floors, strict=True)]
    short = target - sum(floors, ZERO)
    order = sorted(range(len(changes)), key=lambda i: (-remainders[i], changes[i].org_code))
    result = list(floors)
    for i in order:
        if short < unit:
            break
        result[i] += unit
        short -= unit
    result[order[0]] += short  # less than a unit: only when the old totals carry pence
    return [
        ControlTotalChange(c.org_code, c.before, after)
        for c, after in zip(changes, result, strict=True)
    ]


def calculate_basis_hash(basis: list[tuple[str, Decimal | None, Decimal | None, Decimal]]) -> str:
    """Hash of the figures a proposal was solved on: (org, forecast, control total,
    transfers) per partner. If any changes, the proposal must be re-solved."""
    rows = sorted(
        [
            code,
            None if f is None else money_str(f),
            None if c is None else money_str(c),
            money_str(t),
        ]
        for code, f, c, t in basis
    )
    return hashlib.sha256(json.dumps(rows, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True)
class Duties:
    """Separation of duties: by default the proposer can neither approve for the system
    nor enact, so no one person moves money alone (a system may relax it, deliberately)."""

    proposer_may_approve_for_system: bool = False
    proposer_may_enact: bool = False


@dataclass(frozen=True)
class Proposal:
    ref: str
    system_code: str
    financial_year: FinancialYear
    month: int
    kind: ProposalKind
    status: ProposalStatus
    title: str
    transfers: tuple[Transfer, ...]
    changes: tuple[ControlTotalChange, ...]
    explanation: tuple[str, ...]
    affected: tuple[str, ...]
    approvals: tuple[Approval, ...]
    basis_hash: str
    created_at: datetime
    created_by: str
    closed_at: datetime | None = None
    closed_by: str | None = None
    closing_reason: str | None = None

    @property
    def missing(self) -> list[str]:
        return missing_approvals(list(self.affected), list(self.approvals))


@dataclass(frozen=True)
class ProposalEvent:
    """What a lifecycle step records in the audit log."""

    action: str  # e.g. "proposal.rejected"
    by: str
    slot: str | None = None
    reason: str | None = None


def _require_open(proposal: Proposal, what: str) -> None:
    if proposal.status is not ProposalStatus.OPEN:
        raise ConflictError(
            f"proposal {proposal.ref} is {proposal.status.value}; only open proposals can be {what}"
        )


def decide(
    proposal: Proposal,
    slot: str,
    decision: Decision,
    by: str,
    at: datetime,
    reason: str | None = None,
    duties: Duties = Duties(),
    grantors: frozenset[str] = frozenset(),
) -> tuple[Proposal, ProposalEvent]:
    """Approve, or reject with a reason, for one slot. A rejection closes the proposal.
    `grantors` are who created the decider's account or granted their role: if the
    proposer is one of them, the decider may not approve (four eyes)."""
    _require_open(proposal, "decided")
    if decision is Decision.REJECT and not (reason or "").strip():
        raise OpenbookError("a rejection needs a reason", hint="say why you reject it")
    require_length(reason, "the reason", MAX_REASON)
    if slot != SYSTEM_LEAD and slot not in proposal.affected:
        raise ForbiddenError(
            f"{slot} is not affected by proposal {proposal.ref}; "
            f"affected: {', '.join(proposal.affected)}"
        )
    proposer_for_system = slot == SYSTEM_LEAD and by == proposal.created_by
    if proposer_for_system and not duties.proposer_may_approve_for_system:
        raise ForbiddenError(
            f"{by} proposed {proposal.ref}, so another system finance lead must approve it "
            "for the system (separation of duties)"
        )
    if decision is Decision.APPROVE:
        _check_not_granted_by_proposer(proposal, by, grantors)
    others = [a for a in proposal.approvals if a.slot != slot]
    if any(a.by == by for a in others):
        raise ForbiddenError(f"{by} has already decided {proposal.ref} for another slot")
    approval = Approval(slot, decision, by, (reason or "").strip() or None, at)
    decided = replace(proposal, approvals=(*others, approval))
    if decision is Decision.REJECT:
        decided = _closed(decided, ProposalStatus.REJECTED, by, at, approval.reason)
    return decided, ProposalEvent(f"proposal.{decision.past_tense}", by, slot, approval.reason)


def _check_not_granted_by_proposer(proposal: Proposal, by: str, grantors: frozenset[str]) -> None:
    if proposal.created_by in grantors:
        raise ForbiddenError(
            f"{proposal.created_by} proposed {proposal.ref} and created {by}'s account or "
            f"granted {by}'s role, so {by} may not approve or enact it (four eyes)"
        )


def withdraw(
    proposal: Proposal, by: str, at: datetime, reason: str
) -> tuple[Proposal, ProposalEvent]:
    """The proposer (or another system finance lead) takes an open proposal back."""
    _require_open(proposal, "withdrawn")
    if not reason.strip():
        raise OpenbookError("withdrawing needs a reason", hint="say why it is withdrawn")
    require_length(reason, "the reason for withdrawing", MAX_REASON)
    withdrawn = _closed(proposal, ProposalStatus.WITHDRAWN, by, at, reason.strip())
    return withdrawn, ProposalEvent("proposal.withdrawn", by, reason=reason.strip())


def enact(
    proposal: Proposal,
    by: str,
    at: datetime,
    duties: Duties = Duties(),
    grantors: frozenset[str] = frozenset(),
) -> tuple[Proposal, ProposalEvent]:
    """Every slot approved, the enactor is not the proposer (by default), and the proposer
    neither created the enactor's account nor granted their role."""
    _require_open(proposal, "enacted")
    if proposal.missing:
        raise ConflictError(
            f"proposal {proposal.ref} still needs the approval of {', '.join(proposal.missing)}"
        )
    if by == proposal.created_by and not duties.proposer_may_enact:
        raise ForbiddenError(
            f"{by} proposed {proposal.ref}, so someone else must enact it (separation of duties)"
        )
    _check_not_granted_by_proposer(proposal, by, grantors)
    return _closed(proposal, ProposalStatus.ENACTED, by, at), ProposalEvent("proposal.enacted", by)


def supersede(proposal: Proposal, at: datetime, why: str) -> tuple[Proposal, ProposalEvent]:
    """The figures it was solved on changed: it can no longer be enacted, so it is closed."""
    _require_open(proposal, "superseded")
    return _closed(proposal, ProposalStatus.SUPERSEDED, "openbook", at, why), ProposalEvent(
        "proposal.superseded", "openbook", reason=why
    )


def _closed(
    proposal: Proposal, status: ProposalStatus, by: str, at: datetime, reason: str | None = None
) -> Proposal:
    return replace(proposal, status=status, closed_at=at, closed_by=by, closing_reason=reason)
