"""Pay and agency for the control-total years, from the monthly finance return: the page,
`GET /api/v1/systems/{s}/pay-agency` and `openbook pay` give the same agency share, and it
is the stored return's pay lines worked by hand; the system's ceiling flags members above
it; the tables download; a regime year keeps its own section."""

from __future__ import annotations

import html
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.finance import store
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.reference import store as reference_store
from openbook.reference.model.system_settings import SystemSettings
from tests.web.conftest import signed_in
from tests.web.test_api import auth, token_for

M12 = "year=2018/19&month=12"
OVERVIEW = f"/systems/QVV?{M12}"


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


def _flags(page: str) -> list[str]:
    callout = page.split('id="pay-agency-flags"', 1)[1].split("</div>", 1)[0]
    return [html.unescape(item).strip() for item in re.findall(r"<li>(.*?)</li>", callout)]


def _cli(db: Database, tmp_path: Path, *extra: str) -> Any:
    env = {
        "OPENBOOK_DATABASE_URL": str(db.engine.url),
        "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json"),
    }
    args = ["pay", "--system", "QVV", "--year", "2018/19", "--month", "12", *extra]
    result = CliRunner().invoke(cli_app, args, env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout) if extra else result.stdout


def test_the_page_the_api_and_the_cli_agree_with_the_stored_return(
    app: FastAPI, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    db = sqlite_demo_db
    with db.reading() as session:
        m12, m11 = (
            store.get_latest_returns(session, ["RD3"], FinancialYear(2018), m)["RD3"][0]
            for m in (12, 11)
        )
    pay = {c: m12.amount(f"pay.{c}", "actual_ytd") for c in ("substantive", "bank", "agency")}
    # RD3's M12 2018/19 return: agency £12,800,000 of £151,000,000 + £8,000,000 +
    # £12,800,000 = £171,800,000 is 7.4505%, 7.45; its agency plan YTD is £10,000,000.
    assert pay == {
        "substantive": Decimal("151000000"),
        "bank": Decimal("8000000"),
        "agency": Decimal("12800000"),
    }
    assert m12.amount("pay.agency", "plan_ytd") == Decimal("10000000")
    # In March alone: £1,085,450 agency of £14,647,369 pay (M12 YTD less M11 YTD) is 7.41%.
    in_month = {c: pay[c] - m11.amount(f"pay.{c}", "actual_ytd") for c in pay}
    assert in_month["agency"] == Decimal("1085450")
    assert sum(in_month.values()) == Decimal("14647369")

    cli = _cli(db, tmp_path, "--format", "json")
    by_cli = {s["code"]: s for s in cli["organisations"]}
    api = TestClient(app).get(
        f"/api/v1/systems/QVV/pay-agency?{M12}", headers=auth(token_for(db, "rbd.viewer"))
    )
    assert api.status_code == 200, api.text
    by_api = {s["code"]: s for s in api.json()["organisations"]}
    viewer = signed_in(app, "rbd.viewer")
    page = viewer.get(f"/systems/QVV/organisations/RD3?{M12}").text
    overview = viewer.get(OVERVIEW).text

    assert _text(page, "pay-agency-pct") == "7.45"
    assert _text(page, "pay-agency-pct-month") == "7.41"
    assert (
        by_cli["RD3"]["agency_pct_of_pay_ytd"] == by_api["RD3"]["agency_pct_of_pay_ytd"] == "7.45"
    )
    last = by_api["RD3"]["months"][-1]
    assert last == by_cli["RD3"]["months"][-1]
    assert last["pay_ytd"] == {
        "substantive": "151000000.00",
        "bank": "8000000.00",
        "agency": "12800000.00",
    }
    assert (last["agency_plan_ytd"], last["agency_over_plan_ytd"]) == ("10000000.00", "2800000.00")
    assert last["agency_pct_of_pay_in_month"] == "7.41"
    # The overview: RD3's 7.45%, no ceiling to be above, above plan; agency £12,800 k,
    # £2,800 k over plan.
    assert _row(overview, "pay-agency", "RD3")[1:] == ["7.45", "—", "yes", "12,800", "2,800"]
    # The system is the partners added up: £32,800,000 agency of £743,800,000 is 4.41%.
    assert _row(overview, "pay-agency", "QVV")[1:] == ["4.41", "—", "yes", "32,800", "2,800"]
    assert cli["system"]["agency_pct_of_pay_ytd"] == "4.41"
    assert cli["above_plan"] == ["RD3"] and cli["above_ceiling"] == []
    # No ceiling set: said so, nobody flagged against one.
    assert cli["ceiling"]["agency_pct_of_pay"] is None
    assert "the system sets none" in _text(overview, "pay-agency-basis")
    assert _text(overview, "pay-agency-ceiling") == "none set"
    assert _flags(overview) == [
        "Poole Hospital NHS Foundation Trust (RD3): agency 2,800 (£000) above its plan year to date"
    ]
    assert 'id="chart-spec-pay-agency-trend"' in overview


def test_the_systems_ceiling_flags_members_above_it(
    app: FastAPI, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    with sqlite_demo_db.transaction() as session:
        reference_store.record_system_settings(
            session, "QVV", SystemSettings(agency_ceiling_pct=Decimal("3.5"))
        )
    cli = _cli(sqlite_demo_db, tmp_path, "--format", "json")
    assert cli["ceiling"]["agency_pct_of_pay"] == "3.5"
    assert cli["above_ceiling"] == ["RD3", "RDY"]  # 7.45% and 3.91%; RBD 3.17%, RDZ 3.24%
    viewer = signed_in(app, "rbd.viewer")
    overview = viewer.get(OVERVIEW).text
    assert _text(overview, "pay-agency-ceiling") == "3.5%"
    assert _flags(overview)[0] == (
        "Poole Hospital NHS Foundation Trust (RD3): 7.45% of its pay bill, above the 3.5% ceiling"
    )
    assert _row(overview, "pay-agency-trend", "M12")[-2:] == ["4.41", "3.5"]
    table = _cli(sqlite_demo_db, tmp_path)
    assert "Ceiling 3.5%" in table and "QVV (system)" in table


def test_the_pay_tables_download_with_every_column(app: FastAPI) -> None:
    viewer = signed_in(app, "rbd.viewer")
    answer = viewer.get(f"{OVERVIEW}&download=pay-agency.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Organisation", "Substantive YTD (£)", "Bank YTD (£)", "Agency YTD (£)"]
    rd3 = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "RD3")
    assert [c.value for c in rd3[1:4]] == [151_000_000, 8_000_000, 12_800_000]
    csv = viewer.get(f"/systems/QVV/organisations/RD3?{M12}&download=pay-agency-trend.csv")
    assert csv.status_code == 200
    assert "RD3 agency % in month" in csv.text.splitlines()[0]
