"""Partners' limits ("willing to give up to £x", "willing to take on up to £x") and the
materiality threshold below which no change is proposed, and said so."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.kernel.error import InvalidDataError, OpenbookError
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.file import (
    ControlTotalOrganisation,
    ControlTotalScenario,
    Limits,
    TransferOrganisation,
    TransferScenario,
    parse_control_total_scenario,
    parse_limits,
    parse_transfer_scenario,
)
from openbook.rebalancing.solve import solve_transfers_data
from openbook.rebalancing.solver.control_totals import check_control_totals
from openbook.rebalancing.solver.engine import solve_control_totals, solve_transfers

EXAMPLES = Path(__file__).parents[3] / "examples" / "scenarios"
M = Decimal(1_000_000)
K = Decimal(1000)


def _dorset() -> dict[str, object]:
    data: dict[str, object] = json.loads((EXAMPLES / "transfers_dorset_2017_18.json").read_text())
    return data


def test_a_giver_gives_no_more_than_it_is_willing_to() -> None:
    # RDY has £800k of headroom but will give only £700k: RDZ (£900k) must give £800k
    result = solve_transfers_data(_dorset(), "dorset.json", Limits(max_give={"RDY": 700 * K}))
    given_by = {t["from"]: Decimal(t["amount"]) for t in result["transfers"]}
    assert given_by["RDY"] <= 700 * K and sum(given_by.values()) == 1500 * K
    assert "RDY is willing to give up to £700k of its £800k headroom and gives" in " ".join(
        result["explanation"]
    )
    # willing to give less than is needed in all: RD3 cannot be rescued, and is told why
    short = solve_transfers_data(_dorset(), "dorset.json", Limits(max_give={"RDY": 500 * K}))
    assert short["transfers"] == [] and short["status"] == "partial"
    assert any("only £1,400k of headroom" in line for line in short["explanation"])


def test_a_rescue_earning_less_than_the_materiality_threshold_is_not_proposed() -> None:
    orgs = (
        TransferOrganisation("RDY", 2 * M, 1 * M, Decimal(0)),
        TransferOrganisation("RD3", -Decimal("1.02") * M, -1 * M, 60 * K),
    )
    scenario = TransferScenario(FinancialYear(2017), orgs)  # materiality £100k by default
    result = solve_transfers(scenario)
    assert result["transfers"] == [] and result["suppressed"]["transfers"] == [
        {"from": "RDY", "to": "RD3", "amount": "20000.00"}
    ]
    assert (
        "No transfer is proposed: the best answer (1 transfer(s), £20k moved) would earn only "
        "£60k more sustainability funding, below the materiality threshold of £100k."
    ) in result["explanation"]
    every = solve_transfers(TransferScenario(FinancialYear(2017), orgs, materiality=Decimal(0)))
    assert every["transfer_count"] == 1 and every["suppressed"] is None


def _cip_case(materiality: Decimal = 100 * K, **b: object) -> ControlTotalScenario:
    """A at 3.92% and B at 3.90% of £100m: the best move is £10k from A to B, for a
    largest CIP of 3.92% → 3.91%."""
    return ControlTotalScenario(
        FinancialYear(2018),
        (
            ControlTotalOrganisation("A", 100 * M, Decimal(0), Decimal("3.92") * M),
            ControlTotalOrganisation(
                "B", 100 * M, Decimal(0), Decimal("3.90") * M, willing_to_exceed=True, **b
            ),  # type: ignore[arg-type]
        ),
        materiality,
    )


def test_an_immaterial_rebalancing_proposes_nothing_and_says_why() -> None:
    result = solve_control_totals(_cip_case())
    assert all(o["change"] == "0.00" for o in result["organisations"])
    assert abs(Decimal(result["suppressed"]["money_moved"]) - 10 * K) < 1
    assert (
        "No change is proposed: the best rebalancing would move only £10k of control total, "
        "below the materiality threshold of £100k, for a largest CIP of 3.92% → 3.91%; every "
        "CIP is already within its credible maximum."
    ) in result["explanation"]
    material = solve_control_totals(_cip_case(Decimal(0)))
    change = {o["org_code"]: Decimal(o["change"]) for o in material["organisations"]}
    assert abs(change["B"] - 10 * K) < 1 and change["A"] == -change["B"]


def test_a_small_change_that_is_needed_is_proposed_anyway() -> None:
    needed = ControlTotalScenario(
        FinancialYear(2018),
        (
            ControlTotalOrganisation("A", 100 * M, Decimal(0), Decimal("4.01") * M),
            ControlTotalOrganisation(
                "B", 100 * M, Decimal(0), Decimal(3) * M, Decimal(4), True, 10 * K
            ),
        ),
    )  # A is beyond 4%; B will take on only £10k, which brings A back to 4.00%
    result = solve_control_totals(needed)
    assert result["suppressed"] is None
    assert any("without it a CIP would stay beyond" in line for line in result["explanation"])


def test_an_organisation_takes_on_no_more_than_it_is_willing_to() -> None:
    orgs = (
        ControlTotalOrganisation("A", 100 * M, -6 * M, Decimal(0)),
        ControlTotalOrganisation("B", 100 * M, Decimal(0), Decimal(0), Decimal(4), True, 1 * M),
        ControlTotalOrganisation("C", 100 * M, Decimal(0), Decimal(0), Decimal(4), True),
    )
    result = solve_control_totals(ControlTotalScenario(FinancialYear(2018), orgs))
    change = {o["org_code"]: Decimal(o["change"]) for o in result["organisations"]}
    # the largest CIP evens out at 2.5% (A relieved of £3.5m), B capped at £1m
    assert change["B"] == 1 * M and change["C"] == Decimal("2.5") * M
    assert "B is willing to take on up to £1,000k and takes on £1,000k." in result["explanation"]
    capped = ControlTotalScenario(FinancialYear(2018), (orgs[0], orgs[1]))
    infeasible = solve_control_totals(capped)
    assert infeasible["status"] == "infeasible" and infeasible["shortfall"] == "1000000.00"


limit_data = st.tuples(
    st.integers(50, 400),
    st.integers(-30, 10),
    st.integers(-5, 5),
    st.integers(1, 8).map(Decimal),
    st.booleans(),
    st.sampled_from([None, 0, 1, 2, 5]),
)


@given(st.lists(limit_data, min_size=2, max_size=6), st.sampled_from([0, 100_000, 5_000_000]))
@settings(max_examples=60, deadline=None)
def test_limits_and_materiality_always_hold(
    items: list[tuple[int, int, int, Decimal, bool, int | None]], materiality: int
) -> None:
    s = ControlTotalScenario(
        FinancialYear(2018),
        tuple(
            ControlTotalOrganisation(
                f"O{i}",
                opex * M,
                under * M / 10,
                ct * M / 10,
                p,
                w,
                None if take is None else take * M / 10,
            )
            for i, (opex, under, ct, p, w, take) in enumerate(items)
        ),
        Decimal(materiality),
    )
    result = solve_control_totals(s)
    new = {o["org_code"]: Decimal(o["new_control_total"]) for o in result["organisations"]}
    if result["status"] == "optimal":
        assert check_control_totals(s, new) == []
    moved = sum(max(Decimal(0), new[o.org_code] - o.control_total) for o in s.organisations)
    for o in s.organisations:
        if o.max_take_on is not None:
            assert new[o.org_code] - o.control_total <= o.max_take_on + Decimal("0.01")
    if 0 < moved < materiality:  # only when doing nothing leaves a CIP beyond credible
        assert any("without it a CIP would stay" in line for line in result["explanation"])


def test_limits_in_the_scenario_file_and_their_problems() -> None:
    data = {
        "financial_year": "2018/19",
        "organisations": [
            {
                "org_code": "RDY",
                "operating_expenditure": "1",
                "underlying_position": "0",
                "control_total": "0",
                "max_take_on": "-5",
            }
        ],
        "rules": {"materiality": "-1"},
    }
    _, issues = parse_control_total_scenario(data, "s.json")
    assert [str(i) for i in issues] == [
        "s.json:$.organisations[0].max_take_on: must not be negative",
        "s.json:$.rules.materiality: must not be negative",
    ]
    data["organisations"][0]["max_take_on"] = "250000"  # type: ignore[index]
    data["rules"] = {"materiality": "0"}
    parsed, _ = parse_control_total_scenario(data, "s.json")
    assert parsed is not None and parsed.materiality == 0
    assert parsed.organisations[0].max_take_on == 250 * K
    transfers, _ = parse_transfer_scenario(_dorset(), "dorset.json")
    assert transfers is not None and transfers.materiality == 100 * K  # the default


def test_limits_name_what_is_wrong() -> None:
    assert parse_limits("rdy=500000, RDZ=250000", "--max-give") == {
        "RDY": 500 * K,
        "RDZ": 250 * K,
    }
    with pytest.raises(OpenbookError, match="'RDZ' is not CODE=POUNDS"):
        parse_limits("RDY=5,RDZ", "--max-give")
    with pytest.raises(InvalidDataError, match=r"XYZ not in dorset\.json"):
        Limits(max_give={"XYZ": K}).apply(_dorset(), "dorset.json")


def test_a_system_sets_its_materiality_in_its_file() -> None:
    from openbook.reference.model.system_settings import parse_system_settings

    assert parse_system_settings(None)[0].materiality == 100 * K
    settings, problems = parse_system_settings({"materiality": 250000})
    assert problems == [] and settings.materiality == 250 * K
    assert parse_system_settings({"materiality": "lots"})[1] == [
        "materiality must be an amount of pounds, zero or more"
    ]
