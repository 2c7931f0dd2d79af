"""Results of a transfer solve: positions recomputed from the transfers alone, an
independent check, and an explanation a director of finance can read."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openbook.kernel.money import ZERO, format_k, money_str
from openbook.rebalancing.file import TransferOrganisation, TransferScenario
from openbook.rebalancing.solver.transfers import Transfer


@dataclass(frozen=True)
class OrganisationOutcome:
    org_code: str
    position_before: Decimal
    position_after: Decimal
    control_total: Decimal
    sustainability_funding: Decimal

    @property
    def meets_control_total(self) -> bool:
        return self.position_after >= self.control_total

    @property
    def funding_earned(self) -> Decimal:
        return self.sustainability_funding if self.meets_control_total else ZERO


def calculate_outcomes(
    scenario: TransferScenario, transfers: tuple[Transfer, ...]
) -> list[OrganisationOutcome]:
    net = {o.org_code: ZERO for o in scenario.organisations}
    for t in transfers:
        net[t.from_org] -= t.amount
        net[t.to_org] += t.amount
    return [
        OrganisationOutcome(
            o.org_code,
            o.forecast_outturn,
            o.forecast_outturn + net[o.org_code],
            o.control_total,
            o.sustainability_funding,
        )
        for o in scenario.organisations
    ]


def funding_earned(outcomes: list[OrganisationOutcome]) -> Decimal:
    return sum((o.funding_earned for o in outcomes), ZERO)


def check_transfers(scenario: TransferScenario, transfers: tuple[Transfer, ...]) -> list[str]:
    """Every rule, checked from scratch: nets to zero, only allowed givers and receivers,
    no giver below its control total or above its cap, minimum size, funding not lost."""
    problems = []
    orgs = {o.org_code: o for o in scenario.organisations}
    for t in transfers:
        giver, receiver = orgs.get(t.from_org), orgs.get(t.to_org)
        if giver is None or receiver is None or t.from_org == t.to_org:
            problems.append(
                f"transfer {t.from_org}→{t.to_org} is between unknown or equal organisations"
            )
            continue
        if not giver.can_give or not receiver.can_receive:
            problems.append(f"transfer {t.from_org}→{t.to_org} breaks who may give or receive")
        if t.amount <= 0 or t.amount < scenario.min_transfer:
            problems.append(
                f"transfer {t.from_org}→{t.to_org} of {money_str(t.amount)} is "
                "below the minimum transfer"
            )
    outcomes = calculate_outcomes(scenario, transfers)
    if sum((o.position_after - o.position_before for o in outcomes), ZERO) != 0:
        problems.append("transfers do not net to zero")
    for outcome in outcomes:
        org = orgs[outcome.org_code]
        given = sum((t.amount for t in transfers if t.from_org == org.org_code), ZERO)
        if given > 0 and org.forecast_outturn - given < org.control_total:
            problems.append(f"{org.org_code} would give below its own control total")
        if org.max_give is not None and given > org.max_give:
            problems.append(f"{org.org_code} would give more than its cap")
    if funding_earned(outcomes) < funding_earned(calculate_outcomes(scenario, ())):
        problems.append("the transfers earn less sustainability funding than doing nothing")
    return problems


def _k(amount: Decimal) -> str:
    return format_k(amount)


def explain_transfers(
    scenario: TransferScenario,
    transfers: tuple[Transfer, ...],
    outcomes: list[OrganisationOutcome],
    suppressed: tuple[Transfer, ...] | None = None,
) -> list[str]:
    lines = []
    short = [o for o in scenario.organisations if o.shortfall > 0]
    headroom = sum(
        (
            o.headroom if o.max_give is None else min(o.headroom, o.max_give)
            for o in scenario.organisations
            if o.can_give
        ),
        ZERO,
    )
    if not short:
        return ["Every organisation already meets its control total: nothing needs to move."]
    lines.append(
        f"{len(short)} organisation(s) forecast below control total, short by "
        f"{_k(sum((o.shortfall for o in short), ZERO))} in all; those ahead have "
        f"{_k(headroom)} of headroom they could give (within what each is willing to give)."
    )
    for t in transfers:
        lines.append(f"{t.from_org} gives {_k(t.amount)} to {t.to_org}.")
    if transfers:
        lines.append(_why_this_split(scenario, transfers))
    limited = [o for o in scenario.organisations if o.max_give is not None and o.headroom > 0]
    for o in limited:
        given = sum((t.amount for t in transfers if t.from_org == o.org_code), ZERO)
        lines.append(
            f"{o.org_code} is willing to give up to {_k(o.max_give or ZERO)} of its "
            f"{_k(o.headroom)} headroom and gives {_k(given)}."
        )
    if suppressed is not None:
        gain = funding_earned(calculate_outcomes(scenario, suppressed)) - funding_earned(outcomes)
        lines.append(
            f"No transfer is proposed: the best answer ({len(suppressed)} transfer(s), "
            f"{_k(sum((t.amount for t in suppressed), ZERO))} moved) would earn only "
            f"{_k(gain)} more sustainability funding, below the materiality threshold of "
            f"{_k(scenario.materiality)}."
        )
    met = {o.org_code for o in outcomes if o.meets_control_total}
    for org in short if suppressed is None else ():
        if org.org_code in met:
            lines.append(
                f"{org.org_code} is rescued: it meets its control total and earns "
                f"{_k(org.sustainability_funding)} of sustainability funding."
            )
        else:
            lines.append(_why_not(org, headroom))
    before, after = funding_earned(calculate_outcomes(scenario, ())), funding_earned(outcomes)
    lines.append(
        f"Sustainability funding earned by the system: {_k(before)} without transfers, "
        f"{_k(after)} with them."
    )
    return lines


def _why_this_split(scenario: TransferScenario, transfers: tuple[Transfer, ...]) -> str:
    orgs = {o.org_code: o for o in scenario.organisations}
    shares = []
    for code in sorted({t.from_org for t in transfers}):
        o = orgs[code]
        could = o.headroom if o.max_give is None else min(o.headroom, o.max_give)
        given = sum((t.amount for t in transfers if t.from_org == code), ZERO)
        shares.append(f"{code} {given / could * 100:.1f}% of its {_k(could)}")
    return (
        "Why this split: among equally good answers, the givers linked by these transfers "
        "give in proportion to what each could give, as far as the transfers allow (no giver "
        "gives a larger share than it must): " + ", ".join(shares) + "; to the penny, a "
        "penny of rounding going to givers in ODS-code order, whatever order the "
        "organisations came in."
    )


def _why_not(org: TransferOrganisation, headroom: Decimal) -> str:
    if not org.can_receive:
        return f"{org.org_code} cannot be rescued: it may not receive transfers."
    if org.shortfall > headroom:
        return (
            f"{org.org_code} cannot be rescued: it is short by {_k(org.shortfall)} but only "
            f"{_k(headroom)} of headroom exists in the system."
        )
    return (
        f"{org.org_code} is not rescued: its shortfall of {_k(org.shortfall)} would use "
        "headroom that earns more funding rescuing others, or the rules (caps, minimum "
        "transfer) do not allow it."
    )


def transfer_result(
    scenario: TransferScenario,
    transfers: tuple[Transfer, ...],
    proven_optimal: bool,
    suppressed: tuple[Transfer, ...] | None = None,
) -> dict[str, Any]:
    """The documented result format."""
    outcomes = calculate_outcomes(scenario, transfers)
    everyone = all(o.meets_control_total for o in outcomes)
    return {
        "status": "optimal" if everyone else "partial",
        "proven_optimal": proven_optimal,
        "financial_year": scenario.financial_year.label,
        "transfers": [
            {"from": t.from_org, "to": t.to_org, "amount": money_str(t.amount)} for t in transfers
        ],
        "total_transferred": money_str(sum((t.amount for t in transfers), ZERO)),
        "transfer_count": len(transfers),
        "sustainability_funding_earned": money_str(funding_earned(outcomes)),
        "materiality": money_str(scenario.materiality),
        "suppressed": None
        if suppressed is None
        else {
            "transfers": [
                {"from": t.from_org, "to": t.to_org, "amount": money_str(t.amount)}
                for t in suppressed
            ],
            "sustainability_funding_earned": money_str(
                funding_earned(calculate_outcomes(scenario, suppressed))
            ),
        },
        "organisations": [
            {
                "org_code": o.org_code,
                "position_before": money_str(o.position_before),
                "position_after": money_str(o.position_after),
                "control_total": money_str(o.control_total),
                "meets_control_total": o.meets_control_total,
                "sustainability_funding_earned": money_str(o.funding_earned),
            }
            for o in outcomes
        ],
        "explanation": explain_transfers(scenario, transfers, outcomes, suppressed),
    }
