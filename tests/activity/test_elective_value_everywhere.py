"""Elective value and aligned payment on the demonstration's recent years: the same
figures from the CLI, the REST API and the activity page; the activity report pays the
aligned payment contracts by their stored terms; clear errors for what cannot be measured."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.accounts.account import authenticate, create_token
from openbook.activity.elective_value import elective_value_report
from openbook.activity.report import activity_report
from openbook.compose import from_url
from openbook.config import Settings
from openbook.demo.users import DEMO_PASSWORD
from openbook.kernel.database import Database
from openbook.kernel.money import format_thousands
from openbook.kernel.period import FinancialYear
from openbook.web import create_app
from tests.web.conftest import sign_in

runner = CliRunner()
YEAR = FinancialYear.parse("2024/25")


@pytest.fixture
def db(recent_env: dict[str, str]) -> Database:
    return from_url(recent_env["OPENBOOK_DATABASE_URL"])


def _cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    from openbook.cli import app

    result = runner.invoke(app, ["activity", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_the_same_figures_from_cli_api_and_page(
    recent_env: dict[str, str], db: Database, tmp_path: Path
) -> None:
    code, out, _ = _cli(
        recent_env, "elective-value", "--system", "QVV", "--year", "2024/25", "-m", "M9",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    from_cli = json.loads(out)
    settings = Settings(database_url=recent_env["OPENBOOK_DATABASE_URL"], var_dir=tmp_path / "v")
    app = create_app(settings, db)
    token, _ = create_token(db, authenticate(db, "rbd.viewer", DEMO_PASSWORD), "tests")
    api = TestClient(app).get(
        "/api/v1/systems/QVV/elective-value",
        params={"year": "2024/25", "month": 9},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 200
    assert api.json() == from_cli
    assert from_cli["month"] == "M9" and from_cli["baseline_year"] == "2019/20"
    assert from_cli["target_percent"] == "107" and from_cli["synthetic"] is True
    system = next(line for line in from_cli["lines"] if line["level"] == "system")
    # The YTD % is the YTD value over the YTD baseline, not an average of months.
    value, baseline = Decimal(system["value_ytd"]), Decimal(system["baseline_ytd"])
    assert system["percent_ytd"] == str((value * 100 / baseline).quantize(Decimal("0.1")))
    assert sum(Decimal(m["value"]) for m in system["months"]) == value
    assert len(system["months"]) == 9
    providers = [line for line in from_cli["lines"] if line["level"] == "provider"]
    assert sum(Decimal(line["value_ytd"]) for line in providers) == value
    page = sign_in(TestClient(app, follow_redirects=False), "rbd.viewer").get(
        "/activity?year=2024/25&month=9"
    )
    assert page.status_code == 200
    assert "Elective value against 2019/20" in page.text
    for line in [system, *providers]:
        shown = format_thousands(Decimal(line["value_ytd"]))
        percent = f"{Decimal(line['percent_ytd']):.1f}%"
        assert shown in page.text and percent in page.text, line
    download = sign_in(TestClient(app, follow_redirects=False), "rbd.viewer").get(
        "/activity?year=2024/25&month=9&download=elective-value.csv"
    )
    rows = list(csv.reader(io.StringIO(download.text)))
    assert rows[1][:4] == ["all providers", "all commissioners", system["value_ytd"],
                           system["baseline_ytd"]]  # fmt: skip
    db.dispose()


def test_the_activity_report_pays_aligned_contracts_by_their_terms(db: Database) -> None:
    report = activity_report(db, "QVV", YEAR, 9)
    value = elective_value_report(db, "QVV", YEAR, 9)
    assert report.shadow_pbr == ()  # every acute contract here has aligned payment terms
    rbd = next(p for p in report.aligned_payment if p.provider_code == "RBD")
    pair = value.line("RBD", "11J")
    assert pair is not None and rbd.elective_value == pair.value_ytd
    # Terms: fixed £186,927,291 a year, baseline 103% of RBD's 2019/20 elective value for
    # 11J at 2024/25 prices; M9 is nine twelfths of each, the variable at 100%.
    assert rbd.fixed == Decimal("140195468.25")  # 186,927,291 x 9 / 12
    assert rbd.variable == rbd.elective_value - rbd.baseline
    assert rbd.payment == rbd.fixed + rbd.variable
    db.dispose()


def test_new_terms_change_the_payment(recent_env: dict[str, str], db: Database) -> None:
    code, out, err = _cli(
        recent_env, "set-terms", "--commissioner", "11J", "--provider", "RBD", "--year",
        "2024/25", "--fixed", "186,927,291", "--baseline", "36000000", "--variable-rate", "50",
        "--reason", "baseline agreed at M6",
    )  # fmt: skip
    assert code == 0, err
    assert "Stored the 2024/25 terms of 11J-RBD as version 2: aligned payment." in out
    rbd = next(
        p for p in activity_report(db, "QVV", YEAR, 12).aligned_payment if p.provider_code == "RBD"
    )
    assert rbd.baseline == Decimal("36000000")
    assert rbd.variable == ((rbd.elective_value - Decimal(36_000_000)) / 2).quantize(
        Decimal("0.01")
    )
    code, out, _ = _cli(recent_env, "terms", "--year", "2024/25", "--provider", "RBD", "-f", "json")
    assert code == 0 and json.loads(out)[0]["version"] == 2
    code, _, err = _cli(
        recent_env, "set-terms", "--commissioner", "11J", "--provider", "RBD", "--year",
        "2024/25", "--fixed", "12,5OO", "--baseline", "1", "--reason", "x",
    )  # fmt: skip
    assert code == 2 and "--fixed '12,5OO' is not a number" in err
    db.dispose()


def test_what_cannot_be_measured_says_why(recent_env: dict[str, str]) -> None:
    code, _, err = _cli(recent_env, "elective-value", "--system", "QVV", "--year", "2019/20")
    assert code == 2 and "measured against 2019/20: choose a later year" in err
    code, _, err = _cli(recent_env, "elective-value", "--system", "QVV", "--year", "2020/21")
    assert code == 2 and "no prices held for 2020/21" in err
    code, out, _ = _cli(
        recent_env, "elective-value", "--system", "QVV", "--year", "2025/26", "--target", "110",
        "-f", "csv", "--by-month",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["month"] for r in rows} == {f"M{m}" for m in range(1, 13)}
