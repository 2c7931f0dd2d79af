"""`openbook returns tracker` and `openbook returns remind`: the same tracker as the API
gives, as a table, JSON or CSV; reminders only by the system finance lead, never twice."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli
from openbook.compose import from_url
from openbook.kernel.period import FinancialYear
from tests.cli.conftest import as_user
from tests.finance.test_return_tracker import add_year_without_returns
from tests.web.conftest import make_app
from tests.web.test_api import auth, token_for

ARGS = ["returns", "tracker", "--system", "QVV", "--year", "2018/19", "--month", "6"]


def test_the_cli_json_is_the_apis(demo_env: dict[str, str], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*ARGS, "--format", "json"], env=demo_env)
    assert result.exit_code == 0, result.output
    db = from_url(demo_env["OPENBOOK_DATABASE_URL"])
    try:
        response = TestClient(make_app(db, tmp_path)).get(
            "/api/v1/systems/QVV/returns/tracker",
            params={"year": "2018/19", "month": 6},
            headers=auth(token_for(db, "rbd.viewer")),
        )
    finally:
        db.dispose()
    assert response.status_code == 200
    assert json.loads(result.stdout) == response.json()
    assert response.json()["deadline"] == "2018-10-19"
    assert response.json()["counts"]["late"] == 6


def test_the_table_and_the_csv(demo_env: dict[str, str]) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ARGS, env=demo_env)
    assert table.exit_code == 0, table.output
    assert "returns due Fri 19 Oct 2018 (working day 15)" in table.stdout
    rbd = next(line for line in table.stdout.splitlines() if "RBD" in line)
    assert "Submitted late" in rbd and "2018-10-20 09:00" in rbd
    csv = runner.invoke(cli, [*ARGS, "-f", "csv"], env=demo_env)
    header, *rows = csv.stdout.lstrip("\ufeff").splitlines()
    assert header.startswith("org_code,name,role,status,status_label")
    assert len(rows) == 6 and rows[0].startswith("11J,NHS Dorset CCG,partner,late,")


def test_remind_as_the_system_lead_once(demo_env: dict[str, str]) -> None:
    db = from_url(demo_env["OPENBOOK_DATABASE_URL"])
    add_year_without_returns(db, FinancialYear.parse("2019/20"))
    db.dispose()
    runner = CliRunner()
    remind = ["returns", "remind", "--system", "QVV", "--year", "2019/20", "--month", "1"]
    refused = runner.invoke(cli, [*remind, "--org", "RBD"], env=as_user(demo_env, "rbd.approver"))
    assert refused.exit_code != 0
    assert "only the system finance lead or an administrator may remind" in refused.output
    lead = as_user(demo_env, "system.lead")
    first = runner.invoke(cli, [*remind, "--org", "rbd", "--org", "RD3"], env=lead)
    assert first.exit_code == 0, first.output
    assert "Reminded: RBD, RD3." in first.stdout
    again = runner.invoke(cli, [*remind, "-f", "json"], env=lead)
    data = json.loads(again.stdout)
    reminded = {row["org_code"]: row["reminded_by"] for row in data["organisations"]}
    assert set(reminded.values()) == {"system.lead"}
    last = runner.invoke(cli, remind, env=lead)
    assert "Reminded: nobody." in last.stdout
    assert "Reminded before for this deadline: 11J, RBD, RD3, RDY, RDZ, RYF." in last.stdout
