"""Proposals and joint decisions: a solution becomes a proposal; every organisation it
affects, and the system finance lead, must approve it before it is enacted.

Pure rules only: who must approve, whether a proposal can be enacted, and the basis
hash that stops a proposal made on old figures from being enacted on new ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from openbook.kernel.money import ZERO, money_str

SYSTEM_LEAD = "SYSTEM"  # the approval slot of the system finance lead


class ProposalKind(StrEnum):
    TRANSFERS = "transfers"  # year-end money moved between organisations
    CONTROL_TOTALS = "control-totals"  # in-year control totals moved between partners


class ProposalStatus(StrEnum):
    OPEN = "open"  # waiting for approvals
    REJECTED = "rejected"  # someone affected said no, with a reason
    ENACTED = "enacted"  # written to the ledger / control totals


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


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
