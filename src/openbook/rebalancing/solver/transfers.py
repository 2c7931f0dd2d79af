"""Year-end transfers: get as many organisations over the line as the money allows.

A mixed-integer programme, solved lexicographically with HiGHS:
1. maximise the sustainability funding the system earns (an organisation earns its
   funding only if its position after transfers meets its control total);
2. then move as little money as possible;
3. then use as few transfers as possible.
Each level is fixed (to within half a penny) before the next is optimised, so the answer
is optimal for (1), then (2) among those, then (3). Amounts are solved in pence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import highspy

from openbook.kernel.money import ZERO
from openbook.rebalancing.file import TransferOrganisation, TransferScenario
from openbook.rebalancing.solver.highs import new_model

HALF_PENNY = 0.5  # in pence: the tolerance when a level is fixed


@dataclass(frozen=True)
class Transfer:
    from_org: str
    to_org: str
    amount: Decimal


@dataclass(frozen=True)
class TransferSolution:
    transfers: tuple[Transfer, ...]
    proven_optimal: bool
    solve_seconds: float
    levels: tuple[dict[str, Any], ...] = ()  # certificate: objective, bound, status per level


def _pence(amount: Decimal) -> float:
    return float(amount * 100)


def givers(scenario: TransferScenario) -> list[TransferOrganisation]:
    return [
        o
        for o in scenario.organisations
        if o.can_give and o.headroom > 0 and (o.max_give is None or o.max_give > 0)
    ]


def receivers(scenario: TransferScenario) -> list[TransferOrganisation]:
    return [o for o in scenario.organisations if o.can_receive and o.shortfall > 0]


def _capacity(giver: TransferOrganisation) -> Decimal:
    return giver.headroom if giver.max_give is None else min(giver.headroom, giver.max_give)


@dataclass
class _Model:
    highs: highspy.Highs
    flows: dict[tuple[str, str], Any]
    arcs: dict[tuple[str, str], Any]
    rescued: dict[str, Any]


def _build(scenario: TransferScenario) -> _Model:
    h = new_model()
    h.setOptionValue("mip_rel_gap", 0.0)
    # a binary within 1e-6 of 1 times a shortfall of 1e8 pence let a receiver count as rescued
    # a pound short, so level 2's optimum was below the true one and level 3 lost answers
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    # built in ODS-code order, so the same problem gives the same answer (HiGHS is
    # deterministic for a given model) whatever order the organisations came in
    gs = sorted(givers(scenario), key=lambda o: o.org_code)
    rs = sorted(receivers(scenario), key=lambda o: o.org_code)
    minimum = _pence(scenario.min_transfer)
    flows, arcs = {}, {}
    for g in gs:
        for r in rs:
            if g.org_code == r.org_code:
                continue
            cap = min(_pence(_capacity(g)), _pence(r.shortfall))
            if cap + HALF_PENNY < minimum:
                continue
            key = (g.org_code, r.org_code)
            flows[key] = h.addVariable(lb=0, ub=cap)
            arcs[key] = h.addBinary()
            h.addConstr(flows[key] <= cap * arcs[key])
            h.addConstr(flows[key] >= minimum * arcs[key])
    for g in gs:  # a giver never drops below its own control total (nor its cap)
        out = [flows[k] for k in flows if k[0] == g.org_code]
        if out:
            h.addConstr(sum(out) <= _pence(_capacity(g)))
    rescued = {}
    for r in rs:  # rescued only if what comes in covers the whole shortfall
        rescued[r.org_code] = h.addBinary()
        inflow = [flows[k] for k in flows if k[1] == r.org_code]
        if inflow:
            h.addConstr(sum(inflow) >= _pence(r.shortfall) * rescued[r.org_code])
        else:
            h.addConstr(rescued[r.org_code] <= 0)
    return _Model(h, flows, arcs, rescued)


def _funding(scenario: TransferScenario, model: _Model) -> Any:
    # in whole units: pence of funding times (receivers + 1), plus one per rescue, so a rescue
    # with no funding riding on it is still preferred and the level can be fixed to within 1/2
    # (a weight of 1e-6 was below HiGHS's absolute gap and its feasibility tolerance)
    weight = len(model.rescued) + 1
    funding = {o.org_code: _pence(o.sustainability_funding) for o in scenario.organisations}
    return sum((funding[code] * weight + 1) * var for code, var in model.rescued.items())


def solve_transfers_mip(scenario: TransferScenario, time_limit: float = 30.0) -> TransferSolution:
    model = _build(scenario)
    h = model.highs
    h.setOptionValue("time_limit", time_limit)
    if not model.rescued or not model.flows:
        return TransferSolution((), True, 0.0)
    earned = _funding(scenario, model)
    h.maximize(earned)
    levels = [_certificate(h, "funding earned (pence × (receivers + 1) + rescues)")]
    h.addConstr(earned >= h.getInfo().objective_function_value - HALF_PENNY)
    moved = sum(model.flows.values())
    h.minimize(moved)
    levels.append(_certificate(h, "money moved (pence)"))
    h.addConstr(moved <= h.getInfo().objective_function_value + HALF_PENNY)
    h.minimize(sum(model.arcs.values()))
    levels.append(_certificate(h, "transfers"))
    solution = h.getSolution().col_value
    transfers = _round_transfers(scenario, model, solution)
    proven = all(level["status"] == "optimal" for level in levels)
    return TransferSolution(transfers, proven, h.getRunTime(), tuple(levels))


def _certificate(h: highspy.Highs, name: str) -> dict[str, Any]:
    """What the solver proved for one level: its objective, bound and model status."""
    info = h.getInfo()
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return {
        "level": name,
        "objective": info.objective_function_value,
        "bound": info.mip_dual_bound,
        "status": "optimal" if optimal else h.modelStatusToString(h.getModelStatus()),
    }


def _round_transfers(
    scenario: TransferScenario, model: _Model, values: list[float]
) -> tuple[Transfer, ...]:
    """Round each flow to whole pence; then top up any rescued receiver left a penny short
    from its largest giver's remaining headroom (stated rule; the check verifies it)."""
    amounts = {
        key: Decimal(round(values[var.index])) / 100
        for key, var in model.flows.items()
        if values[var.index] > HALF_PENNY
    }
    shortfalls = {r.org_code: r.shortfall for r in receivers(scenario)}
    caps = {g.org_code: _capacity(g) for g in givers(scenario)}
    for code, var in model.rescued.items():
        if values[var.index] < 0.5:
            continue
        incoming = {k: v for k, v in amounts.items() if k[1] == code}
        missing = shortfalls[code] - sum(incoming.values(), ZERO)
        if missing > 0 and incoming:
            key = max(incoming, key=lambda k: incoming[k])
            given = sum((v for k, v in amounts.items() if k[0] == key[0]), ZERO)
            amounts[key] += min(missing, caps[key[0]] - given)
    return tuple(Transfer(f, t, a) for (f, t), a in sorted(amounts.items()) if a > 0)
