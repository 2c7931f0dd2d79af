"""Solving, proposing and deciding as a signed-in user: the permission rules of
`openbook.kernel.access` applied before the proposal services run.

The web pages and the REST API both come through here, so a rule is enforced once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.kernel.access import (
    Principal,
    approval_slot,
    can_approve_for,
    can_propose,
)
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, OpenbookError
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.model import Decision, ProposalKind
from openbook.rebalancing.proposal import ApprovalBy, ProposalView, decide, enact
from openbook.rebalancing.solve import solve_control_totals_from_store, solve_transfers_from_store


def _require_lead(user: Principal, what: str) -> None:
    if not can_propose(user):
        raise ForbiddenError(f"only the system finance lead may {what}")


def solve_as(
    db: Database,
    user: Principal,
    kind: ProposalKind,
    system_code: str,
    year: FinancialYear,
    month: int,
    *,
    min_transfer: Decimal = Decimal(0),
    willing: set[str] | None = None,
    propose: bool = False,
) -> tuple[dict[str, Any], ProposalView | None]:
    """Solve on the stored positions; with `propose`, record the answer as a proposal."""
    _require_lead(user, "solve and propose")
    if min_transfer < 0:
        raise OpenbookError("the minimum transfer cannot be negative")
    propose_as = user.username if propose else None
    if kind is ProposalKind.TRANSFERS:
        return solve_transfers_from_store(
            db, system_code, year, month, min_transfer, propose_as=propose_as
        )
    return solve_control_totals_from_store(
        db, system_code, year, month, willing or set(), propose_as=propose_as
    )


def decide_as(
    db: Database, user: Principal, ref: str, decision: Decision, reason: str | None = None
) -> ProposalView:
    """Approve or reject for the slot the user decides for (their organisation, or the
    system); anyone else is refused."""
    slot = approval_slot(user)
    if slot is None or not can_approve_for(user, slot):
        raise ForbiddenError(
            "only an approver of an affected organisation or the system finance lead may decide"
        )
    return decide(db, ref, ApprovalBy(user.username, slot), decision, reason)


def enact_as(
    db: Database, user: Principal, ref: str, idempotency_key: str | None = None
) -> ProposalView:
    _require_lead(user, "enact a proposal")
    return enact(db, ref, user.username, idempotency_key)


def may_decide(user: Principal, view: ProposalView) -> bool:
    """Whether the user has a decision still to make on this open proposal."""
    slot = approval_slot(user)
    return (
        slot is not None
        and view.status.value == "open"
        and slot in view.missing
        and can_approve_for(user, slot)
    )
