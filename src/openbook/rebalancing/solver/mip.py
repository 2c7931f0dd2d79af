"""The year-end transfer MIP, built as arrays for HiGHS (no per-variable Python expressions).

Columns: one `rescued` binary per receiver, then one flow and one arc binary per possible
transfer. Amounts are in *units*: the greatest common divisor, in pence, of every capacity,
shortfall and the minimum transfer, so that amounts in whole £k are solved as small whole
numbers (a binary's feasibility tolerance times a shortfall then stays far below a unit,
which it did not in pence: a receiver could count as rescued a pound short).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import highspy
import numpy as np

from openbook.rebalancing.solver.highs import new_model

HALF = 0.5  # every level's objective is a whole number: it is fixed to within a half


@dataclass
class Problem:
    """Whole-number data of one solve, in ODS-code order (so the same problem gives the
    same model, and HiGHS the same answer, whatever order the organisations came in)."""

    capacity: dict[str, int]  # giver -> units it may give
    need: dict[str, int]  # receiver -> units short
    funding: dict[str, int]  # receiver -> funding units (its own divisor)
    minimum: int  # units
    unit: int  # pence per unit
    arcs: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.arcs = [
            (g, r)
            for g in sorted(self.capacity)
            for r in sorted(self.need)
            if g != r and min(self.capacity[g], self.need[r]) >= max(self.minimum, 1)
        ]

    def arc_cap(self, arc: tuple[str, str]) -> int:
        return min(self.capacity[arc[0]], self.need[arc[1]])


def problem_in_units(
    capacity: dict[str, int], need: dict[str, int], funding: dict[str, int], minimum: int
) -> Problem:
    """The problem with amounts (pence) divided by their greatest common divisor."""
    unit = math.gcd(*capacity.values(), *need.values(), max(minimum, 0)) or 1
    funding_unit = math.gcd(*funding.values()) or 1
    return Problem(
        {g: c // unit for g, c in sorted(capacity.items())},
        {r: n // unit for r, n in sorted(need.items())},
        {r: funding.get(r, 0) // funding_unit for r in sorted(need)},
        max(minimum, 0) // unit,
        unit,
    )


def fewest_arcs(caps: list[int], need: int) -> int:
    """The fewest arcs of these capacities that can cover `need` (all of them plus one if
    even all cannot, which forbids the rescue)."""
    covered = 0
    for count, cap in enumerate(sorted(caps, reverse=True), start=1):
        covered += cap
        if covered >= need:
            return count
    return len(caps) + 1


class Rows:
    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, lower: float, upper: float, terms: list[tuple[int, float]]) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.starts.append(len(self.index))
        for i, v in terms:
            self.index.append(i)
            self.value.append(v)
        return len(self.lower) - 1

    def into(self, h: highspy.Highs) -> None:
        h.addRows(
            len(self.lower),
            np.array(self.lower, dtype=np.float64),
            np.array(self.upper, dtype=np.float64),
            len(self.index),
            np.array(self.starts, dtype=np.int32),
            np.array(self.index, dtype=np.int32),
            np.array(self.value, dtype=np.float64),
        )


@dataclass
class Model:
    highs: highspy.Highs
    problem: Problem
    receivers: list[str]
    z: dict[str, int]  # column of each receiver's `rescued`
    x: dict[tuple[str, str], int]  # column of each arc's flow
    y: dict[tuple[str, str], int]  # column of each arc's binary
    weight: int  # funding units per rescue, so a rescue with no funding still counts

    @property
    def columns(self) -> int:
        return len(self.z) + 2 * len(self.x)

    def earned_terms(self) -> list[tuple[int, float]]:
        return [(c, float(self.problem.funding[r] * self.weight + 1)) for r, c in self.z.items()]

    def objective(self, terms: list[tuple[int, float]], sense: highspy.ObjSense) -> None:
        costs = np.zeros(self.columns)
        for i, v in terms:
            costs[i] = v
        h = self.highs
        h.changeColsCost(self.columns, np.arange(self.columns, dtype=np.int32), costs)
        h.changeObjectiveSense(sense)

    def add_row(self, lower: float, upper: float, terms: list[tuple[int, float]]) -> None:
        rows = Rows()
        rows.add(lower, upper, terms)
        rows.into(self.highs)


def _tolerance(problem: Problem) -> float:
    """Small enough that a binary within tolerance of 1, times the largest amount, is
    under a quarter of a unit; no tighter than 1e-9 (tighter breaks HiGHS numerically)."""
    largest = max([*problem.capacity.values(), *problem.need.values(), 1])
    return max(1e-9, min(1e-6, 0.25 / largest))


def build(problem: Problem) -> Model:
    h = new_model()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("presolve", "on")
    h.setOptionValue("mip_feasibility_tolerance", _tolerance(problem))
    receivers = sorted(problem.need)
    arcs = problem.arcs
    z = {r: i for i, r in enumerate(receivers)}
    x = {a: len(z) + i for i, a in enumerate(arcs)}
    y = {a: len(z) + len(arcs) + i for i, a in enumerate(arcs)}
    n = len(z) + 2 * len(arcs)
    upper = np.ones(n)
    for a, col in x.items():
        upper[col] = problem.arc_cap(a)  # tight: min(giver's capacity, receiver's shortfall)
    h.addCols(
        n, np.zeros(n), np.zeros(n), upper, 0, np.zeros(n + 1, dtype=np.int32),
        np.zeros(0, dtype=np.int32), np.zeros(0),
    )  # fmt: skip
    binaries = [*z.values(), *y.values()]
    h.changeColsIntegrality(
        len(binaries),
        np.array(binaries, dtype=np.int32),
        np.full(len(binaries), highspy.HighsVarType.kInteger.value, dtype=np.uint8),
    )
    rows = Rows()
    inf = highspy.kHighsInf
    m = problem.minimum
    # a transfer only ever goes to a receiver it rescues (any other would move money for
    # nothing, so no optimal answer has one): y <= z and m y <= x <= cap y
    for a in arcs:
        rows.add(-inf, 0, [(x[a], 1), (y[a], -problem.arc_cap(a))])
        if m > 0:
            rows.add(0, inf, [(x[a], 1), (y[a], -m)])
        rows.add(-inf, 0, [(y[a], 1), (z[a[1]], -1)])
    for g in sorted(problem.capacity):  # a giver never gives beyond what it may
        out = [(x[a], 1.0) for a in arcs if a[0] == g]
        if out and sum(problem.arc_cap(a) for a in arcs if a[0] == g) > problem.capacity[g]:
            rows.add(-inf, problem.capacity[g], out)
    for r in receivers:  # rescued only if what comes in covers the whole shortfall
        into = [a for a in arcs if a[1] == r]
        need = problem.need[r]
        if not into:
            h.changeColsBounds(1, np.array([z[r]], dtype=np.int32), np.zeros(1), np.zeros(1))
            continue
        rows.add(0, inf, [*((x[a], 1.0) for a in into), (z[r], -need)])
        if m <= 0:  # with no minimum size, no optimal answer gives more than needed
            rows.add(-inf, 0, [*((x[a], 1.0) for a in into), (z[r], -need)])
        # a cut: a rescue needs at least as many transfers as it takes of its largest
        # possible ones to cover the shortfall
        fewest = fewest_arcs([problem.arc_cap(a) for a in into], need)
        rows.add(0, inf, [*((y[a], 1.0) for a in into), (z[r], -fewest)])
    _break_symmetry(problem, rows, x, z)
    rows.into(h)
    return Model(h, problem, receivers, z, x, y, len(receivers) + 1)


def _break_symmetry(
    problem: Problem,
    rows: Rows,
    x: dict[tuple[str, str], int],
    z: dict[str, int],
) -> None:
    """Identical organisations are interchangeable: of two givers with the same capacity,
    the first in ODS order gives at least as much; of two receivers with the same shortfall
    and funding, the first is rescued if the second is. Swapping two such organisations'
    transfers maps any answer to one that keeps these, with the same objective values."""
    inf = highspy.kHighsInf
    by_cap: dict[int, list[str]] = {}
    for g, c in problem.capacity.items():
        by_cap.setdefault(c, []).append(g)
    for same in by_cap.values():
        for first, second in zip(sorted(same), sorted(same)[1:], strict=False):
            terms = [(x[a], 1.0) for a in problem.arcs if a[0] == first]
            terms += [(x[a], -1.0) for a in problem.arcs if a[0] == second]
            if terms:
                rows.add(0, inf, terms)
    by_need: dict[tuple[int, int], list[str]] = {}
    for r, n in problem.need.items():
        by_need.setdefault((n, problem.funding[r]), []).append(r)
    for same in by_need.values():
        for first, second in zip(sorted(same), sorted(same)[1:], strict=False):
            rows.add(0, inf, [(z[first], 1.0), (z[second], -1.0)])
