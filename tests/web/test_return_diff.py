"""What changed between two versions of a return: the same on the page, in the CLI and in
the API, line by line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.finance.submit import submit_return_file
from openbook.finance.version_diff import diff_versions
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from tests.principals import principal
from tests.returns import TODAY, valid_return_rows, worse_forecast, write_rows
from tests.web.conftest import signed_in
from tests.web.test_api import token_for

Y1718 = FinancialYear.parse("2017/18")


def resubmit_rbd(db: Database, tmp_path: Path) -> None:
    """RBD's M12 return again, £300k more non-pay in the forecast (and the subtotals)."""
    rows = worse_forecast(valid_return_rows(db, org="RBD"), -300_000)
    path = write_rows(tmp_path / "rbd.csv", rows)
    submit_return_file(db, path, principal("rbd.submitter"), TODAY)


def test_the_diff_lists_each_changed_amount_the_same_everywhere(
    app: FastAPI, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    resubmit_rbd(sqlite_demo_db, tmp_path)
    diff = diff_versions(sqlite_demo_db, "RBD", Y1718, 12)
    assert (diff.before.version, diff.after.version) == (1, 2)
    assert {(c.line_code, c.column, c.change) for c in diff.lines} == {
        ("non_pay", "forecast_outturn", Decimal(300_000)),
        ("expenditure.total", "forecast_outturn", Decimal(300_000)),
        ("surplus_deficit", "forecast_outturn", Decimal(-300_000)),
        ("surplus_deficit.excl_sustainability", "forecast_outturn", Decimal(-300_000)),
    }
    token = {"Authorization": f"Bearer {token_for(sqlite_demo_db, 'rd3.viewer')}"}
    api = TestClient(app).get(
        "/api/v1/returns/diff?org_code=RBD&year=2017/18&month=12&from=1&to=2", headers=token
    )
    assert api.status_code == 200 and api.json() == json.loads(json.dumps(diff.as_dict()))
    page = signed_in(app, "rd3.viewer")
    org = page.get("/systems/QVV/organisations/RBD?year=2017/18&month=12").text
    assert 'id="compare-versions"' in org
    html = page.get("/systems/QVV/organisations/RBD/returns/diff?year=2017/18&month=12").text
    assert "Amounts changed from version 1 to 2" in html and "non_pay" in html
    missing = page.get("/systems/QVV/organisations/RBD/returns/diff?year=2017/18&month=12&from=7")
    assert missing.status_code == 404 and "versions are 1, 2" in missing.text
