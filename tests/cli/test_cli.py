"""The command line as a finance team uses it: exit codes, stderr, formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openbook.cli import app
from openbook.compose import from_url
from openbook.kernel.access import Role
from tests.cli.conftest import as_user

runner = CliRunner()


@pytest.fixture
def env(_sqlite_templates: dict[str, Path], tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "openbook.db"
    shutil.copy(_sqlite_templates["demo"], target)
    return {
        "OPENBOOK_DATABASE_URL": f"sqlite:///{target}",
        "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json"),
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_position_json_contract(env: dict[str, str]) -> None:
    code, out, _ = run(
        env, "position", "--system", "QVV", "--year", "2017/18", "--month", "12", "--format", "json"
    )
    assert code == 0
    payload = json.loads(out)
    assert set(payload) >= {"system", "organisations"}
    keys = {
        "org_code",
        "control_total",
        "forecast_outturn",
        "gap",
        "ytd_plan",
        "ytd_actual",
        "ytd_variance",
        "rag",
    }
    assert all(keys <= set(org) for org in payload["organisations"])
    rd3 = next(o for o in payload["organisations"] if o["org_code"] == "RD3")
    assert rd3["gap"] == "-1500000.00" and rd3["rag"] == "red"
    assert payload["system"]["control_total"] == "-5500000.00"


def test_position_table_in_thousands_with_brackets(env: dict[str, str]) -> None:
    code, out, _ = run(env, "position", "--system", "QVV", "--year", "2017/18", "--month", "M12")
    assert code == 0
    assert "(1,500)" in out and "(5,500)" in out and "SYNTHETIC" in out


def test_position_csv(env: dict[str, str]) -> None:
    code, out, _ = run(
        env, "position", "--system", "QVV", "--year", "2017/18", "--month", "12", "--format", "csv"
    )
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("org_code,name,")
    assert any(line.startswith("SYSTEM,") for line in lines)


def test_usage_errors_exit_2(env: dict[str, str]) -> None:
    code, _, err = run(env, "position", "--system", "QVV", "--year", "2017-18", "--month", "12")
    assert code == 2 and "financial year '2017-18' is not like 2017/18" in err
    code, _, err = run(env, "position", "--system", "XXX", "--year", "2017/18", "--month", "12")
    assert code == 2 and "system 'XXX' is not known" in err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_fill_check_submit_history(
    env: dict[str, str], tmp_path: Path, suffix: str
) -> None:
    from openbook.finance.submit import export_return
    from openbook.kernel.period import FinancialYear

    template = tmp_path / f"rbd{suffix}"
    code, out, _ = run(
        env, "template", "--org", "RBD", "--year", "2017/18", "--month", "12", "-o", str(template)
    )
    assert code == 0 and template.exists()
    code, _, err = run(env, "check", str(template))  # blank actuals: not yet a valid return
    assert code == 1 and "'actual_ytd' is empty" in err and "nothing was stored" in err
    db = from_url(env["OPENBOOK_DATABASE_URL"])
    data, _ = export_return(db, "RBD", FinancialYear(2017), 12, suffix)
    filled = tmp_path / f"filled{suffix}"
    filled.write_bytes(data)
    assert run(env, "check", str(filled))[0] == 0
    code, out, _ = run(as_user(env, "rbd.submitter"), "submit", str(filled))
    assert code == 0 and "identical to version 1; nothing new was stored" in out
    code, out, _ = run(env, "history", "--org", "RBD", "--year", "2017/18", "--month", "12")
    assert code == 0 and "openbook-demo" in out


def test_commissioner_template_filled_at_plan_is_a_valid_return(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A CCG's plan has no finance costs, a mandatory line: its template plans it at zero, so
    a return filled in from the template is not refused for plan cells the CCG never saw."""
    import csv

    template = tmp_path / "11j.csv"
    args = ("template", "--org", "11J", "--year", "2018/19", "--month", "12", "-o", str(template))
    assert run(env, *args)[0] == 0
    rows = list(csv.DictReader(template.open(encoding="utf-8-sig")))
    costs = next(row for row in rows if row["line_code"] == "finance_costs")
    assert (costs["annual_plan"], costs["plan_ytd"]) == ("0.00", "0.00")
    for row in rows:
        if row["annual_plan"]:
            row["actual_ytd"], row["forecast_outturn"] = row["plan_ytd"], row["annual_plan"]
    with template.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, out, err = run(env, "check", str(template))
    assert code == 0, err
    assert "is a valid return for 11J 2018/19 M12" in out


def test_bad_file_exits_1_with_every_problem(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    code, _, err = run(as_user(env, "rbd.submitter"), "submit", str(bad))
    assert code == 1
    assert "bad.csv:1: is missing column(s) org_code" in err
    assert "bad.csv:1:A: has an unexpected column 'a'" in err


def test_audit_verify(env: dict[str, str]) -> None:
    code, out, _ = run(env, "audit", "verify")
    assert code == 0 and "Audit log intact" in out


def _commands(typer_app: object, prefix: str = "") -> list[str]:
    import typer.main

    click_group = typer.main.get_command(typer_app)  # type: ignore[arg-type]
    names: list[str] = []

    def walk(command: object, path: str) -> None:
        subcommands = getattr(command, "commands", {})
        for name, sub in subcommands.items():
            full = f"{path} {name}".strip()
            names.append(full)
            walk(sub, full)

    walk(click_group, prefix)
    return names


def test_every_command_has_help_and_is_documented() -> None:
    reference = (Path(__file__).parents[2] / "docs" / "cli.md").read_text()
    for command in _commands(app):
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, command
        assert f"openbook {command}" in reference, f"docs/cli.md does not document {command}"


def test_every_setting_is_documented() -> None:
    from openbook.config import describe_settings

    reference = (Path(__file__).parents[2] / "docs" / "cli.md").read_text()
    for variable, _default, _help in describe_settings():
        assert variable in reference


def test_position_downloads_as_xlsx(env: dict[str, str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "position.xlsx"
    code, _, _ = run(
        env, "position", "--system", "QVV", "--year", "2017/18", "--month", "12", "-o", str(target)
    )
    assert code == 0
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    system = next(row for row in rows if row[0] == "SYSTEM")
    assert system[header.index("control_total")] == -5_500_000
    assert system[header.index("forecast_outturn")] == -5_300_000


def test_users_deactivate_reactivate_and_set_role(env: dict[str, str]) -> None:
    code, out, err = run(env, "users", "deactivate", "rd3.viewer")
    assert code == 0, out + err
    assert "Deactivated rd3.viewer" in out
    code, out, err = run(env, "users", "reactivate", "rd3.viewer")
    assert code == 0, out + err
    code, out, err = run(env, "users", "set-role", "rd3.viewer", "submitter")
    assert code == 0, out + err
    assert "Submitter" in out or "submitter" in out.lower()


def test_export_writes_the_whole_book(env: dict[str, str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "book.xlsx"
    code, out, _ = run(env, "export", "--system", "QVV", "--year", "2017/18", "-o", str(target))
    assert code == 0 and "Wrote" in out
    assert load_workbook(target).sheetnames[0] == "System"
    code, _, _ = run(
        env, "export", "--system", "QVV", "--year", "2017/18", "-o", str(tmp_path / "b.parquet")
    )
    assert code == 0 and (tmp_path / "b.parquet").stat().st_size > 0
    code, _, err = run(env, "export", "--system", "QVV", "--year", "2017/18", "-o", "b.csv")
    assert code == 2 and ".parquet" in err


def test_a_command_that_finds_nothing_says_which_store_it_opened(tmp_path: Path) -> None:
    store = tmp_path / "elsewhere" / "openbook.db"
    env = {"OPENBOOK_DATABASE_URL": f"sqlite:///{store}"}
    code, out, _ = run(env, "init")
    assert code == 0 and str(store) in out.replace("\n", "")
    code, _, err = run(env, "position", "--system", "QVV", "--year", "2017/18", "--month", "12")
    assert code == 2
    assert f"store: {store} (SQLite)" in err.replace("\n", "")
    assert "known systems: none" in err


def test_one_administrator_cannot_make_a_working_approver_from_the_command_line(
    env: dict[str, str],
) -> None:
    from openbook.accounts.account import authenticate, list_users
    from openbook.kernel.audit import head_sequence
    from tests.accounts.people import stored_user

    runner_input = "a long enough password\na long enough password\n"
    result = runner.invoke(
        app,
        ["users", "create", "rd3.new", "--org", "RD3", "--role", "approver"],
        env=env,
        input=runner_input,
    )
    assert result.exit_code == 0, result.output
    assert "pending (grant 1)" in result.stdout
    db = from_url(env["OPENBOOK_DATABASE_URL"])
    try:
        stored_user(db, "bob.admin", Role.ADMINISTRATOR)
        assert authenticate(db, "rd3.new", "a long enough password").role is Role.VIEWER
        before = ([u.principal.role for u in list_users(db)], head_sequence(db.engine))
        code, out, err = run(env, "users", "confirm-grant", "1")  # the unnamed operator
        assert code != 0 and "signed in as themself" in err
        code, out, err = run(as_user(env, "admin"), "users", "confirm-grant", "1")
        assert code == 0, out + err  # admin did not ask: the operator did
        assert "rd3.new is now Approver" in out
        assert authenticate(db, "rd3.new", "a long enough password").role is Role.APPROVER
        assert before != ([u.principal.role for u in list_users(db)], head_sequence(db.engine))
    finally:
        db.dispose()


def test_the_grantor_cannot_confirm_from_the_command_line(env: dict[str, str]) -> None:
    from openbook.kernel.audit import head_sequence

    admin = as_user(env, "admin")
    code, out, err = run(admin, "users", "set-role", "rd3.viewer", "system_lead")
    assert code == 0, out + err
    assert "pending (grant 1)" in out
    code, out, _ = run(admin, "users", "grants", "--format", "json")
    assert json.loads(out)[0]["requested_by"] == "admin"
    db = from_url(env["OPENBOOK_DATABASE_URL"])
    try:
        before = head_sequence(db.engine)
        code, _, err = run(admin, "users", "confirm-grant", "1")
        assert code != 0 and "second administrator" in err
        assert head_sequence(db.engine) == before
    finally:
        db.dispose()
    code, out, err = run(admin, "users", "refuse-grant", "1")
    assert code == 0 and "stays Viewer" in out
    code, out, _ = run(admin, "users", "grants", "--all", "--format", "json")
    assert json.loads(out)[0]["status"] == "refused"
