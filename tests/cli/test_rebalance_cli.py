"""`openbook rebalance` on scenario files and on the stored Dorset system."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openbook.cli import app
from tests.cli.conftest import as_user

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples" / "scenarios"


@pytest.fixture
def env(_sqlite_templates: dict[str, Path], tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "openbook.db"
    shutil.copy(_sqlite_templates["demo"], target)
    return {
        "OPENBOOK_DATABASE_URL": f"sqlite:///{target}",
        "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json"),
    }


def test_transfers_scenario_file_json() -> None:
    result = runner.invoke(
        app,
        ["rebalance", "transfers", str(EXAMPLES / "transfers_dorset_2017_18.json"), "-f", "json"],
    )
    assert result.exit_code == 0
    payload = json.loads(result.stdout)  # stdout is pure JSON (no solver banner)
    assert payload["status"] == "optimal" and payload["transfer_count"] == 2


def test_control_totals_scenario_file_table() -> None:
    result = runner.invoke(
        app, ["rebalance", "control-totals", str(EXAMPLES / "control_totals_dorset_2018_19.json")]
    )
    assert result.exit_code == 0 and "the system control total is unchanged" in result.stdout


def test_bad_scenario_exits_1_with_json_paths(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"financial_year": "2017/18", "organisations": [{"org_code": "RBD"}]}')
    result = runner.invoke(app, ["rebalance", "transfers", str(bad)])
    assert result.exit_code == 1
    assert "bad.json:$.organisations[0].forecast_outturn: 'forecast_outturn' is missing" in (
        result.stderr
    )
    bad.write_text("{not json")
    result = runner.invoke(app, ["rebalance", "transfers", str(bad)])
    assert result.exit_code == 1 and "bad.json: is not valid JSON" in result.stderr


def test_solve_from_store_and_propose_then_agree_and_enact(env: dict[str, str]) -> None:
    result = runner.invoke(
        app,
        [
            "rebalance",
            "transfers",
            "--system",
            "QVV",
            "--year",
            "2017/18",
            "--month",
            "12",
            "--propose",
            "-f",
            "json",
        ],
        env=as_user(env, "system.lead"),
    )
    assert result.exit_code == 0
    ref = json.loads(result.stdout)["proposal"]
    deputy = as_user(env, "system.deputy")
    for who, args in (
        ("rd3.approver", ["--org", "RD3"]),
        ("rdy.approver", ["--org", "RDY"]),
        ("rdz.approver", ["--org", "RDZ"]),
        ("system.deputy", ["--system-lead"]),
    ):
        signed = deputy if who == "system.deputy" else as_user(env, who)
        assert runner.invoke(app, ["proposals", "approve", ref, *args], env=signed).exit_code == 0
    assert runner.invoke(app, ["proposals", "enact", ref], env=deputy).exit_code == 0
    position = runner.invoke(
        app,
        ["position", "--system", "QVV", "--year", "2017/18", "--month", "12", "-f", "json"],
        env=env,
    )
    organisations = json.loads(position.stdout)["organisations"]
    assert all(o["meets_control_total"] for o in organisations)
    again = runner.invoke(
        app,
        [
            "rebalance",
            "transfers",
            "--system",
            "QVV",
            "--year",
            "2017/18",
            "--month",
            "12",
            "-f",
            "json",
        ],
        env=env,
    )
    assert json.loads(again.stdout)["transfers"] == []  # nobody left to rescue


def test_control_totals_from_store(env: dict[str, str]) -> None:
    result = runner.invoke(
        app,
        [
            "rebalance",
            "control-totals",
            "--system",
            "QVV",
            "--year",
            "2018/19",
            "--month",
            "3",
            "--willing",
            "RDZ,RDY",
            "-f",
            "json",
        ],
        env=env,
    )
    assert result.exit_code == 0
    by_org = {o["org_code"]: o for o in json.loads(result.stdout)["organisations"]}
    assert max(float(o["cip_pct"]) for o in by_org.values()) <= 4.0


def test_file_or_system_not_both() -> None:
    result = runner.invoke(app, ["rebalance", "transfers"])
    assert result.exit_code == 2 and "give a scenario file or --system" in result.stderr


def test_partners_limits_and_materiality_as_flags() -> None:
    dorset = str(EXAMPLES / "transfers_dorset_2017_18.json")
    result = runner.invoke(
        app, ["rebalance", "transfers", dorset, "--max-give", "RDY=700000", "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    given = {t["from"]: float(t["amount"]) for t in json.loads(result.stdout)["transfers"]}
    assert given["RDY"] <= 700000 and sum(given.values()) == 1500000
    # RD3's £4.9m of funding is material at £100k, not at £5m
    suppressed = runner.invoke(
        app, ["rebalance", "transfers", dorset, "--materiality", "5000000", "-f", "json"]
    )
    payload = json.loads(suppressed.stdout)
    assert payload["transfers"] == [] and len(payload["suppressed"]["transfers"]) == 2
    bad = runner.invoke(app, ["rebalance", "transfers", dorset, "--max-give", "RDY"])
    assert bad.exit_code == 2 and "'RDY' is not CODE=POUNDS" in bad.stderr


def test_willing_to_take_on_up_to_from_the_store(env: dict[str, str]) -> None:
    args = ["rebalance", "control-totals", "--system", "QVV", "--year", "2018/19", "--month"]
    limits = ["--max-take-on", "RDY=5000000", "--max-take-on", "RDZ=3100000"]
    result = runner.invoke(app, [*args, "3", *limits, "-f", "json"], env=env)
    assert result.exit_code == 0, result.stderr
    by_org = {o["org_code"]: o for o in json.loads(result.stdout)["organisations"]}
    assert float(by_org["RDZ"]["change"]) <= 3100000 and by_org["RDZ"]["willing_to_exceed"]
    assert by_org["RDY"]["max_take_on"] == "5000000.00"


def test_the_proposers_grantee_gets_a_clear_refusal(env: dict[str, str]) -> None:
    from openbook.accounts.account import authenticate, create_token
    from openbook.compose import from_url
    from openbook.kernel.access import Role
    from openbook.kernel.audit import head_sequence
    from tests.accounts.people import PASSWORD, stored_user

    args = ["rebalance", "transfers", "--system", "QVV", "--year", "2017/18", "--month", "12"]
    result = runner.invoke(app, [*args, "--propose", "-f", "json"], env=as_user(env, "system.lead"))
    ref = json.loads(result.stdout)["proposal"]
    db = from_url(env["OPENBOOK_DATABASE_URL"])
    try:
        stored_user(db, "rd3.friend", Role.APPROVER, "RD3", created_by="system.lead")
        token, _ = create_token(db, authenticate(db, "rd3.friend", PASSWORD), "tests")
        before = head_sequence(db.engine)
        refused = runner.invoke(
            app, ["proposals", "approve", ref, "--org", "RD3"], env={**env, "OPENBOOK_TOKEN": token}
        )
        assert refused.exit_code != 0
        assert "system.lead proposed" in refused.stderr and "four eyes" in refused.stderr
        assert head_sequence(db.engine) == before
    finally:
        db.dispose()
