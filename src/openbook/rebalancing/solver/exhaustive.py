"""An exhaustive year-end transfer solver for small systems, independent of the MIP.

It enumerates every set of arcs (giver -> receiver) in integer pence. A set of arcs is an
answer if every receiver it touches can be covered in full: each arc carries at least the
minimum transfer and at most what either side allows, no giver gives beyond its capacity.
For a fixed set of arcs that is a flow problem: lend each arc its minimum, then ask a max
flow (Edmonds-Karp, exact in whole pence) to cover what the receivers still need. The least
money for that set is its arcs' minimums plus what is still needed, and it has as many
transfers as arcs. The best set is chosen by the same order as the MIP: most funding, then
most rescues, then least money, then fewest transfers. Meant for up to 7 organisations.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from openbook.rebalancing.file import TransferOrganisation, TransferScenario
from openbook.rebalancing.solver.flow import max_flow

MAX_ORGANISATIONS = 7


@dataclass(frozen=True)
class ExhaustiveLevels:
    funding_earned: Decimal  # pounds
    money_moved: Decimal  # pounds
    transfers: int
    rescued: frozenset[str]


def _pence(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _capacity(o: TransferOrganisation) -> int:
    cap = o.headroom if o.max_give is None else min(o.headroom, o.max_give)
    return max(0, _pence(cap))


def _money(
    arcs: tuple[tuple[str, str], ...], cap: dict[str, int], need: dict[str, int], minimum: int
) -> int | None:
    """Least pence that covers every receiver the arcs touch, or None if it cannot."""
    out: dict[str, int] = {}
    into: dict[str, int] = {}
    for g, r in arcs:
        out[g] = out.get(g, 0) + 1
        into[r] = into.get(r, 0) + 1
    if any(cap[g] < minimum * n for g, n in out.items()):
        return None
    rest = {r: max(0, need[r] - minimum * n) for r, n in into.items()}
    flow = {("<s>", "g:" + g): cap[g] - minimum * n for g, n in out.items()}
    for g, r in arcs:
        flow[("g:" + g, "r:" + r)] = min(cap[g], need[r]) - minimum
    for r, n in rest.items():
        flow[("r:" + r, "<t>")] = n
    if max_flow(flow, "<s>", "<t>")[0] < sum(rest.values()):
        return None
    return minimum * len(arcs) + sum(rest.values())


def solve_exhaustive(scenario: TransferScenario) -> ExhaustiveLevels:
    if len(scenario.organisations) > MAX_ORGANISATIONS:
        raise ValueError(f"exhaustive solve is for at most {MAX_ORGANISATIONS} organisations")
    minimum = _pence(scenario.min_transfer)
    cap = {
        o.org_code: _capacity(o) for o in scenario.organisations if o.can_give and _capacity(o) > 0
    }
    need = {
        o.org_code: _pence(o.shortfall)
        for o in scenario.organisations
        if o.can_receive and o.shortfall > 0
    }
    funding = {o.org_code: o.sustainability_funding for o in scenario.organisations}
    candidates = [
        (g, r)
        for g in sorted(cap)
        for r in sorted(need)
        if g != r and min(cap[g], need[r]) >= max(minimum, 1)
    ]
    best: tuple[Decimal, int, int, int] = (Decimal(0), 0, 0, 0)
    best_rescued: frozenset[str] = frozenset()
    for size in range(1, len(candidates) + 1):
        for arcs in itertools.combinations(candidates, size):
            money = _money(arcs, cap, need, minimum)
            if money is None:
                continue
            rescued = frozenset(r for _, r in arcs)
            earned = sum((funding[r] for r in rescued), Decimal(0))
            key = (-earned, -len(rescued), money, size)
            if key < best:
                best, best_rescued = key, rescued
    return ExhaustiveLevels(-best[0], Decimal(best[2]) / 100, best[3], best_rescued)


def least_largest_share(scenario: TransferScenario, arcs: list[tuple[str, str]]) -> float:
    """For a set of arcs that covers its receivers: the smallest u such that every receiver
    is covered with the least money while no giver gives more than u of its capacity, found
    by bisection on u with an exact flow in pence (the tie-break's target, found without
    the MIP or its LP)."""
    minimum = max(1, _pence(scenario.min_transfer))
    cap = {o.org_code: _capacity(o) for o in scenario.organisations if o.can_give}
    need = {o.org_code: _pence(o.shortfall) for o in scenario.organisations}

    def feasible(u: float) -> bool:
        scaled = {g: int(u * c) for g, c in cap.items()}
        return _money(tuple(arcs), scaled, need, minimum) is not None

    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (low, middle) if feasible(middle) else (middle, high)
    return high
