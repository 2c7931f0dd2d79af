"""The MIP's three levels equal an independent exhaustive solve on random small systems."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.kernel.period import FinancialYear
from openbook.rebalancing.file import TransferOrganisation, TransferScenario
from openbook.rebalancing.solver.exhaustive import least_largest_share, solve_exhaustive
from openbook.rebalancing.solver.transfers import TransferSolution, solve_transfers_mip

K = Decimal(1000)


def _levels(scenario: TransferScenario, solution: TransferSolution) -> tuple[Decimal, Decimal, int]:
    orgs = {o.org_code: o for o in scenario.organisations}
    incoming: dict[str, Decimal] = {}
    for t in solution.transfers:
        incoming[t.to_org] = incoming.get(t.to_org, Decimal(0)) + t.amount
    earned = sum(
        (orgs[c].sustainability_funding for c, v in incoming.items() if v >= orgs[c].shortfall),
        Decimal(0),
    )
    moved = sum((t.amount for t in solution.transfers), Decimal(0))
    return earned, moved, len(solution.transfers)


@st.composite
def scenarios(draw: st.DrawFn) -> TransferScenario:
    n = draw(st.integers(2, 7))
    small = st.sampled_from([-6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6])  # ties are likely
    orgs = []
    for i in range(n):
        position = draw(small)
        cap = draw(st.sampled_from([None, None, 0, 1, 2, 3]))
        orgs.append(
            TransferOrganisation(
                f"R{i}",
                Decimal(position) * K,
                Decimal(0),
                Decimal(draw(st.sampled_from([0, 1, 2, 5]))) * K,
                can_give=draw(st.sampled_from([True, True, True, False])),
                can_receive=draw(st.sampled_from([True, True, True, False])),
                max_give=None if cap is None else Decimal(cap) * K,
            )
        )
    minimum = Decimal(draw(st.sampled_from([0, 0, 1, 2, 3]))) * K
    return TransferScenario(FinancialYear(2017), tuple(orgs), minimum)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_mip_levels_equal_the_exhaustive_solve(scenario: TransferScenario) -> None:
    exact = solve_exhaustive(scenario)
    solution = solve_transfers_mip(scenario)
    assert solution.proven_optimal, solution.levels
    assert _levels(scenario, solution) == (
        exact.funding_earned,
        exact.money_moved,
        exact.transfers,
    ), (
        scenario.min_transfer,
        [
            (o.forecast_outturn, o.sustainability_funding, o.can_receive, o.max_give)
            for o in scenario.organisations
        ],
        solution.transfers,
    )
    _assert_split_in_proportion(scenario, solution)


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_the_cpsat_last_level_equals_the_exhaustive_solve(scenario: TransferScenario) -> None:
    exact = solve_exhaustive(scenario)
    solution = solve_transfers_mip(scenario, last_level="cpsat")
    assert solution.proven_optimal, solution.levels
    assert _levels(scenario, solution) == (exact.funding_earned, exact.money_moved, exact.transfers)
    _assert_split_in_proportion(scenario, solution)


def _assert_split_in_proportion(scenario: TransferScenario, solution: TransferSolution) -> None:
    """The tie-break: in each group of linked givers and receivers, no giver gives a larger
    share of what it could give than the least possible largest share (found by the
    exhaustive module's bisection), but for a penny of rounding."""
    orgs = {o.org_code: o for o in scenario.organisations}
    arcs = [(t.from_org, t.to_org) for t in solution.transfers]
    groups: list[set[tuple[str, str]]] = []
    for arc in arcs:
        linked = [g for g in groups if any(a[0] == arc[0] or a[1] == arc[1] for a in g)]
        merged = {arc}.union(*linked)
        groups = [g for g in groups if g not in linked] + [merged]
    for group in groups:
        target = least_largest_share(scenario, sorted(group))
        for giver in {g for g, _ in group}:
            o = orgs[giver]
            could = o.headroom if o.max_give is None else min(o.headroom, o.max_give)
            given = sum(t.amount for t in solution.transfers if t.from_org == giver)
            assert given <= Decimal(target) * could + Decimal("0.01") + Decimal("1e-6") * could, (
                giver,
                given,
                target,
                could,
                solution.transfers,
            )


def test_nobody_rescuable_and_everybody_rescuable() -> None:
    def org(code: str, position: int, funding: int = 1) -> TransferOrganisation:
        return TransferOrganisation(code, Decimal(position) * K, Decimal(0), Decimal(funding) * K)

    nobody = TransferScenario(FinancialYear(2017), (org("A", 1), org("B", -5)), 2 * K)
    assert solve_exhaustive(nobody).transfers == 0
    assert _levels(nobody, solve_transfers_mip(nobody)) == (Decimal(0), Decimal(0), 0)
    everybody = TransferScenario(
        FinancialYear(2017), (org("A", 4), org("B", 3), org("C", -3), org("D", -4)), Decimal(0)
    )
    exact = solve_exhaustive(everybody)
    assert exact.rescued == {"C", "D"} and exact.money_moved == 7 * K and exact.transfers == 2
    assert _levels(everybody, solve_transfers_mip(everybody)) == (2 * K, 7 * K, 2)


def test_twelve_organisations_in_two_self_sufficient_groups_need_six_transfers() -> None:
    """The shape from issue 15: four givers exactly cover four receivers, and they split
    into at most two groups that cover themselves (8 - 2 = 6 arcs; no three-way split
    balances); one joined group needs 7."""

    def org(code: str, position: int, funding: int = 0) -> TransferOrganisation:
        return TransferOrganisation(code, Decimal(position) * K, Decimal(0), Decimal(funding) * K)

    positions = {"G1": 7, "G2": 3, "R1": -6, "R2": -4, "G3": 9, "G4": 2, "R3": -8, "R4": -3}
    orgs = [org(code, p, 1 if p < 0 else 0) for code, p in positions.items()]
    orgs += [org(f"N{i}", 0) for i in range(4)]  # on the line: neither give nor receive
    scenario = TransferScenario(FinancialYear(2017), tuple(orgs), Decimal(0))
    solution = solve_transfers_mip(scenario)
    assert solution.proven_optimal
    assert _levels(scenario, solution) == (4 * K, 21 * K, 6)
    _assert_split_in_proportion(scenario, solution)


def test_a_giver_gives_in_proportion_to_its_headroom() -> None:
    """Two givers of 3 and 1 share a receiver short by 2: they give 1.5 and 0.5 (75% each),
    not 2 and 0 nor 1 and 1."""

    def org(code: str, position: str, funding: int = 0) -> TransferOrganisation:
        return TransferOrganisation(code, Decimal(position) * K, Decimal(0), Decimal(funding) * K)

    scenario = TransferScenario(
        FinancialYear(2017), (org("B", "1"), org("A", "3"), org("C", "-2", 500)), Decimal(0)
    )
    # one giver alone cannot: A could cover 2 with one transfer, so fewest transfers wins
    solution = solve_transfers_mip(scenario)
    assert [(t.from_org, t.amount) for t in solution.transfers] == [("A", 2 * K)]
    tight = TransferScenario(
        FinancialYear(2017), (org("B", "1"), org("A", "3"), org("C", "-3.6", 500)), Decimal(0)
    )
    split = solve_transfers_mip(tight)  # 3.6 of 4: 90% each
    assert [(t.from_org, t.amount) for t in split.transfers] == [
        ("A", Decimal("2700.00")),
        ("B", Decimal("900.00")),
    ]
