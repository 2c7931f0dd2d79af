"""`openbook plan`: the issue's JSON shapes, exit codes and every problem on stderr."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app
from openbook.demo.planning import FLAT_CASH as DEMO_FLAT_CASH
from openbook.demo.planning import PLAN as DEMO_PLAN

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples" / "planning"
ONE_PERCENT = str(EXAMPLES / "dorset_one_percent.json")
FLAT = str(EXAMPLES / "dorset_flat_cash.json")
YEAR_KEYS = [
    "financial_year",
    "income",
    "pay",
    "non_pay",
    "do_nothing_position",
    "cip",
    "position",
    "gap",
    "cip_pct_required",
    "annual_cip_pct_required",
    "above_threshold",
    "financing",
    "income_by_source",
    "cip_in_year",
    "non_recurrent_cip",
    "cip_maturity",
    "non_recurrent_items",
    "non_recurrent",
    "reported_position",
    "bridge",
]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["plan", *args])
    return result.exit_code, result.stdout, result.stderr


def test_scenario_json_has_the_issues_shape_and_the_bridges_sum_to_the_gaps() -> None:
    code, out, _ = run("scenario", ONE_PERCENT, "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert list(body) == [
        "name",
        "base_year",
        "years",
        "cip_threshold_pct",
        "organisations",
        "acute_providers",
        "system",
    ]
    assert body["years"] == ["2018/19", "2019/20", "2020/21"]
    assert [o["org_code"] for o in body["organisations"]] == ["RBD", "RD3", "RDZ", "RDY", "RYF"]
    plans = [*body["organisations"], body["acute_providers"], body["system"]]
    for plan in plans:
        for year in plan["years"]:
            assert list(year) == YEAR_KEYS
            assert sum(Decimal(s["amount"]) for s in year["bridge"]) == Decimal(year["gap"])
    rbd = body["organisations"][0]["years"][0]
    # RBD 2018/19: income flat at 190m; pay 123m x 1.021 x 1.015 = 1.036315 x 123m = 127,466,745.00
    assert (rbd["income"], rbd["pay"]) == ("190000000.00", "127466745.00")


def test_scenario_table() -> None:
    code, out, _ = run("scenario", ONE_PERCENT)
    assert code == 0
    assert "Acute providers" in out and "System" in out and "CIP % required" in out


def test_a_bad_file_lists_every_problem_and_exits_1() -> None:
    code, out, err = run("scenario", str(EXAMPLES / "bad_scenario.json"), "--format", "json")
    assert code == 1
    assert out == ""
    assert "9 problem(s) found" in err
    assert (
        "bad_scenario.json:$.organisations[2].pay: expected a string of pounds, found 12.5" in err
    )


def test_compare_is_b_less_a() -> None:
    code, out, _ = run("compare", FLAT, ONE_PERCENT, "--format", "json")
    assert code == 0
    rows = {(r["name"], r["financial_year"]): r for r in json.loads(out)["rows"]}
    assert rows[("System", "2018/19")]["gap_change"] == "0.00"
    # +1% on 1,297m of income in 2019/20: 12.97m narrower
    assert rows[("System", "2019/20")]["gap_change"] == "12970000.00"
    code, out, _ = run("compare", ONE_PERCENT, FLAT, "--format", "json")
    back = {(r["name"], r["financial_year"]): r for r in json.loads(out)["rows"]}
    assert back[("System", "2019/20")]["gap_change"] == "-12970000.00"


def test_bridge_of_a_scenario_and_the_dorset_demonstration() -> None:
    code, out, _ = run("bridge", ONE_PERCENT, "--year", "2020/21", "--format", "json")
    assert code == 0
    bridges = {b["name"]: b for b in json.loads(out)["bridges"]}
    assert [s["label"] for s in bridges["RDZ (acute)"]["bridge"]] == [
        "Provider efficiencies (CIP)",
        "Reconfiguration",
        "Programme benefits",
        "Unidentified",
    ]
    code, out, _ = run("bridge", "--dorset")
    assert code == 0
    assert "(223,000)" in out and "(147,000)" in out and "(76,000)" in out and "(72,000)" in out
    assert "One NHS in Dorset" in out


def test_bridge_needs_a_file_or_dorset_and_a_year_of_the_plan() -> None:
    assert run("bridge")[0] == 2
    code, _, err = run("bridge", ONE_PERCENT, "--year", "2030/31")
    assert code == 2
    assert "2030/31 is not a year of the plan" in err


def test_tornado_widest_first() -> None:
    code, out, _ = run("tornado", ONE_PERCENT, "--format", "json")
    assert code == 0
    bars = json.loads(out)["bars"]
    # activity growth moves every cost (1.35bn), the uplift all income (1.30bn), then pay, non-pay
    assert [b["assumption"] for b in bars] == [
        "activity_growth_pct",
        "uplift_pct",
        "pay_inflation_pct",
        "non_pay_inflation_pct",
    ]
    swings = [Decimal(b["swing"]) for b in bars]
    assert swings == sorted(swings, reverse=True)


def test_stored_scenarios_through_the_command_line(demo_env: dict[str, str]) -> None:
    from tests.cli.conftest import as_user

    lead = as_user(demo_env, "system.lead")
    viewer = as_user(demo_env, "rd3.viewer")

    def go(env: dict[str, str], *args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["plan", *args], env=env)
        return result.exit_code, result.stdout, result.stderr

    name = "Dorset: flat cash in 2018/19, then +1% from 2019/20"
    assert go(viewer, "record", ONE_PERCENT)[0] == 2
    code, out, err = go(lead, "record", ONE_PERCENT, "--reason", "first draft")
    assert code == 0, err
    assert f"Recorded {name} v1" in out
    assert go(lead, "record", str(EXAMPLES / "bad_scenario.json"))[0] == 1
    code, out, _ = go(lead, "copy", name, "Flat cash")
    assert "Copied to Flat cash v1" in out
    code, out, _ = go(lead, "amend", "Flat cash", "--set", "uplift_pct=0", "--reason", "worst")
    assert "Recorded Flat cash v2" in out
    assert go(lead, "amend", "Flat cash", "--set", "uplift_pct")[0] == 2
    assets = str(EXAMPLES / "assumptions_one_percent.json")
    assert go(lead, "assumptions", "record", assets)[0] == 0
    code, out, _ = go(lead, "apply", "Flat cash", "Flat cash, then +1% from 2019/20")
    assert "Recorded Flat cash v3" in out
    code, out, _ = go(lead, "history", "Flat cash", "--json")
    assert [v["from"] for v in json.loads(out)] == [
        f"{name} v1",
        f"{name} v1",
        "Flat cash, then +1% from 2019/20 v1",
    ]
    code, out, _ = go(lead, "show", "Flat cash", "--version", "2")
    assert json.loads(out)["version"] == 2
    code, out, _ = go(lead, "list", "--json")
    listed = [s["name"] for s in json.loads(out)]
    assert {name, "Flat cash", DEMO_PLAN, DEMO_FLAT_CASH} == set(listed)  # with the demo's two
    assert "Flat cash, then +1%" in go(lead, "assumptions", "list")[1]


def test_build_seeds_a_valid_scenario_from_the_stored_outturn(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "qvv.json"
    result = runner.invoke(
        app,
        ["plan", "build", "--system", "QVV", "--from", "2018/19", "-o", str(target)],
        env=demo_env,
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(target.read_text())
    assert [o["org_code"] for o in document["organisations"]] == ["RBD", "RD3", "RDY", "RDZ", "RYF"]
    rbd = document["organisations"][0]
    # the demo's RBD 2018/19: contract 150m + other patient care 23m + other income 18m,
    # without its 4m of sustainability funding (not recurrent)
    assert rbd["income"] == "191000000.00"
    # listed by source (the sources sum to it), and finance costs as the financing line
    sources = rbd["income_by_source"]
    assert sum(Decimal(v) for v in sources.values()) == Decimal(rbd["income"])
    assert "Other operating income" in sources and Decimal(rbd["financing"]) > 0
    assert run("scenario", str(target))[0] == 0
    missing = runner.invoke(
        app, ["plan", "build", "--system", "QVV", "--from", "2030/31"], env=demo_env
    )
    assert missing.exit_code == 2
