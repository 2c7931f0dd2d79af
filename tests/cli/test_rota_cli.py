"""`openbook rota` and `openbook passport`: the JSON contract, exit codes, stderr, downloads."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "rostering"
INSTANCE1 = str(EXAMPLES / "Instance1.txt")
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_solve_json_contract_then_check(tmp_path: Path) -> None:
    code, out, err = run("rota", "solve", INSTANCE1, "--time-limit", "20", "--format", "json")
    assert code == 0, err
    payload = json.loads(out)
    assert list(payload) == ["objective", "bound", "proven_optimal", "seconds", "assignments"]
    assert payload["objective"] == 607 and payload["proven_optimal"] is True
    assert payload["assignments"][0] == {"employee": "A", "day": payload["assignments"][0]["day"],
                                         "shift": "D"}  # fmt: skip
    assert "objective" in err  # progress on stderr
    roster = tmp_path / "roster.json"
    roster.write_text(out)
    code, out, _ = run("rota", "check", INSTANCE1, str(roster))
    assert code == 0 and out.startswith("valid: objective 607 = ")


def test_check_a_roster_that_breaks_rules_exits_1(tmp_path: Path) -> None:
    roster = tmp_path / "roster.json"
    days = [{"employee": "A", "day": d, "shift": "D"} for d in range(7)]
    roster.write_text(json.dumps({"assignments": days}))
    code, _, err = run("rota", "check", INSTANCE1, str(roster))
    assert code == 1
    assert "maximum consecutive shifts: A works 7 days in a row from day 0; at most 5" in err
    assert "pre-assigned day off: A works D on day 0, a day off" in err


def test_bad_files_exit_1_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("SECTION_HORIZON\nseven\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\n")
    code, _, err = run("rota", "solve", str(bad))
    assert code == 1 and "bad.txt:2:horizon: 'horizon' is 'seven'; expected a whole number" in err
    roster = tmp_path / "roster.json"
    roster.write_text('{"assignments": [{"employee": "A", "day": "x", "shift": "D"}]}')
    code, _, err = run("rota", "check", INSTANCE1, str(roster))
    assert code == 1 and "roster.json:$.assignments[0].day: 'day' is 'x'" in err


def test_solve_table_xlsx_and_icalendar(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    code, out, _ = run("rota", "solve", INSTANCE1, "--time-limit", "20", "--quiet")
    assert code == 0 and "objective 607 (bound 607, proven optimal)" in out
    target = tmp_path / "roster.xlsx"
    ics = str(tmp_path / "ics")
    args = ["--format", "xlsx", "-o", str(target), "--ics", ics, "--start", "2018-04-02"]
    code, _, _ = run("rota", "solve", INSTANCE1, "--time-limit", "20", *args)
    assert code == 0
    assert load_workbook(target).sheetnames == ["Roster", "Assignments", "Summary"]
    assert (tmp_path / "ics" / "A.ics").read_text().startswith("BEGIN:VCALENDAR")


def test_icalendar_needs_a_start_date_for_a_text_file(tmp_path: Path) -> None:
    code, _, err = run("rota", "solve", INSTANCE1, "--time-limit", "20", "--quiet",
                       "--format", "json", "--ics", str(tmp_path))  # fmt: skip
    assert code == 2 and "this rota has no dates" in err


def test_dorset_stroke_rota_names_who_was_kept_off_and_why() -> None:
    code, out, _ = run("rota", "solve", "stroke", "--time-limit", "20", "--quiet")
    assert code == 0
    assert "excluded: S12 kept off DCH-D, PGH-D, RBH-D on days 0-27" in out
    assert "als expired on 2018-03-20" in out


def test_compare_cardiology_json() -> None:
    code, out, _ = run("rota", "compare", "cardiology", "--time-limit", "10", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["separate"]["staff_needed"] == 12 and payload["shared"]["staff_needed"] == 4


def test_passport_eligibility_and_expiry() -> None:
    where = ["--shift", "DCH/stroke", "--on", "2018-04-20", "--role", "stroke consultant"]
    code, out, _ = run("passport", "eligibility", "dorset", *where, "--format", "json")
    assert code == 0
    people = {p["person_id"]: p for p in json.loads(out)["people"]}
    assert people["S03"]["reasons"] == ["thrombolysis expired on 2018-04-15"]
    assert people["S01"]["eligible"] is True
    code, out, _ = run("passport", "expiring", "dorset", "--on", "2018-04-02", "--format", "csv")
    assert code == 0 and "CD-RBD-STRO,S03,thrombolysis,2018-04-15,13" in out
    code, out, _ = run("passport", "check", "dorset")
    assert code == 0 and out.startswith("valid (SYNTHETIC): 36 people")


def test_passport_usage_errors_exit_2() -> None:
    code, _, err = run("passport", "eligibility", "dorset", "--shift", "XYZ/stroke")
    assert code == 2 and "'XYZ/stroke' is not SITE/SERVICE with a known site" in err
    code, _, err = run(
        "passport", "eligibility", "dorset", "--shift", "DCH/stroke", "--on", "2018-02-30"
    )
    assert code == 2 and "'2018-02-30' is not a date like 2018-04-02" in err


def test_a_bad_register_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "reg.yaml"
    bad.write_text("sites: []\npeople: [{person_id: P1}]\n")
    code, _, err = run("passport", "check", str(bad))
    assert code == 1 and "reg.yaml:$.people[0].name: 'name' is None; expected text" in err
