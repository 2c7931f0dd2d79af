"""`openbook passport load|person|warn|versions` on the stored register: a bad file is refused
whole with every problem (exit 1), a good one is a new version."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_the_demo_register_is_stored_and_a_person_shows_why_not(demo_env: dict[str, str]) -> None:
    code, out, _ = run(demo_env, "passport", "person", "S12", "--on", "2018-04-02")
    assert code == 0
    assert "SYNTHETIC" in out and "als expired on 2018-03-20" in out
    code, out, _ = run(demo_env, "passport", "person", "S03", "--on", "2018-04-02", "-f", "json")
    document = json.loads(out)
    assert document["warnings"][0]["check"] == "thrombolysis"
    assert {e["site"] for e in document["eligibility"]} == {"DCH", "PGH", "RBH"}


def test_warn_lists_what_lapses_within_the_days(demo_env: dict[str, str]) -> None:
    code, out, _ = run(demo_env, "passport", "warn", "--within", "30", "--on", "2018-04-02",
                       "-f", "json")  # fmt: skip
    assert code == 0
    warned = {(w["person_id"], w["check"]) for w in json.loads(out)}
    assert ("S03", "thrombolysis") in warned and ("C07", "dbs_enhanced") not in warned


def test_a_bad_register_is_refused_whole_and_a_good_one_is_a_new_version(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - {person_id: X1, name: X, org_code: RBD}\n", encoding="utf-8")
    code, _, err = run(demo_env, "passport", "load", str(bad))
    assert code == 1
    assert "bad.yaml:2:$.people[0].role: 'role' is None; expected text" in err
    code, out, _ = run(demo_env, "passport", "load", "dorset")
    assert code == 0 and "nothing new stored" in out
    code, out, _ = run(demo_env, "passport", "versions", "-f", "json")
    assert [v["version"] for v in json.loads(out)] == [1]
