"""Handing a plan to the rebalancing engine: each year's targets shared so that no saving
asked is beyond the achievable CIP, the system total unchanged, savings carried forward."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openbook.planning.report import read_scenario_file, share_scenario
from openbook.rebalancing.solve import solve_control_totals_data

EXAMPLES = Path(__file__).parents[2] / "examples" / "planning"
TWO_TRUSTS = EXAMPLES / "sharing_two_trusts.json"


def _share(path: Path, willing: set[str] | None = None) -> dict:
    return share_scenario(read_scenario_file(path), solve_control_totals_data, willing)


def test_dorset_within_four_percent_is_not_shared() -> None:
    shared = _share(EXAMPLES / "dorset_one_percent.json")
    assert [y["status"] for y in shared["years"]] == ["not_needed"] * 3
    for year in shared["years"]:
        assert all(o["change"] == "0.00" for o in year["organisations"])
        assert all(o["annual_cip_pct_before"] <= 4 for o in year["organisations"])


def test_a_trust_beyond_four_percent_is_relieved_and_the_total_is_unchanged() -> None:
    shared = _share(TWO_TRUSTS)
    first = shared["years"][0]
    rbd, rdz = first["organisations"]
    assert (first["status"], rbd["org_code"], rbd["annual_cip_pct_before"]) == (
        "optimal",
        "RBD",
        7.78,
    )
    assert Decimal(rbd["change"]) < 0 < Decimal(rdz["change"])
    for year in shared["years"]:
        targets = sum(Decimal(o["shared_target"]) for o in year["organisations"])
        assert targets == Decimal(year["system_target"])
        assert all(o["annual_cip_pct_shared"] <= 4 for o in year["organisations"])


def test_the_next_year_starts_from_the_shared_target() -> None:
    """RBD was relieved in 2018/19, so back on its own target in 2019/20 it must save
    what it did not save the year before: more than the plan's annual figure."""
    shared = _share(TWO_TRUSTS)
    second = shared["years"][1]["organisations"][0]
    assert second["org_code"] == "RBD"
    assert second["annual_cip_pct_before"] > 7.78


def test_nobody_willing_to_take_on_leaves_a_shortfall_and_the_targets() -> None:
    shared = _share(TWO_TRUSTS, willing={"RBD"})
    first = shared["years"][0]
    assert first["status"] == "infeasible"
    assert Decimal(first["shortfall"]) > 0
    assert all(o["change"] == "0.00" for o in first["organisations"])
    assert "short by" in first["explanation"][0]
