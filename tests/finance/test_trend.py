"""Trends: every month's figures are that month's position, as the position report gives it;
the page, the CLI and the API show the same figures."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.finance.model.run_rate import calculate_run_rate
from openbook.finance.position_report import get_system_position
from openbook.finance.trend import get_trends
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear

YEAR = FinancialYear(2017)


def test_run_rate_extrapolates_the_ytd_actual_to_twelve_months() -> None:
    assert calculate_run_rate(Decimal("-2944000.00"), 11) == Decimal("-3211636.36")
    assert calculate_run_rate(Decimal(600), 6) == Decimal("1200.00")


def test_trend_figures_equal_the_monthly_positions(sqlite_demo_db: Database) -> None:
    trends = {t.code: t for t in get_trends(sqlite_demo_db, "QVV", YEAR, 12)}
    assert next(iter(trends)) == "QVV"
    for month in range(1, 13):
        report = get_system_position(sqlite_demo_db, "QVV", YEAR, month)
        for position in [report.position, *report.organisations, *report.associates]:
            point = trends[position.code].points[month - 1]
            assert point.month == month
            assert point.control_total == position.control_total
            if position.has_return:
                assert point.forecast_outturn == position.forecast_outturn
                assert point.gap == position.gap
                assert point.ytd_variance == position.ytd_variance
                expected = (position.ytd_actual * 12 / month).quantize(Decimal("0.01"))
                assert point.run_rate == expected
            else:
                assert point.forecast_outturn is None


def test_the_cli_and_the_api_give_the_trend(
    sqlite_demo_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from openbook.cli import app
    from tests.web.conftest import make_app, sign_in
    from tests.web.test_api import auth, token_for

    monkeypatch.setenv("OPENBOOK_DATABASE_URL", str(sqlite_demo_db.engine.url))
    result = CliRunner().invoke(
        app,
        [
            "trend",
            "--system",
            "QVV",
            "--year",
            "2017/18",
            "--month",
            "11",
            "--org",
            "11J",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)
    assert cli["code"] == "11J" and len(cli["months"]) == 11
    position = get_system_position(sqlite_demo_db, "QVV", YEAR, 11)
    ccg = next(p for p in [*position.organisations, *position.associates] if p.code == "11J")
    assert cli["months"][10]["forecast_outturn"] == f"{ccg.forecast_outturn:.2f}"

    with TestClient(make_app(sqlite_demo_db, tmp_path), follow_redirects=False) as client:
        sign_in(client, "system.lead")
        page = client.get("/systems/QVV/organisations/11J", params={"year": "2017/18", "month": 11})
        assert page.status_code == 200
        assert "Month by month" in page.text and "Forecast outturn and run rate" in page.text
        overview = client.get("/systems/QVV", params={"year": "2017/18", "month": 11})
        assert "Gap to control total and YTD variance" in overview.text
        api = client.get(
            "/api/v1/systems/QVV/trend",
            params={"year": "2017/18", "month": 11},
            headers=auth(token_for(sqlite_demo_db, "rbd.viewer")),
        )
        assert api.status_code == 200
        api_ccg = next(t for t in api.json()["trends"] if t["code"] == "11J")
        assert api_ccg == cli
