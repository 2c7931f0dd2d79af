"""Proposals in the REST API: read every proposal, and approve or reject with a token."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Path, Query, Request
from pydantic import BaseModel, Field

from openbook.kernel.money import money_str
from openbook.rebalancing.decide import decide as decide_proposal
from openbook.rebalancing.enact import enact as enact_proposal
from openbook.rebalancing.file import Limits
from openbook.rebalancing.model import Decision, ProposalStatus
from openbook.rebalancing.solve import (
    solve_control_totals_data,
    solve_control_totals_from_store,
    solve_transfers_data,
    solve_transfers_from_store,
)
from openbook.rebalancing.view import ProposalView, get_proposal_view, list_proposal_views
from openbook.web.api.finance import ERRORS
from openbook.web.pages.period import parse_year
from openbook.web.security import ApiUser
from openbook.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


class TransferOut(BaseModel):
    from_org: str
    to_org: str
    amount: str


class ControlTotalChangeOut(BaseModel):
    org_code: str
    before: str
    after: str


class ApprovalOut(BaseModel):
    slot: str
    decision: str
    by: str
    reason: str | None


class ProposalOut(BaseModel):
    ref: str
    system_code: str
    financial_year: str
    month: int
    kind: str
    status: str
    title: str
    transfers: list[TransferOut]
    control_totals: list[ControlTotalChangeOut]
    explanation: list[str]
    affected: list[str]
    approvals: list[ApprovalOut]
    awaiting: list[str]
    stale: bool = Field(description="The figures it was solved on have changed since")
    closing_reason: str | None = Field(
        default=None, description="Why it was rejected, withdrawn or superseded"
    )
    preview: dict[str, Any] | None = Field(
        default=None,
        description="Every partner before and after, at the proposal's month, when proposed",
    )
    created_at: str
    created_by: str


class DecisionIn(BaseModel):
    decision: Literal["approve", "reject"]
    reason: str | None = Field(default=None, max_length=2000)


def proposal_out(view: ProposalView) -> ProposalOut:
    return ProposalOut(
        ref=view.ref,
        system_code=view.system_code,
        financial_year=view.financial_year.label,
        month=view.month,
        kind=view.kind.value,
        status=view.status.value,
        title=view.title,
        transfers=[
            TransferOut(from_org=t.from_org, to_org=t.to_org, amount=money_str(t.amount))
            for t in view.transfers
        ],
        control_totals=[
            ControlTotalChangeOut(
                org_code=c.org_code, before=money_str(c.before), after=money_str(c.after)
            )
            for c in view.changes
        ],
        explanation=list(view.explanation),
        affected=list(view.affected),
        approvals=[
            ApprovalOut(slot=a.slot, decision=a.decision.value, by=a.by, reason=a.reason)
            for a in view.approvals
        ],
        awaiting=view.missing if view.status is ProposalStatus.OPEN else [],
        closing_reason=view.closing_reason,
        preview=view.preview,
        stale=view.stale,
        created_at=view.created_at.isoformat(),
        created_by=view.created_by,
    )


@router.get("/proposals", summary="Every proposal, newest first")
def proposals(
    request: Request,
    _user: ApiUser,
    system_code: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{2,9}$")] = None,
    status: Annotated[ProposalStatus | None, Query()] = None,
) -> list[ProposalOut]:
    views = list_proposal_views(
        app_state(request).db, system_code.upper() if system_code else None, status
    )
    return [proposal_out(view) for view in views]


@router.get("/proposals/{ref}", summary="One proposal: what it moves, why, who has agreed")
def proposal(request: Request, _user: ApiUser, ref: str) -> ProposalOut:
    return proposal_out(get_proposal_view(app_state(request).db, ref))


@router.post(
    "/proposals/{ref}/decisions",
    summary="Approve or reject for the token user's organisation (or the system)",
)
def decide(
    request: Request, user: ApiUser, ref: str, body: Annotated[DecisionIn, Body()]
) -> ProposalOut:
    view = decide_proposal(app_state(request).db, ref, Decision(body.decision), user, body.reason)
    return proposal_out(view)


@router.post(
    "/proposals/{ref}/enactment",
    summary="Enact an approved proposal (system finance lead), exactly once",
    description="Send an `Idempotency-Key` header (8-64 letters, digits or dashes) to make "
    "the call safe to retry: a repeat with the same key answers with the first call's "
    "result instead of enacting again. Without one, a repeat is refused with 409.",
)
def enact(
    request: Request,
    user: ApiUser,
    ref: str,
    idempotency_key: Annotated[str | None, Header(pattern=r"^[A-Za-z0-9-]{8,64}$")] = None,
) -> ProposalOut:
    key = None if idempotency_key is None else f"api:{user.username}:{idempotency_key}"
    return proposal_out(enact_proposal(app_state(request).db, ref, user, key))


SCENARIO_HELP = (
    "A scenario in the documented format (docs/rebalance.md): per organisation its figures "
    "and limits (`max_give`, `max_take_on`), and `rules` (`min_transfer`, `materiality`, "
    "default 100000 pounds). The answer is checked independently before it is returned; "
    "nothing is stored."
)


@router.post(
    "/rebalance/transfers",
    summary="Solve year-end transfers for a scenario (most funding, least money, fewest)",
    description=SCENARIO_HELP,
)
def rebalance_transfers(
    _user: ApiUser, scenario: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    return solve_transfers_data(scenario, "scenario")


@router.post(
    "/rebalance/control-totals",
    summary="Solve control-total rebalancing for a scenario (smallest largest CIP)",
    description=SCENARIO_HELP,
)
def rebalance_control_totals(
    _user: ApiUser, scenario: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    return solve_control_totals_data(scenario, "scenario")


Amount = Annotated[str, Field(pattern=r"^\d{1,12}(\.\d{1,2})?$", examples=["500000"])]
FinancialYearText = Annotated[str, Field(pattern=r"^\d{4}/\d{2}$", examples=["2017/18"])]
MonthNumber = Annotated[int, Field(ge=1, le=12, description="1 (M1, April) to 12 (M12, March)")]


class StoredTransfersIn(BaseModel):
    year: FinancialYearText
    month: MonthNumber
    min_transfer: Amount = "0"
    max_give: dict[str, Amount] = Field(
        default_factory=dict, description="Per organisation: the most it is willing to give"
    )
    materiality: Amount | None = Field(
        default=None, description="Propose no change below this (default: the system's)"
    )


class StoredControlTotalsIn(BaseModel):
    year: FinancialYearText
    month: MonthNumber
    willing: list[str] = Field(
        default_factory=list, description="Organisations willing to exceed their control totals"
    )
    max_cip_pct: Annotated[str, Field(pattern=r"^\d{1,2}(\.\d{1,4})?$")] = "4"
    max_take_on: dict[str, Amount] = Field(
        default_factory=dict,
        description="Per organisation: the most control total it is willing to take on",
    )
    materiality: Amount | None = None


def _amounts(given: dict[str, str]) -> dict[str, Decimal]:
    return {code.upper(): Decimal(amount) for code, amount in given.items()}


STORED_HELP = (
    "Solves on the stored figures of the system for the month, exactly as `openbook "
    "rebalance ... --system CODE --year --month --format json` does, with the same limits; "
    "the answer is checked independently before it is returned. Nothing is stored (propose "
    "from the web page or the command line)."
)


@router.post(
    "/systems/{system_code}/rebalance/transfers",
    summary="Solve year-end transfers on a system's stored figures",
    description=STORED_HELP,
)
def rebalance_stored_transfers(
    request: Request,
    _user: ApiUser,
    system_code: Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,9}$")],
    body: Annotated[StoredTransfersIn, Body()],
) -> dict[str, Any]:
    limits = Limits(
        max_give=_amounts(body.max_give),
        materiality=None if body.materiality is None else Decimal(body.materiality),
    )
    result, _ = solve_transfers_from_store(
        app_state(request).db,
        system_code.upper(),
        parse_year(body.year),
        body.month,
        Decimal(body.min_transfer),
        limits=limits,
    )
    return result


@router.post(
    "/systems/{system_code}/rebalance/control-totals",
    summary="Solve control-total rebalancing on a system's stored figures",
    description=STORED_HELP,
)
def rebalance_stored_control_totals(
    request: Request,
    _user: ApiUser,
    system_code: Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,9}$")],
    body: Annotated[StoredControlTotalsIn, Body()],
) -> dict[str, Any]:
    limits = Limits(
        max_take_on=_amounts(body.max_take_on),
        materiality=None if body.materiality is None else Decimal(body.materiality),
    )
    result, _ = solve_control_totals_from_store(
        app_state(request).db,
        system_code.upper(),
        parse_year(body.year),
        body.month,
        {code.strip().upper() for code in body.willing if code.strip()},
        Decimal(body.max_cip_pct),
        limits=limits,
    )
    return result
