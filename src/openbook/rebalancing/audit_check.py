"""Deep verification of proposals: each proposal's status and each slot's decision, against
the events of its lifecycle (`proposal.created` opens it; a rejection, withdrawal,
supersession or enactment records the status it left it in; `proposal.approved` and
`proposal.rejected` record each slot's decision and who made it).

Reads its tables directly: a check that goes round the store's own functions would trust
what it is meant to check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.kernel.audit_deep import AuditedEvent, StateDifference
from openbook.rebalancing.model import Decision, ProposalStatus
from openbook.rebalancing.tables import ProposalApprovalRow, ProposalRow

DECISIONS = {f"proposal.{d.past_tense}": d for d in Decision}


@dataclass
class Lifecycle:
    status: str = ProposalStatus.OPEN.value
    decisions: dict[str, tuple[str, str]] = field(default_factory=dict)  # slot: (decision, by)


def _recorded(events: Sequence[AuditedEvent]) -> dict[str, Lifecycle]:
    proposals: dict[str, Lifecycle] = {}
    for event in events:
        if event.entity != "proposal":
            continue
        ref, _, slot = event.entity_id.partition("/")  # 'QVV-201718-P001/RD3' for a decision
        if event.action == "proposal.created":
            proposals[ref] = Lifecycle()
            continue
        lifecycle = proposals.setdefault(ref, Lifecycle(status="(no proposal.created event)"))
        after = event.after if isinstance(event.after, dict) else {}
        decision = DECISIONS.get(event.action)
        if decision is not None:
            lifecycle.decisions[str(after.get("slot", slot))] = (decision.value, event.actor)
            if decision is Decision.REJECT:
                lifecycle.status = ProposalStatus.REJECTED.value
        elif "status" in after:
            lifecycle.status = str(after["status"])
    return proposals


class ProposalCheck:
    name = "proposal states and decisions"

    def __call__(self, session: Session, events: Sequence[AuditedEvent]) -> list[StateDifference]:
        recorded = _recorded(events)
        rows = {row.ref: row for row in session.scalars(select(ProposalRow))}
        decisions: dict[int, dict[str, tuple[str, str]]] = {}
        for approval in session.scalars(select(ProposalApprovalRow)):
            slots = decisions.setdefault(approval.proposal_id, {})
            slots[approval.slot] = (approval.decision, approval.decided_by)
        differences = []
        for ref in sorted(recorded.keys() | rows.keys()):
            row, lifecycle = rows.get(ref), recorded.get(ref)
            for message in _compare(row, lifecycle, decisions):
                differences.append(StateDifference(self.name, ref, message))
        return differences


def _compare(
    row: ProposalRow | None,
    lifecycle: Lifecycle | None,
    decisions: dict[int, dict[str, tuple[str, str]]],
) -> list[str]:
    if row is None:
        return ["the events record this proposal but the table has no row (deleted?)"]
    if lifecycle is None:
        return [f"the table holds it ({row.status}) but no event records it"]
    messages = []
    if row.status != lifecycle.status:
        messages.append(f"the table says {row.status}; the events record {lifecycle.status}")
    held = decisions.get(row.id, {})
    for slot in sorted(held.keys() | lifecycle.decisions.keys()):
        mine, theirs = held.get(slot), lifecycle.decisions.get(slot)
        if mine != theirs:
            messages.append(
                f"slot {slot}: the table holds {_decision(mine)}; "
                f"the events record {_decision(theirs)}"
            )
    return messages


def _decision(value: tuple[str, str] | None) -> str:
    return "no decision" if value is None else f"{value[0]} by {value[1]}"
