"""`openbook audit anchor` and `openbook audit verify --anchor/--deep` as an operator uses
them: exit 0 on an untouched store, exit 1 naming the anchor or the difference otherwise."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from openbook.cli import app
from openbook.compose import from_url
from tests.kernel.test_audit_anchor import cut_history, rewrite_history

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def raw_sql(env: dict[str, str], statement: str) -> None:
    db = from_url(env["OPENBOOK_DATABASE_URL"])
    with db.engine.begin() as connection:
        connection.execute(text(statement))
    db.dispose()


def test_anchor_then_verify_against_it(demo_env: dict[str, str], tmp_path: Path) -> None:
    anchors = tmp_path / "anchors.jsonl"
    code, out, err = run(demo_env, "audit", "anchor", "--to", str(anchors))
    assert code == 0, err
    # one anchor per chain: the store's, and Dorset's (its returns, proposals, governance)
    lines = [json.loads(line) for line in anchors.read_text().splitlines()]
    assert [line.get("chain", "store") for line in lines] == ["store", "QVV"]
    store, dorset = lines
    assert f"Anchored event {store['sequence']} ({store['hash']})" in out
    assert f"Anchored chain QVV event {dorset['sequence']} ({dorset['hash']})" in out
    code, out, err = run(demo_env, "audit", "verify", "--anchor", str(anchors))
    assert code == 0, err
    assert "in 2 chain(s), hash chains verified, 1 anchor source(s) matched" in out


def test_plain_verify_checks_the_default_anchor_file(demo_env: dict[str, str]) -> None:
    code, _, err = run(demo_env, "audit", "anchor")
    assert code == 0, err
    default = Path(demo_env["OPENBOOK_VAR_DIR"]) / "audit-anchors.jsonl"
    assert default.exists()
    code, out, _ = run(demo_env, "audit", "verify")
    assert code == 0 and f"Checking the anchors in {default}." in out
    db = from_url(demo_env["OPENBOOK_DATABASE_URL"])
    rewrite_history(db, 1, {"forged": True})
    db.dispose()
    code, _, err = run(demo_env, "audit", "verify")
    assert code == 1 and f"anchor at {default} line 1" in err


def test_a_rewritten_history_fails_against_the_anchor(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    anchors = tmp_path / "anchors.jsonl"
    run(demo_env, "audit", "anchor", "--to", str(anchors))
    db = from_url(demo_env["OPENBOOK_DATABASE_URL"])
    rewrite_history(db, 5, {"forged": True})
    db.dispose()
    assert run(demo_env, "audit", "verify")[0] == 0  # the chain alone is fooled
    code, _, err = run(demo_env, "audit", "verify", "--anchor", str(anchors))
    assert code == 1
    assert f"anchor at {anchors} line 1" in err and "rewritten" in err
    assert "Audit log is NOT intact" in err


def test_a_rewound_head_fails_against_the_anchor_database(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'anchors.db'}"
    code, out, _ = run(demo_env, "audit", "anchor", "--database", url)
    assert code == 0 and url in out
    db = from_url(demo_env["OPENBOOK_DATABASE_URL"])
    with db.reading() as session:
        last = session.execute(
            text("SELECT last_sequence FROM audit_head WHERE chain = 'QVV'")
        ).scalar_one()
    cut_history(db, last - 3, "QVV")
    db.dispose()
    code, _, err = run(demo_env, "audit", "verify", "--database", url)
    assert code == 1
    assert "audit_anchor id 2" in err and "the head rewound" in err  # QVV's, after the store's


def test_deep_verify_reports_a_role_changed_with_sql(demo_env: dict[str, str]) -> None:
    code, out, err = run(demo_env, "audit", "verify", "--deep")
    assert code == 0, err
    assert "the tables match what the audit events record" in out
    raw_sql(demo_env, "UPDATE user_account SET role = 'system_lead' WHERE username = 'rd3.viewer'")
    assert run(demo_env, "audit", "verify")[0] == 0
    code, out, err = run(demo_env, "audit", "verify", "--deep")
    assert code == 1
    assert "rd3.viewer: the table holds role system_lead, active" in err
    assert "The tables do NOT match the audit events: 1 difference(s)." in err
