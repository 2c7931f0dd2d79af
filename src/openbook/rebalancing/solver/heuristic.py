"""Answers with few transfers for a given set of rescued receivers, found by packing: they
start the MIP's last level (a warm start), which then proves or improves them. Each answer
is checked here in whole units; none is trusted as optimal.
"""

from __future__ import annotations

from collections.abc import Callable

from openbook.rebalancing.solver.mip import Problem

Flows = dict[tuple[str, str], int]


def _place(
    problem: Problem, order: list[str], pick: Callable[[dict[str, int], int], str | None]
) -> Flows | None:
    """Each receiver in turn: whole from one giver chosen by `pick` if one can cover it,
    else split over the givers with most left, largest first (each piece at least the
    minimum, the last piece topped up to it from the one before)."""
    left = dict(problem.capacity)
    flows: Flows = {}
    m = max(problem.minimum, 1)
    for r in order:
        need = problem.need[r]
        whole = pick({g: c for g, c in left.items() if g != r and c >= need}, need)
        if whole is not None:
            flows[(whole, r)] = need
            left[whole] -= need
            continue
        pieces: list[tuple[str, int]] = []
        still = need
        for g in sorted(left, key=lambda g: (-left[g], g)):
            if still <= 0:
                break
            amount = min(left[g], still)
            if amount <= 0:
                break
            pieces.append((g, amount))
            still -= amount
        if still > 0:
            return None
        if pieces[-1][1] < m and len(pieces) > 1:
            short = m - pieces[-1][1]
            g0, a0 = pieces[-2]
            pieces[-2], pieces[-1] = (g0, a0 - short), (pieces[-1][0], m)
        if any(a < m or a > problem.arc_cap((g, r)) for g, a in pieces):
            return None
        for g, a in pieces:
            if a > left[g]:
                return None
            flows[(g, r)] = a
            left[g] -= a
    return flows


def _best_fit(candidates: dict[str, int], need: int) -> str | None:
    if not candidates:
        return None
    return min(candidates, key=lambda g: (candidates[g] - need, g))


def _worst_fit(candidates: dict[str, int], _need: int) -> str | None:
    if not candidates:
        return None
    return min(candidates, key=lambda g: (-candidates[g], g))


def _exact_first(candidates: dict[str, int], need: int) -> str | None:
    exact = [g for g, c in candidates.items() if c == need]
    return min(exact) if exact else _best_fit(candidates, need)


PICKS = (_exact_first, _best_fit, _worst_fit)


def few_transfers(problem: Problem, rescued: list[str], moved_at_most: float) -> Flows | None:
    """The answer with fewest transfers among a few packings that rescue exactly `rescued`
    and move no more than `moved_at_most` units, or None if none does."""
    if not rescued:
        return {}
    arcs = set(problem.arcs)
    orders = [
        sorted(rescued, key=lambda r: (-problem.need[r], r)),
        sorted(rescued, key=lambda r: (problem.need[r], r)),
    ]
    found = [_place(problem, order, pick) for order in orders for pick in PICKS]
    found.append(_largest_to_largest(problem, rescued))
    valid = [
        f for f in found if f is not None and set(f) <= arcs and sum(f.values()) <= moved_at_most
    ]
    return min(valid, key=len) if valid else None  # the first of the fewest, on a tie


def _largest_to_largest(problem: Problem, rescued: list[str]) -> Flows | None:
    """What a finance team does by hand: the giver with most left gives to the receiver
    with most still needed, until all are covered."""
    left = dict(problem.capacity)
    still = {r: problem.need[r] for r in rescued}
    flows: Flows = {}
    while still:
        g = min(left, key=lambda g: (-left[g], g))
        r = min(still, key=lambda r: (-still[r], r))
        amount = min(left[g], still[r])
        if amount < max(problem.minimum, 1) or (g, r) in flows:
            return None
        flows[(g, r)] = amount
        left[g] -= amount
        still[r] -= amount
        if still[r] == 0:
            del still[r]
    return flows


def canonical(problem: Problem, flows: Flows) -> Flows:
    """The same answer with identical organisations swapped into the order the MIP's
    symmetry breaking asks (solver/mip.py): of givers with the same capacity, those giving
    more first in ODS order; of receivers with the same shortfall and funding, the rescued
    first. A warm start that broke it would be refused."""
    rename: dict[str, str] = {}
    out: dict[str, int] = {}
    for (g, _), amount in flows.items():
        out[g] = out.get(g, 0) + amount
    by_cap: dict[int, list[str]] = {}
    for g, c in problem.capacity.items():
        by_cap.setdefault(c, []).append(g)
    for same in by_cap.values():
        ranked = sorted(same, key=lambda g: (-out.get(g, 0), g))
        rename.update(zip(ranked, sorted(same), strict=True))
    rescued = {r for _, r in flows}
    by_need: dict[tuple[int, int], list[str]] = {}
    for r, n in problem.need.items():
        by_need.setdefault((n, problem.funding[r]), []).append(r)
    for same in by_need.values():
        ranked = sorted(same, key=lambda r: (r not in rescued, r))
        rename.update(zip(ranked, sorted(same), strict=True))
    return {(rename.get(g, g), rename.get(r, r)): a for (g, r), a in flows.items()}
