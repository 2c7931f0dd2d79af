"""`openbook governance|escalations|decisions|notifications|pack` as a system lead uses them."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from openbook.cli import app
from tests.cli.conftest import as_user

runner = CliRunner()
GOVERNANCE_FILE = (
    Path(__file__).parents[2] / "src" / "openbook" / "demo" / "data" / "dorset_governance.yaml"
)


@pytest.fixture
def env(demo_env: dict[str, str]) -> dict[str, str]:
    """Signed in as the system finance lead, who works escalations and records decisions."""
    return as_user(demo_env, "system.lead")


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_bodies_and_escalations(env: dict[str, str]) -> None:
    code, out, _ = run(env, "governance", "bodies", "--system", "QVV", "--format", "csv")
    assert code == 0 and "ofrg,Operational finance reference group,finance" in out
    code, out, _ = run(
        env,
        "escalations",
        "list",
        "--system",
        "QVV",
        "--body",
        "ofrg",
        "--year",
        "2017/18",
        "--format",
        "json",
    )
    assert code == 0
    titles = [e["title"] for e in json.loads(out)]
    assert "RD3 forecast £1,500k behind its control total" in titles
    code, out, _ = run(
        env,
        "escalations",
        "evaluate",
        "--system",
        "QVV",
        "--year",
        "2017/18",
        "--month",
        "M12",
        "--as-of",
        "2018-04-20",
    )
    assert code == 0 and out.startswith("Raised 0, reopened 0, cleared 0;")


def test_raise_work_and_resolve(env: dict[str, str]) -> None:
    code, out, _ = run(
        env,
        "escalations",
        "raise",
        "--system",
        "QVV",
        "--title",
        "Stroke unit staffing",
        "--subject",
        "RBD",
        "--remit",
        "workforce",
        "--year",
        "2018/19",
        "--month",
        "M7",
    )
    assert code == 0 and "with slt" in out
    ref = out.split()[1]
    assert (
        run(
            env,
            "escalations",
            "action",
            ref,
            "--description",
            "Rota review",
            "--owner",
            "rbd.approver",
            "--due",
            "2018-12-01",
        )[0]
        == 0
    )
    action = re.search(
        r"action (\d+) \[open\] Rota review", run(env, "escalations", "show", ref)[1]
    )
    assert action is not None
    assert (
        run(env, "escalations", "done", ref, "--action", action.group(1), "--note", "Done")[0] == 0
    )
    code, out, _ = run(env, "escalations", "escalate", ref, "--reason", "Board to decide")
    assert code == 0 and "to board" in out
    code, _, err = run(env, "escalations", "escalate", ref, "--reason", "again")
    assert code == 2 and "the top of the path" in err
    assert run(env, "escalations", "resolve", ref, "--note", "Rota filled")[0] == 0
    code, out, _ = run(env, "escalations", "show", ref)
    assert "resolved" in out and "action-done" in out and "escalated" in out


def test_record_and_export_decisions(env: dict[str, str], tmp_path: Path) -> None:
    code, out, _ = run(
        env,
        "decisions",
        "record",
        "--system",
        "QVV",
        "--body",
        "ofrg",
        "--date",
        "2018-04-20",
        "--title",
        "Year-end position accepted",
        "--decided",
        "The OFRG accepts the M12 position.",
        "--option",
        "Accept",
        "--option",
        "Defer",
        "--agreed",
        "RD3=rd3.approver",
        "--agreed",
        "RDZ=rdz.approver",
    )
    assert code == 0 and "Agreed by RD3 (rd3.approver), RDZ (rdz.approver)" in out
    code, out, _ = run(env, "decisions", "list", "--system", "QVV", "--search", "year-end")
    assert code == 0 and "Year-end position accepted" in out
    export = tmp_path / "decisions.xlsx"
    assert run(env, "decisions", "list", "--system", "QVV", "-o", str(export))[0] == 0
    assert export.read_bytes()[:2] == b"PK"
    code, _, err = run(
        env,
        "decisions",
        "record",
        "--system",
        "QVV",
        "--body",
        "nope",
        "--date",
        "2018-04-20",
        "--title",
        "x",
        "--decided",
        "y",
    )
    assert code == 2 and "QVV has no body 'nope'" in err
    code, out, _ = run(env, "notifications", "list", "--user", "rd3.approver")
    assert code == 0 and "Year-end position accepted" in out


def test_the_m12_pack_as_pdf(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    code, out, _ = run(
        env, "pack", "--system", "QVV", "--body", "ofrg", "--date", "2018-04-20", "-o", str(target)
    )
    said = " ".join(out.split())
    assert code == 0 and "the pack issued 20 April 2018 09:30 UTC by 11j.approver" in said
    assert "figures to M12 2017/18 as known at 20 April 2018 09:30 UTC" in said
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    code, position, _ = run(
        env, "position", "--system", "QVV", "--year", "2017/18", "--month", "12", "--format", "csv"
    )
    rd3 = next(line for line in position.splitlines() if line.startswith("RD3,"))
    assert "(1,500)" in text and "-1500000.00" in rd3
    code, _, err = run(
        env,
        "pack",
        "--system",
        "QVV",
        "--body",
        "ofrg",
        "--date",
        "2018-04-20",
        "-o",
        str(tmp_path / "pack.docx"),
    )
    assert code == 2 and "a pack is written as .pdf, .html or .xlsx" in err


def test_a_pack_is_issued_once_and_listed_with_its_hash(
    env: dict[str, str], tmp_path: Path
) -> None:
    draft = tmp_path / "draft.html"
    code, out, _ = run(
        env, "pack", "--system", "QVV", "--body", "ofrg", "--date", "2018-05-18", "-o", str(draft)
    )
    assert code == 0 and "DRAFT" in out and "not issued" in draft.read_text()
    issue = ("issue-pack", "--system", "QVV", "--body", "ofrg", "--date", "2018-05-18")
    code, _, err = run(as_user(env, "rd3.viewer"), *issue)
    assert code != 0 and "only the chair" in err
    code, out, _ = run(as_user(env, "system.lead"), *issue)
    assert code == 0 and "Issued the ofrg pack for 18 May 2018" in out
    code, _, err = run(as_user(env, "system.lead"), *issue)
    assert code != 0 and "never regenerated" in err
    code, out, _ = run(env, "packs", "--system", "QVV", "--format", "json")
    listed = json.loads(out)
    assert {(p["meeting_date"], p["format"]) for p in listed} >= {
        ("2018-04-20", "pdf"),
        ("2018-05-18", "html"),
    }
    issued = tmp_path / "issued.html"
    run(env, "pack", "--system", "QVV", "--body", "ofrg", "--date", "2018-05-18", "-o", str(issued))
    sha = next(
        p["sha256"] for p in listed if p["meeting_date"] == "2018-05-18" and p["format"] == "html"
    )
    assert hashlib.sha256(issued.read_bytes()).hexdigest() == sha


def test_loading_a_governance_file(env: dict[str, str], tmp_path: Path) -> None:
    code, out, _ = run(env, "governance", "load", str(GOVERNANCE_FILE))
    assert code == 0 and "as version 2" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("system: QVV\nbodies: []\nrules: {nonsense: 1}\n")
    code, _, err = run(env, "governance", "load", str(bad))
    assert code == 1 and "unknown rule setting 'nonsense'" in err
