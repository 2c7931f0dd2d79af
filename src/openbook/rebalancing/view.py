"""Reading proposals: each with whether the figures it was solved on have changed since."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from openbook.finance.position_report import SystemPosition, read_system_position
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.rebalancing import store as proposals
from openbook.rebalancing.model import Duties, Proposal, ProposalStatus, calculate_basis_hash
from openbook.rebalancing.tables import ProposalRow
from openbook.reference import store as reference_store


@dataclass(frozen=True)
class ProposalView(Proposal):
    stale: bool = False  # open, and the figures it was solved on have changed since
    duties: Duties = field(default_factory=Duties)  # the system's separation of duties
    preview: dict[str, Any] | None = None  # every partner before and after, when proposed


def basis_of(report: SystemPosition) -> str:
    """The figures a proposal rests on: each partner's forecast, control total, transfers."""
    return calculate_basis_hash(
        [
            (p.code, p.forecast_outturn if p.has_return else None, p.control_total, p.transfers)
            for p in report.organisations
        ]
    )


def current_basis(session: Session, proposal: Proposal) -> str:
    report = read_system_position(
        session, proposal.system_code, proposal.financial_year, proposal.month
    )
    return basis_of(report)


def duties_of(session: Session, system_code: str) -> Duties:
    settings = reference_store.get_system_settings(session, system_code)
    return Duties(settings.proposer_may_approve_for_system, settings.proposer_may_enact)


def view_of(
    proposal: Proposal,
    basis_now: str | None,
    duties: Duties | None = None,
    preview: dict[str, Any] | None = None,
) -> ProposalView:
    stale = proposal.status is ProposalStatus.OPEN and basis_now not in (None, proposal.basis_hash)
    return ProposalView(
        **{**vars(proposal), "stale": stale, "duties": duties or Duties(), "preview": preview}
    )


def get_row(session: Session, ref: str, for_update: bool = False) -> ProposalRow:
    row = proposals.get_proposal(session, ref, for_update=for_update)
    if row is None:
        raise NotFoundError(f"proposal {ref!r} is not known")
    return row


def get_proposal_view(db: Database, ref: str) -> ProposalView:
    with db.reading() as session:
        row = get_row(session, ref)
        proposal = proposals.to_proposal(session, row)
        return view_of(
            proposal,
            current_basis(session, proposal),
            duties_of(session, proposal.system_code),
            row.payload.get("preview"),
        )


def list_proposal_views(
    db: Database, system_code: str | None = None, status: ProposalStatus | None = None
) -> list[ProposalView]:
    with db.reading() as session:
        rows = proposals.list_proposals(
            session, system_code, None if status is None else status.value
        )
        return [view_of(proposals.to_proposal(session, row), None) for row in rows]
