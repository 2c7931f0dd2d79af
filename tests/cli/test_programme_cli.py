"""`openbook programme`: check, load, report and timeline; exit codes and every problem on
stderr."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app
from tests.cli.conftest import as_user

runner = CliRunner()
DORSET = Path(__file__).parents[2] / "examples" / "programme" / "dorset.yaml"
STROKE_TBC = (
    "2016/17: 500000, 2017/18: TBC}, committed: {2016/17: 250000}, spent: {2016/17: 130000}"
)


def test_check_a_good_and_a_bad_file(tmp_path: Path) -> None:
    good = runner.invoke(app, ["programme", "check", str(DORSET)])
    assert good.exit_code == 0
    assert "66 milestones, investment £13,652,177.00" in good.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        DORSET.read_text(encoding="utf-8")
        .replace(
            "category: governance, years: {2015/16: 249702", "category: govern, years: {2015/16: x"
        )
        .replace("kind: clinical, lead_org: RD3", "kind: clinic, lead_org: RD3", 1),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["programme", "check", str(bad)])
    assert result.exit_code == 1
    assert "3 problem(s) found; nothing was stored." in result.stderr
    assert "bad.yaml:$.workstreams[0].kind: 'kind' is 'clinic'" in result.stderr
    assert "bad.yaml:$.investment[0].category: 'category' is 'govern'" in result.stderr
    assert "bad.yaml:$.investment[0].years.2015/16: 'x' is not an amount of money" in result.stderr


def test_report_json_has_the_issues_shape() -> None:
    result = runner.invoke(
        app,
        ["programme", "report", "--file", str(DORSET), "--format", "json", "--today", "2016-08-15"],
    )
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["investment_by_year"] == {
        "2015/16": "1984417.00",
        "2016/17": "8710240.00",
        "2017/18": "2957520.00",
    }
    assert report["total_investment"] == "13652177.00"
    assert {"lines", "milestones", "benefits"} <= report.keys()
    framework = next(m for m in report["milestones"] if m["ref"] == "T18")
    assert (framework["month"], framework["actual"], framework["slippage_months"]) == (
        "2016-07",
        "2016-09",
        2,
    )


def test_timeline_lists_every_milestone() -> None:
    result = runner.invoke(app, ["programme", "timeline", "--file", str(DORSET), "--format", "csv"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "ref,plan,milestone,baseline,forecast,actual,slip (months),status"
    assert len(lines) == 67


def test_load_keeps_versions_and_says_what_it_posted(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    env = as_user(demo_env, "system.lead")
    same = runner.invoke(app, ["programme", "load", str(DORSET), "--system", "QVV"], env=env)
    assert same.exit_code == 0
    assert "already this file; nothing recorded" in same.stdout
    changed = tmp_path / "dorset.yaml"
    changed.write_text(
        DORSET.read_text(encoding="utf-8")
        .replace(STROKE_TBC, STROKE_TBC.replace("TBC", "400000"))
        .replace("gross_investment: 13652177", "gross_investment: 14052177"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["programme", "load", str(changed), "--system", "QVV"], env=env)
    assert result.exit_code == 0, result.output
    assert "Loaded one-nhs-dorset as version 2." in result.stdout
    assert "RD3 2017/18: £3,357,520.00 year returned in full" in result.stdout
    viewer = runner.invoke(
        app,
        ["programme", "load", str(DORSET), "--system", "QVV"],
        env=as_user(demo_env, "rbd.viewer"),
    )
    assert viewer.exit_code == 2


def test_history_lists_the_versions(demo_env: dict[str, str]) -> None:
    result = runner.invoke(app, ["programme", "history", "--system", "QVV"], env=demo_env)
    assert result.exit_code == 0
    assert "one-nhs-dorset" in result.stdout and "dorset_programme.yaml" in result.stdout


def test_position_shows_the_investment_in_the_spending_organisation(
    demo_env: dict[str, str],
) -> None:
    """2017/18 is returned in full, so RD3's position reads the programme's £2,957,520."""
    args = ["position", "--system", "QVV", "--year", "2017/18", "--month", "12"]
    table = runner.invoke(app, args, env=demo_env)
    assert table.exit_code == 0, table.output
    text = " ".join(table.stdout.split())
    assert (
        "RD3: One NHS in Dorset (acute care collaboration vanguard): programme investment "
        "£2,958k planned in 2017/18, £2,958k to M12, £0k spent, forecast £2,958k" in text
    )
    assert "does not meet: £0k for the year." in text
    payload = json.loads(runner.invoke(app, [*args, "--format", "json"], env=demo_env).stdout)
    rd3 = next(o for o in payload["organisations"] if o["org_code"] == "RD3")
    assert rd3["additions"][0]["spend_annual_plan"] == "2957520.00"
    assert rd3["additions"][0]["net_forecast"] == "0.00"
    assert all("additions" not in o for o in payload["organisations"] if o["org_code"] != "RD3")


def test_plan_programme_benefits_records_a_new_version(demo_env: dict[str, str]) -> None:
    from openbook.demo.planning import PLAN

    env = as_user(demo_env, "system.lead")
    args = ["plan", "programme-benefits", PLAN, "--programme", "one-nhs-dorset"]
    result = runner.invoke(app, [*args, "--benefit", "B01"], env=env)
    assert result.exit_code == 0, result.output
    assert f"Recorded {PLAN} v2" in " ".join(result.stdout.split())
    shown = runner.invoke(app, ["plan", "show", PLAN, "--document"], env=env)
    rd3 = next(o for o in json.loads(shown.stdout)["organisations"] if o["org_code"] == "RD3")
    assert rd3["mitigations"]["programme_benefits"] == "1000000.00"
    bad = runner.invoke(app, [*args, "--benefit", "B99"], env=env)
    assert bad.exit_code != 0 and "programme one-nhs-dorset has no benefit B99" in bad.stderr
