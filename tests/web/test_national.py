"""The national view: the page, GET /api/v1/national and `openbook national` give the same
systems and figures, and each system links to its own overview."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi import FastAPI
from typer.testing import CliRunner

from openbook.cli import app as cli
from openbook.demo.england import build_england_demo
from openbook.kernel.database import Database
from openbook.kernel.money import format_cell, parse_money
from tests.web.conftest import make_app, signed_in
from tests.web.test_api import auth, token_for

ROW = (
    r'<tr class="nhsuk-table__row">\s*<th scope="row"[^>]*><a href="([^"]+)"[^>]*>{code}</a>'
    r"(.*?)</tr>"
)


def _england(db: Database, tmp_path: Path) -> FastAPI:
    build_england_demo(db, limit=2, years=("2017/18",), months=2)
    return make_app(db, tmp_path)


def test_page_api_and_cli_agree(sqlite_demo_db: Database, tmp_path: Path) -> None:
    app = _england(sqlite_demo_db, tmp_path)
    api = signed_in(app, "rbd.viewer")
    answer = api.get("/api/v1/national", headers=auth(token_for(sqlite_demo_db, "rbd.viewer")))
    assert answer.status_code == 200
    env = {"OPENBOOK_DATABASE_URL": str(sqlite_demo_db.engine.url)}
    printed = CliRunner().invoke(cli, ["national", "--format", "json"], env=env)
    assert json.loads(printed.stdout) == answer.json()
    page = signed_in(app, "rbd.viewer").get("/national")
    assert page.status_code == 200 and "SYNTHETIC" in page.text
    for system in answer.json()["systems"]:
        code, gap = system["system_code"], parse_money(system["gap"])
        row = re.search(ROW.format(code=code), page.text, re.S)
        assert row, f"{code} is not a row of the page"
        assert row.group(1).startswith(f"/systems/{code}")
        assert format_cell(gap) in row.group(2)
        assert f">{system['escalations_open']}<" in row.group(2)


def test_a_system_drills_into_its_own_overview(sqlite_demo_db: Database, tmp_path: Path) -> None:
    app = _england(sqlite_demo_db, tmp_path)
    client = signed_in(app, "rbd.viewer")
    link = re.search(r'href="(/systems/QA1[^"]*)"', client.get("/national").text)
    assert link
    overview = client.get(link.group(1).replace("&amp;", "&"))
    assert overview.status_code == 200 and "England system QA1 (SYNTHETIC)" in overview.text


def test_download_keeps_every_system(sqlite_demo_db: Database, tmp_path: Path) -> None:
    app = _england(sqlite_demo_db, tmp_path)
    csv_text = signed_in(app, "rbd.viewer").get("/national?download=national.csv").text
    assert [line.split(",")[0] for line in csv_text.splitlines()[1:]] == ["QA0", "QA1", "QVV"]
