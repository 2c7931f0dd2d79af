"""Today's regime on the pages, the API and the board pack, on the demonstration with its
recent years: 2026/27 M6 shows each body's breakeven, capital against its envelope, cash
days, BPPC and agency pay against the system's ceiling; the page, the API and
`openbook position --format json` give the same figures; 2017/18 pages are as before."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.compose import from_url
from openbook.config import Settings
from openbook.governance.pack import build_board_pack, render_board_pack
from openbook.kernel.database import Database
from openbook.reference import store as reference_store
from openbook.reference.model.system_settings import SystemSettings
from openbook.web.app import create_app
from tests.regime.conftest import _recent_template
from tests.web.conftest import make_app, signed_in
from tests.web.test_api import auth, token_for

__all__ = ["_recent_template"]  # the session's recent demonstration, built once
M6 = "year=2026/27&month=6"
OVERVIEW = f"/systems/QVV?{M6}"
RBD = f"/systems/QVV/organisations/RBD?{M6}"


@pytest.fixture
def recent_db(_recent_template: Path, tmp_path: Path) -> Iterator[Database]:
    target = tmp_path / "recent.db"
    shutil.copy(_recent_template, target)
    db = from_url(f"sqlite:///{target}")
    yield db
    db.dispose()


@pytest.fixture
def recent_app(recent_db: Database, tmp_path: Path) -> FastAPI:
    return make_app(recent_db, tmp_path)


def _text(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    end = page.index("</", start)
    return html.unescape(re.sub(r"<[^>]+>", "", page[page.index(">", start) + 1 : end])).strip()


def _row(page: str, table: str, first_cell: str) -> list[str]:
    body = page.split(f'id="table-{table}"', 1)[1].split("</table>", 1)[0]
    for row in re.findall(r"<tr.*?</tr>", body, flags=re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} in table {table}")


def _cli_json(recent_db: Database, tmp_path: Path) -> dict[str, Any]:
    env = {
        "OPENBOOK_DATABASE_URL": str(recent_db.engine.url),
        "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json"),
    }
    args = ["position", "--system", "QVV", "--year", "2026/27", "--month", "6", "-f", "json"]
    result = CliRunner().invoke(cli_app, args, env=env)
    assert result.exit_code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def test_the_page_the_api_and_the_cli_agree_on_cash_days_and_agency_share(
    recent_app: FastAPI, recent_db: Database, tmp_path: Path
) -> None:
    cli = {o["org_code"]: o for o in _cli_json(recent_db, tmp_path)["organisations"]}
    api = TestClient(recent_app)
    headers = auth(token_for(recent_db, "rbd.viewer"))
    answer = api.get(f"/api/v1/systems/QVV/regime-position?{M6}", headers=headers)
    assert answer.status_code == 200, answer.text
    by_api = {o["org_code"]: o for o in answer.json()["organisations"]}
    pay = api.get(f"/api/v1/systems/QVV/workforce-pay?{M6}", headers=headers).json()
    by_trend = {s["code"]: s for s in pay["organisations"]}
    viewer = signed_in(recent_app, "rbd.viewer")
    overview = viewer.get(OVERVIEW).text
    for code in ("RBD", "R0D"):
        page = viewer.get(f"/systems/QVV/organisations/{code}?{M6}").text
        figures = (
            _text(page, "regime-cash-days"),
            _text(page, "regime-agency-pct"),
        )
        assert figures == (cli[code]["cash_days"], cli[code]["agency_pct_of_pay"])
        assert (by_api[code]["cash_days"], by_api[code]["agency_pct_of_pay"]) == figures
        assert by_trend[code]["agency_pct_of_pay"] == figures[1]
        row = _row(overview, "regime", code)
        assert (row[4], row[7]) == figures  # cash days, agency % of pay
    # Hand-worked from RBD's M6 returns: £11,775,610 cash over a day of its £252,829,275
    # operating expenditure (÷ 365) is 17.0002 days, 17.0; agency pay £1,463,116 of
    # £79,395,125 + £2,927,962 + £1,463,116 = £83,786,203 is 1.7462%, 1.75.
    assert (cli["RBD"]["cash_days"], cli["RBD"]["agency_pct_of_pay"]) == ("17.0", "1.75")
    assert (cli["R0D"]["cash_days"], cli["R0D"]["agency_pct_of_pay"]) == ("10.0", "1.96")


def test_the_organisation_page_shows_the_regime_its_capital_cash_and_workforce(
    recent_app: FastAPI,
) -> None:
    viewer = signed_in(recent_app, "rbd.viewer")
    page = viewer.get(RBD).text
    assert (
        _text(page, "regime-name") == "Individual breakeven; the system total a local arrangement"
    )
    assert _text(page, "regime-breakeven") == "yes"
    assert 'href="/regimes/2026-27"' in page
    # CDEL: RBD's twelve scheme lines add up to its £15.31m forecast against £12.25m.
    assert _row(page, "capital", "All schemes")[2:] == ["15,310", "3,827", "15,310"]
    assert _row(page, "capital", "Capital envelope")[2] == "12,248"
    assert _row(page, "cash", "RBD")[1:] == ["11,776", "17.0", "96.20", "95", "yes"]
    agency = _row(page, "workforce", "agency")
    assert agency[1:3] == ["31.58", "31.58"] and agency[-1] == "1.75"
    assert "not by staff group" not in page  # its return has the staff groups
    ceiling = page.split('id="agency-ceiling"', 1)[1].split("</p>", 1)[0]
    assert "<strong>1.90%</strong>" in ceiling
    assert 'id="above-ceiling"' not in page  # RBD's 1.75% is below it
    rules = viewer.get("/regimes/2026-27")
    assert rules.status_code == 200
    rules_text = html.unescape(rules.text)
    assert (
        '<h1 class="nhsuk-heading-l">Individual breakeven; the system total a local' in rules_text
    )
    assert "95% of invoices within 30 days" in rules_text
    assert "agency down at least 30%, bank down at least 10%" in rules_text


def test_the_overview_flags_members_above_the_agency_ceiling(recent_app: FastAPI) -> None:
    """The ceiling by default: last year's (2025/26 M12) system share, 2.71%, less the
    regime's 30% reduction = 1.897, to two decimals 1.90%. 11J (3.17%), R0D (1.96%) and the
    associate RYF (2.01%) are above it; RBD (1.75%), RDY (1.63%) and the system (1.84%) not."""
    page = signed_in(recent_app, "rbd.viewer").get(OVERVIEW).text
    ceiling = page.split('id="agency-ceiling"', 1)[1].split("</p>", 1)[0]
    assert "1.90%" in ceiling and "2.71% less 30%" in ceiling
    flagged = page.split('id="above-ceiling"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r"\((\w+)\): ([\d.]+)%", flagged) == [
        ("11J", "3.17"),
        ("R0D", "1.96"),
        ("RYF", "2.01"),
    ]
    assert [_row(page, "regime", c)[-1] for c in ("RBD", "RDY", "QVV")] == ["no", "no", "no"]
    trend = _row(page, "agency-trend", "M6")
    assert trend[-2:] == ["1.84", "1.90"]  # the system, the ceiling
    assert 'id="chart-spec-agency-trend"' in page


def test_a_ceiling_the_system_sets_replaces_the_regimes(
    recent_app: FastAPI, recent_db: Database
) -> None:
    with recent_db.transaction() as session:
        reference_store.record_system_settings(
            session, "QVV", SystemSettings(agency_ceiling_pct=Decimal("2.5"))
        )
    api = TestClient(recent_app)
    headers = auth(token_for(recent_db, "rbd.viewer"))
    pay = api.get(f"/api/v1/systems/QVV/workforce-pay?{M6}", headers=headers).json()
    assert pay["ceiling"]["agency_pct_of_pay"] == "2.5"
    assert pay["ceiling"]["basis"] == "setting"
    assert pay["above_ceiling"] == ["11J"]
    assert [m["agency_pct_of_pay"] for m in pay["system"]["months"]] == [
        "1.82",
        "1.83",
        "1.83",
        "1.84",
        "1.84",
        "1.84",
    ]


def test_the_new_tables_download_as_formatted_workbooks(recent_app: FastAPI) -> None:
    viewer = signed_in(recent_app, "rbd.viewer")
    answer = viewer.get(f"{RBD}&download=capital.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == [
        "Scheme category",
        "Funding source",
        "Annual plan (£)",
        "YTD actual (£)",
        "Forecast outturn (£)",
    ]
    total = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "All schemes")
    assert total[4].value == 15_309_695  # capital_forecast of the CLI, to the pound
    assert total[4].number_format == "#,##0.00;(#,##0.00)"
    cash = load_workbook(io.BytesIO(viewer.get(f"{OVERVIEW}&download=cash.xlsx").content)).active
    days = next(row for row in cash.iter_rows(min_row=2) if row[0].value == "RBD")
    assert days[3].value == 17 and days[3].number_format == "General"  # a number, not text
    assert (cash.column_dimensions["A"].width or 0) >= len("Organisation")


def test_the_staff_groups_on_the_pages_as_in_the_position(
    recent_app: FastAPI, recent_db: Database, tmp_path: Path
) -> None:
    viewer = signed_in(recent_app, "rbd.viewer")
    page = viewer.get(RBD).text
    nursing = _row(page, "staff-groups", "Registered nursing, midwifery and health visiting staff")
    # RBD's synthetic 2026/27 M6: 1,231.09 WTE planned and in post; £32,366k of £66,440k
    # paid to date, of which agency £585k (1.81%); the same as the position's JSON.
    assert nursing[1:] == ["1,231.09", "1,231.09", "0.00", "66,440", "32,366", "66,440", "1.81"]
    rbd = next(o for o in _cli_json(recent_db, tmp_path)["organisations"] if o["org_code"] == "RBD")
    assert rbd["pay_by_staff_group"]["nursing"]["agency_pct_of_pay"] == "1.81"
    assert rbd["wte_by_staff_group"]["nursing"]["plan"] == "1231.09"
    api = TestClient(recent_app)
    headers = auth(token_for(recent_db, "rbd.viewer"))
    by_api = api.get(f"/api/v1/systems/QVV/regime-position?{M6}", headers=headers).json()
    api_rbd = next(o for o in by_api["organisations"] if o["org_code"] == "RBD")
    assert api_rbd["wte_by_staff_group"] == rbd["wte_by_staff_group"]
    assert api_rbd["pay_by_staff_group"] == rbd["pay_by_staff_group"]
    answer = viewer.get(f"{RBD}&download=staff-groups.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Staff group", "WTE plan", "WTE actual"]
    assert "Agency WTE" in header and "Bank % of pay YTD" in header  # beyond the page's
    admin = next(row for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("Admin"))
    assert admin[0].value == "Admin and estates: NHS infrastructure support"
    overview = viewer.get(OVERVIEW).text
    assert _row(overview, "staff-groups", "Medical and dental")[0] == "Medical and dental"
    assert "The partners that give staff groups, added up." in overview


def test_before_2019_20_the_pages_keep_the_control_total_shape(recent_app: FastAPI) -> None:
    viewer = signed_in(recent_app, "rbd.viewer")
    for url in ("/systems/QVV?year=2017/18&month=12", "/systems/QVV/organisations/RBD"):
        page = viewer.get(url if "?" in url else f"{url}?year=2018/19&month=12").text
        assert 'id="regime"' not in page
        assert 'id="pay-agency"' in page  # pay and agency from the finance return instead
    regime_year = viewer.get(OVERVIEW).text
    assert 'id="pay-agency"' not in regime_year and 'id="regime-agency"' in regime_year
    api = TestClient(recent_app)
    headers = auth(token_for(recent_app.state.openbook.db, "rbd.viewer"))
    refused = api.get("/api/v1/systems/QVV/regime-position?year=2017/18&month=6", headers=headers)
    assert refused.status_code == 400
    assert "keep the control-total shape" in refused.json()["error"]["message"]


def test_the_board_pack_has_capital_cash_and_workforce_in_a_regime_year(
    recent_db: Database,
) -> None:
    pack = build_board_pack(recent_db, "QVV", "ofrg", date(2026, 10, 20))
    assert pack.period_label == "M6 2026/27" and pack.regime is not None
    assert pack.pay is None  # the regime's workforce section has the agency share
    rbd = next(row for row in pack.regime.rows if row.code == "RBD")
    assert (rbd.cash_days, rbd.agency_pct, rbd.above_ceiling) == ("17.0", "1.75", "no")
    assert rbd.capital_forecast == Decimal("15309695.00")
    assert pack.regime.above_ceiling == ("11J 3.17%", "R0D 1.96%", "RYF 2.01%")
    text = render_board_pack(pack, ".html").decode()
    assert "Capital, cash and workforce under the 2026/27 regime" in text
    sheet = load_workbook(io.BytesIO(render_board_pack(pack, ".xlsx")))["Capital cash workforce"]
    assert [c.value for c in sheet[1]][:3] == ["org_code", "name", "role"]
    assert build_board_pack(recent_db, "QVV", "ofrg", date(2018, 4, 20)).regime is None


def test_the_web_reads_a_systems_own_rules(recent_db: Database, tmp_path: Path) -> None:
    """OPENBOOK_REGIME_DIR reaches the pages as it reaches the command line."""
    local = tmp_path / "rules"
    local.mkdir()
    (local / "2026-27.yaml").write_text(
        "local_rules:\n  - The partners hold the system total at breakeven locally.\n",
        encoding="utf-8",
    )
    settings = Settings(
        database_url=str(recent_db.engine.url), var_dir=tmp_path / "var", regime_dir=str(local)
    )
    client = signed_in(create_app(settings, recent_db), "system.lead")
    page = client.get("/regimes/2026-27")
    assert page.status_code == 200
    assert "The partners hold the system total at breakeven locally." in page.text
