"""`openbook run-rate` gives the challenge the API and the page give."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from openbook.cli import app as cli

ARGS = ["run-rate", "--system", "QVV", "--year", "2018/19", "--month", "11"]


def test_the_run_rate_challenge_as_json_table_and_csv(demo_env: dict[str, str]) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, [*ARGS, "--format", "json"], env=demo_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ccg = next(row for row in data["organisations"] if row["org_code"] == "11J")
    assert ccg["ytd_actual"] == "-2944210.00" and ccg["forecast_outturn"] == "0.00"
    assert ccg["run_rate_outturn"] == "-3211865.45" and ccg["flagged"] is True
    assert data["thresholds"]["run_rate_change_pounds"] == "500000.00"

    table = runner.invoke(cli, ARGS, env=demo_env)
    assert table.exit_code == 0
    ccg_row = next(line for line in table.stdout.splitlines() if "11J" in line)
    assert "(2,944)" in ccg_row and "3,212" in ccg_row and "FLAG" in ccg_row
    assert "FLAG" not in next(line for line in table.stdout.splitlines() if "RBD" in line)

    csv = runner.invoke(cli, [*ARGS, "--format", "csv"], env=demo_env)
    assert csv.exit_code == 0
    header, *rows = csv.stdout.splitlines()
    assert header.lstrip("\ufeff").startswith("org_code,name,month,ytd_actual")
    assert any(r.startswith("11J,") and r.endswith(",True") for r in rows)


def test_an_unknown_system_is_named(demo_env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        cli, ["run-rate", "--system", "XXX", "--year", "2018/19", "--month", "11"], env=demo_env
    )
    assert result.exit_code == 2  # not found, as for every command
    assert "system 'XXX' is not known" in result.output


def test_the_bridge_by_partner_by_line_and_for_one_organisation(demo_env: dict[str, str]) -> None:
    from openbook.compose import from_url
    from openbook.finance.bridge import bridge_to_dict, get_forecast_bridge
    from openbook.kernel.period import FinancialYear

    runner = CliRunner()
    period = ["--system", "QVV", "--year", "2018/19", "--month", "6"]
    found = get_forecast_bridge(
        from_url(demo_env["OPENBOOK_DATABASE_URL"]), "QVV", FinancialYear(2018), 6
    )
    for extra, expected in [
        ([], found.system),
        (["--by-line"], found.system_by_line),
        (["--org", "rd3"], found.bridge_for("RD3")),
    ]:
        result = runner.invoke(cli, ["bridge", *period, *extra, "-f", "json"], env=demo_env)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == bridge_to_dict(expected)
    table = runner.invoke(cli, ["bridge", *period, "--org", "RD3"], env=demo_env)
    assert "Pay: agency staff" in table.stdout and "(280)" in table.stdout
    m1 = runner.invoke(
        cli, ["bridge", "--system", "QVV", "--year", "2018/19", "--month", "1"], env=demo_env
    )
    assert m1.exit_code != 0 and "no bridge into M1" in m1.output
