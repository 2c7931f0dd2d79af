"""Year-end transfers: each objective level on a case where a naive answer is wrong, the
rules, the Dorset story, and properties that must hold for any scenario."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.kernel.period import FinancialYear
from openbook.rebalancing.file import TransferOrganisation, TransferScenario
from openbook.rebalancing.solver.engine import solve_transfers
from openbook.rebalancing.solver.result import calculate_outcomes, check_transfers, funding_earned
from openbook.rebalancing.solver.transfers import Transfer

M = Decimal(1_000_000)
EXAMPLES = Path(__file__).parents[3] / "examples" / "scenarios"


def org(
    code: str, forecast: str, control_total: str, funding: str = "0", **rules: Any
) -> TransferOrganisation:
    return TransferOrganisation(
        code, Decimal(forecast) * M, Decimal(control_total) * M, Decimal(funding) * M, **rules
    )


def scenario(*orgs: TransferOrganisation, min_transfer: str = "0") -> TransferScenario:
    return TransferScenario(FinancialYear(2017), orgs, Decimal(min_transfer) * M)


def transfers_of(result: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(t["from"], t["to"], t["amount"]) for t in result["transfers"]}


def test_dorset_2017_18_two_givers_one_receiver() -> None:
    from openbook.rebalancing.file import parse_transfer_scenario

    data = json.loads((EXAMPLES / "transfers_dorset_2017_18.json").read_text())
    parsed, issues = parse_transfer_scenario(data, "dorset.json")
    assert issues == [] and parsed is not None
    result = solve_transfers(parsed)
    assert result["status"] == "optimal" and result["proven_optimal"]
    assert {t["from"] for t in result["transfers"]} == {"RDZ", "RDY"}
    assert {t["to"] for t in result["transfers"]} == {"RD3"}
    assert result["total_transferred"] == "1500000.00" and result["transfer_count"] == 2
    assert all(o["meets_control_total"] for o in result["organisations"])


def test_level_1_two_small_rescues_beat_the_largest_deficit() -> None:
    # Naive: rescue the largest deficit (A) with the £1m of headroom: £1.0m funding earned.
    # Right: B and C together fit the same headroom and earn £1.6m.
    result = solve_transfers(
        scenario(
            org("G", "1.0", "0"),
            org("A", "-0.9", "0", "1.0"),
            org("B", "-0.5", "0", "0.8"),
            org("C", "-0.5", "0", "0.8"),
        )
    )
    assert result["sustainability_funding_earned"] == "1600000.00"
    assert {t[1] for t in transfers_of(result)} == {"B", "C"}
    assert result["status"] == "partial"
    assert any(line.startswith("A is not rescued") for line in result["explanation"])


def test_level_2_equal_funding_moves_the_least_money() -> None:
    result = solve_transfers(
        scenario(org("G", "0.7", "0"), org("A", "-0.6", "0", "1.0"), org("B", "-0.4", "0", "1.0"))
    )
    assert transfers_of(result) == {("G", "B", "400000.00")}


def test_level_3_fewest_transfers_beats_greedy_pairing() -> None:
    # Greedy (largest surplus to largest deficit) needs 4 transfers; 3 are enough.
    result = solve_transfers(
        scenario(
            org("G1", "0.7", "0"),
            org("G2", "0.5", "0"),
            org("G3", "0.3", "0"),
            org("R1", "-0.8", "0", "1"),
            org("R2", "-0.7", "0", "1"),
        )
    )
    assert result["transfer_count"] == 3
    assert result["total_transferred"] == "1500000.00"
    assert ("G1", "R2", "700000.00") in transfers_of(result)


def test_caps_and_who_may_give_are_respected() -> None:
    result = solve_transfers(
        scenario(
            org("G1", "1.0", "0", can_give=False),
            org("G2", "1.0", "0", max_give=Decimal(300_000)),
            org("R", "-0.5", "0", "1"),
        )
    )
    assert result["status"] == "partial" and result["transfers"] == []


def test_minimum_transfer_size() -> None:
    result = solve_transfers(
        scenario(
            org("G1", "0.45", "0"),
            org("G2", "0.1", "0"),
            org("R", "-0.5", "0", "1"),
            min_transfer="0.2",
        )
    )
    assert result["transfers"] == []  # G2's 0.1 is below the minimum; G1 alone is not enough
    assert result["status"] == "partial"
    assert any(
        line.startswith("R is not rescued") and "minimum transfer" in line
        for line in result["explanation"]
    )


def test_not_enough_headroom_says_who_and_why() -> None:
    result = solve_transfers(scenario(org("G", "0.2", "0"), org("R", "-1.0", "0", "2")))
    assert result["status"] == "partial"
    assert (
        "R cannot be rescued: it is short by £1,000k but only £200k of headroom exists "
        "in the system." in result["explanation"]
    )


amount = st.integers(min_value=-30, max_value=30).map(lambda n: Decimal(n) * 100_000)
funding = st.integers(min_value=0, max_value=5).map(lambda n: Decimal(n) * 1_000_000)
organisations = st.lists(st.tuples(amount, amount, funding), min_size=2, max_size=6)


def build(items: list[tuple[Decimal, Decimal, Decimal]]) -> TransferScenario:
    return TransferScenario(
        FinancialYear(2017),
        tuple(TransferOrganisation(f"O{i}", f, c, s) for i, (f, c, s) in enumerate(items)),
    )


def best_funding_by_enumeration(s: TransferScenario) -> Decimal:
    """Without caps or minimum sizes, a set of receivers can be rescued iff their
    shortfalls fit in the givers' headroom."""
    headroom = sum((o.headroom for o in s.organisations), Decimal(0))
    base = sum((o.sustainability_funding for o in s.organisations if o.shortfall == 0), Decimal(0))
    short = [o for o in s.organisations if o.shortfall > 0]
    best = Decimal(0)
    for size in range(len(short) + 1):
        for subset in itertools.combinations(short, size):
            if sum((o.shortfall for o in subset), Decimal(0)) <= headroom:
                best = max(best, sum((o.sustainability_funding for o in subset), Decimal(0)))
    return base + best


@given(organisations)
@settings(max_examples=40, deadline=None)
def test_properties_of_every_answer(items: list[tuple[Decimal, Decimal, Decimal]]) -> None:
    s = build(items)
    result = solve_transfers(s)
    transfers = tuple(
        Transfer(t["from"], t["to"], Decimal(t["amount"])) for t in result["transfers"]
    )
    outcomes = calculate_outcomes(s, transfers)
    assert sum(o.position_after for o in outcomes) == sum(o.position_before for o in outcomes)
    assert check_transfers(s, transfers) == []
    assert funding_earned(outcomes) >= funding_earned(calculate_outcomes(s, ()))
    assert Decimal(result["sustainability_funding_earned"]) == funding_earned(outcomes)
    assert funding_earned(outcomes) == best_funding_by_enumeration(s)
    for o, before in zip(outcomes, s.organisations, strict=True):
        gave = any(t.from_org == o.org_code for t in transfers)
        assert not gave or o.position_after >= before.control_total


def test_dorset_2017_18_split_does_not_depend_on_input_order() -> None:
    from dataclasses import replace

    from openbook.rebalancing.file import parse_transfer_scenario

    data = json.loads((EXAMPLES / "transfers_dorset_2017_18.json").read_text())
    parsed, _ = parse_transfer_scenario(data, "dorset.json")
    assert parsed is not None
    answers = {
        frozenset(transfers_of(solve_transfers(replace(parsed, organisations=order))))
        for order in itertools.islice(itertools.permutations(parsed.organisations), 24)
    }
    answers.add(
        frozenset(
            transfers_of(solve_transfers(replace(parsed, organisations=parsed.organisations[::-1])))
        )
    )
    assert len(answers) == 1
