"""The command line applies the same limits as the web (issue 13): the entity-expansion
YAML, a 132 MB CSV, a file of thousands of bad rows, the hourly escalation limit, and CSV
output that cannot run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app
from openbook.compose import from_url
from openbook.kernel.audit import head_sequence
from tests.cli.conftest import as_user
from tests.kernel.laughs import GOVERNANCE_LAUGHS, SYSTEM_LAUGHS
from tests.returns import valid_return_rows

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def audit_head(env: dict[str, str]) -> int:
    db = from_url(env["OPENBOOK_DATABASE_URL"])
    try:
        return head_sequence(db.engine)
    finally:
        db.dispose()


def test_the_entity_expansion_system_file_is_refused(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    env = as_user(demo_env, "admin")
    path = tmp_path / "laughs.yaml"
    path.write_text(SYSTEM_LAUGHS, encoding="utf-8")
    before = audit_head(env)
    code, _, err = run(env, "system", "load", str(path))
    assert code == 1
    assert "laughs.yaml: is refused: it has more than 10 aliases" in err
    assert "nothing was stored" in err
    assert audit_head(env) == before
    _, listing, _ = run(env, "system", "list")
    assert "QXX" not in listing


def test_the_entity_expansion_governance_file_is_refused(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    env = as_user(demo_env, "system.lead")
    path = tmp_path / "laughs.yaml"
    path.write_text(GOVERNANCE_LAUGHS, encoding="utf-8")
    before = audit_head(env)
    code, _, err = run(env, "governance", "load", str(path))
    assert code == 1 and "more than 10 aliases" in err
    assert audit_head(env) == before


def test_a_system_name_of_half_a_million_characters_is_refused(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    env = as_user(demo_env, "admin")
    path = tmp_path / "long.yaml"
    path.write_text(
        f"system: {{code: QXX, name: {'x' * 500_000}}}\norganisations: []\nyears: {{}}\n",
        encoding="utf-8",
    )
    before = audit_head(env)
    code, _, err = run(env, "system", "load", str(path))
    assert code == 1
    assert "'name' is 500,000 characters long; at most 200" in err
    assert audit_head(env) == before


def test_a_132_mb_csv_is_refused_before_it_is_read(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    env = as_user(demo_env, "rbd.submitter")
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: 132 MB on paper
        handle.truncate(132 * 1024 * 1024)
    before = audit_head(env)
    for command in ("check", "submit"):
        code, _, err = run(env, command, str(path))
        assert code == 1
        assert "huge.csv: is 138.412 MB; a file may be at most 20 MB" in err
    assert audit_head(env) == before


def test_thousands_of_bad_rows_list_200_and_a_count(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    env = as_user(demo_env, "rbd.submitter")
    db = from_url(env["OPENBOOK_DATABASE_URL"])
    try:
        rows = valid_return_rows(db, "RBD")
    finally:
        db.dispose()
    bad = [*rows[1]]
    bad[rows[0].index("forecast_outturn")] = "x"
    path = tmp_path / "rbd_m12.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([*rows, *[bad] * 3000])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before = audit_head(env)
    code, _, err = run(env, "submit", str(path))
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("rbd_m12.csv")]
    assert len(lines) == 201
    assert "more problem(s) not listed; only the first 200 are shown" in lines[-1]
    assert "problem(s) found; nothing was stored." in err
    assert audit_head(env) == before


def test_the_hourly_escalation_limit_applies_to_the_cli(demo_env: dict[str, str]) -> None:
    env = {**as_user(demo_env, "rbd.viewer"), "OPENBOOK_ESCALATIONS_PER_HOUR": "2"}
    raise_one = [
        "escalations", "raise", "--system", "QVV", "--title", "=HYPERLINK(\"http://x\",\"y\")",
        "--subject", "RBD", "--remit", "finance", "--year", "2017/18", "--month", "M12",
    ]  # fmt: skip
    assert [run(env, *raise_one)[0] for _ in range(2)] == [0, 0]
    before = audit_head(env)
    code, _, err = run(env, *raise_one)
    assert code == 2
    assert "you have raised 2 escalations in the last hour" in err
    assert audit_head(env) == before
    # The title a viewer typed comes out of --format csv as text, never a formula.
    code, out, _ = run(env, "escalations", "list", "--system", "QVV", "--format", "csv")
    assert code == 0
    titles = [row for row in csv.reader(io.StringIO(out)) if any("HYPERLINK" in c for c in row)]
    assert len(titles) == 2
    assert all(cell.startswith("'=") for row in titles for cell in row if "HYPERLINK" in cell)


def test_free_text_is_bounded_on_the_cli_as_on_the_forms(demo_env: dict[str, str]) -> None:
    env = as_user(demo_env, "system.lead")
    _, listing, _ = run(env, "escalations", "list", "--system", "QVV", "--format", "csv")
    ref = next(row[0] for row in csv.reader(io.StringIO(listing)) if row[0].startswith("E-"))
    before = audit_head(env)
    code, _, err = run(env, "escalations", "resolve", ref, "--note", "x" * 1_000_000)
    assert code == 2 and "the note is 1,000,000 characters long; at most 2,000" in err
    code, _, err = run(
        env, "decisions", "record", "--system", "QVV", "--body", "ofrg", "--date", "2018-04-20",
        "--title", "x" * 301, "--decided", "Agreed",
    )  # fmt: skip
    assert code == 2 and "the title is 301 characters long; at most 300" in err
    assert audit_head(env) == before
