"""The dashboard's pages through an in-process client: sign-in, what each role sees, uploads."""

from __future__ import annotations

import csv
import io
import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from openbook.finance.submit import list_history
from openbook.kernel.database import Database
from tests.returns import YEAR
from tests.web.conftest import csrf_of, return_csv, sign_in, signed_in

OVERVIEW = "/systems/QVV?year=2017/18&month=12"
RBD_PAGE = "/systems/QVV/organisations/RBD?year=2017/18&month=12"
PAGES = [
    "/",
    OVERVIEW,
    RBD_PAGE,
    "/submissions",
    "/submissions/template?org=RBD&year=2017/18&month=12",
    "/audit",
    "/account",
    "/users",
    "/help",
    f"{OVERVIEW}&download=positions.csv",
]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_visible_without_signing_in(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


def test_every_response_has_the_secure_headers(client: TestClient) -> None:
    headers = client.get("/sign-in").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    cookie = headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_sign_in_takes_you_where_you_were_going(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post(
        "/sign-in",
        data={
            "csrf_token": token,
            "username": "rbd.viewer",
            "password": "openbook-demo",
            "next": RBD_PAGE,
        },
    )
    assert response.headers["location"] == RBD_PAGE
    assert client.get(RBD_PAGE).status_code == 200


def test_sign_in_never_redirects_off_the_site(client: TestClient) -> None:
    token = csrf_of(client)
    data = {"csrf_token": token, "username": "rbd.viewer", "password": "openbook-demo"}
    response = client.post("/sign-in", data={**data, "next": "//evil.example/x"})
    assert response.headers["location"] == "/"


def test_repeated_failures_slow_the_client_down_alike_for_unknown_users(
    client: TestClient,
) -> None:
    for _ in range(5):
        token = csrf_of(client)
        data = {"csrf_token": token, "username": "rbd.viewer", "password": "not the password"}
        response = client.post("/sign-in", data=data)
        assert response.status_code == 401
        assert "The username or password is not right" in response.text
    answers = set()
    for username, password in (("rbd.viewer", "openbook-demo"), ("no.such.user", "x")):
        data = {"csrf_token": csrf_of(client), "username": username, "password": password}
        response = client.post("/sign-in", data=data)
        assert response.status_code == 401
        answers.add(response.text.split("try again in")[1][:12])
    assert len(answers) == 1


def test_a_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    data = {"username": "rbd.viewer", "password": "openbook-demo"}
    response = client.post("/sign-in", data=data)
    assert response.status_code == 403
    assert "The form has expired" in response.text
    sign_in(client, "rbd.viewer")
    assert client.post("/sign-out", data={"csrf_token": "forged"}).status_code == 403


def test_signing_out_ends_the_session(client: TestClient) -> None:
    sign_in(client, "rbd.viewer")
    token = csrf_of(client, OVERVIEW)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert client.get(OVERVIEW).status_code == 303


def test_the_overview_shows_every_organisation_and_the_system(app: FastAPI) -> None:
    page = signed_in(app, "rbd.viewer").get(OVERVIEW)
    assert page.status_code == 200
    for code in ("11J", "RBD", "RD3", "RDZ", "RDY", "RYF"):
        assert f"/systems/QVV/organisations/{code}?year=2017%2F18&amp;month=12" in page.text
    assert "System control total (£000)" in page.text
    assert "(1,500)" in page.text  # RD3 behind its control total: a bracketed shortfall
    assert 'type="application/json" id="chart-spec-gap"' in page.text
    assert "<svg" in page.text  # the server-rendered fallback picture
    assert "<script>" not in page.text  # no inline script: the CSP would block it


def test_home_goes_to_the_latest_month_with_returns(app: FastAPI) -> None:
    response = signed_in(app, "rbd.viewer").get("/")
    assert response.headers["location"] == "/systems/QVV?year=2018%2F19&month=12"


def test_the_organisation_page_shows_lines_cip_and_history(app: FastAPI) -> None:
    page = signed_in(app, "rd3.viewer").get(RBD_PAGE)
    assert page.status_code == 200
    assert "Dorset County Hospital NHS Foundation Trust" in page.text
    for caption in ("Income and expenditure", "Cost improvement programme", "Risks and"):
        assert caption in page.text
    assert "/systems/QVV/organisations/RBD/returns/1.xlsx?" in page.text


def test_every_table_downloads_as_csv_and_xlsx(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    response = client.get(f"{OVERVIEW}&download=positions.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Organisation", "Name", "Membership", "Control total (£)"]
    assert len(rows) == 1 + 5 + 1 + 1  # partners, the system, the associate
    for table in ("lines", "cip", "risks", "history"):
        response = client.get(f"{RBD_PAGE}&download={table}.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row >= 1
    assert client.get(f"{RBD_PAGE}&download=nope.csv").status_code == 404


def test_each_return_version_downloads(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    response = client.get("/systems/QVV/organisations/RBD/returns/1.csv?year=2017/18&month=12")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith(
        "org_code,financial_year,month,line_code"
    )
    missing = client.get("/systems/QVV/organisations/RBD/returns/9.csv?year=2017/18&month=12")
    assert missing.status_code == 404


def _upload(client: TestClient, name: str, data: bytes) -> object:
    token = csrf_of(client, "/submissions")
    return client.post(
        "/submissions",
        data={"csrf_token": token},
        files={"return_file": (name, data, "text/csv")},
    )


def test_a_bad_return_shows_every_problem_and_stores_nothing(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = signed_in(app, "rbd.submitter")
    bad = return_csv(sqlite_demo_db)
    for line in (b"pay.agency,Pay: agency staff,", b"pay.bank,Pay: bank staff,"):
        bad = bad.replace(line, line + b"x", 1)
    response = _upload(client, "rbd_m12.csv", bad)
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "Nothing was stored" in text
    assert text.count("<li><strong>rbd_m12.csv:") == 2
    assert "<li><strong>rbd_m12.csv:10:F</strong>: &#39;annual_plan&#39; is" in text
    assert len(list_history(sqlite_demo_db, "RBD", YEAR, 12)) == 1


def test_a_good_return_is_stored_and_changes_the_position(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = signed_in(app, "rbd.submitter")
    response = _upload(client, "rbd_m12.csv", return_csv(sqlite_demo_db, forecast_change=500_000))
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get(response.headers["location"])  # type: ignore[attr-defined]
    assert "Stored rbd_m12.csv as version 2." in page.text
    history = list_history(sqlite_demo_db, "RBD", YEAR, 12)
    assert [(v.version, v.submitted_by) for v, _ in history] == [
        (1, "openbook-demo"),
        (2, "rbd.submitter"),
    ]
    assert 'id="forecast-outturn">(1,500)' in page.text  # was (2,000); control total (2,000)


def test_only_an_organisations_submitters_can_upload_its_return(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    response = _upload(signed_in(app, "rd3.submitter"), "rbd.csv", return_csv(sqlite_demo_db))
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "rd3.submitter cannot submit returns for RBD" in response.text  # type: ignore[attr-defined]
    assert len(list_history(sqlite_demo_db, "RBD", YEAR, 12)) == 1
    page = signed_in(app, "rbd.viewer").get("/submissions")
    assert 'type="file"' not in page.text and "Only an organisation's submitters" in page.text


def test_the_template_downloads_for_any_organisation(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    response = client.get("/submissions/template?org=RD3&year=2017/18&month=6&format=xlsx")
    assert response.status_code == 200
    assert 'filename="RD3-2017-18-M6.xlsx"' in response.headers["content-disposition"]


def test_the_audit_log_page_verifies_the_chain(app: FastAPI) -> None:
    page = signed_in(app, "rbd.viewer").get("/audit?limit=5")
    assert "Hash chain verified" in page.text
    assert page.text.count('<tr class="nhsuk-table__row">') == 1 + 5


def test_only_administrators_manage_users(app: FastAPI) -> None:
    assert signed_in(app, "system.lead").get("/users").status_code == 403
    admin = signed_in(app, "admin")
    assert "rbd.submitter" in admin.get("/users").text
    token = csrf_of(admin, "/users")
    response = admin.post(
        "/users",
        data={
            "csrf_token": token,
            "username": "new.analyst",
            "display_name": "New Analyst",
            "org_code": "RDY",
            "role": "viewer",
            "password": "a long enough password",
        },
    )
    assert "Created new.analyst (Viewer)." in response.text
    sign_in(TestClient(app, follow_redirects=False), "new.analyst", "a long enough password")


def test_an_api_token_is_shown_once(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    token = csrf_of(client, "/account")
    page = client.post("/account/tokens", data={"csrf_token": token, "name": "my script"})
    assert 'id="new-token"' in page.text and "obk_" in page.text
    assert 'id="new-token"' not in client.get("/account").text


def test_an_unexpected_error_shows_a_reference_and_logs_the_traceback(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/broken", broken)
    app.add_api_route("/api/v1/broken", broken)
    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="openbook.web"):
        page = client.get("/broken")
        api = client.get("/api/v1/broken")
    assert page.status_code == 500 and "Reference:" in page.text and "boom" not in page.text
    body = api.json()["error"]
    assert body["code"] == "internal_error" and len(body["reference"]) == 8
    assert body["reference"] in caplog.text and "RuntimeError: boom" in caplog.text


def test_the_activity_page_charts_each_trusts_four_hour_performance(app: FastAPI) -> None:
    from tests.web.conftest import signed_in

    page = signed_in(app, "rdz.viewer").get("/activity?year=2018/19&month=12")
    assert page.status_code == 200
    for code in ("RBD", "RD3", "RDZ"):
        assert f"{code}: share of A&amp;E attendances seen within 4 hours" in page.text
    assert "special cause concern: lower" in page.text  # RBD fell below its limits in 2019
    assert page.text.count("<svg") >= 3  # the server-rendered charts, before JavaScript
    csv = signed_in(app, "rdz.viewer").get("/activity?year=2018/19&month=12&download=icons.csv")
    assert csv.status_code == 200 and "RD3" in csv.text


def test_the_activity_page_shows_activity_against_plan_and_shadow_pbr(app: FastAPI) -> None:
    from tests.web.conftest import signed_in

    client = signed_in(app, "rbd.viewer")
    page = client.get("/activity?year=2018/19&month=12")
    assert page.status_code == 200
    assert "Activity against plan, year to" in page.text
    # The service by name, its code and NHS England wording as the tooltip, linking to its chart.
    assert (
        'href="/activity?year=2018%2F19&amp;month=12&amp;provider=RBD&amp;pod=E.M.11#series"'
        ' title="E.M.11: Non-elective spells">Emergency admissions</a>'
    ) in page.text
    assert "Elective day case spells (E.M.10b)</td>" not in page.text  # no rows of codes
    # A small chart per provider and service, the plan drawn, its caption saying so.
    assert 'id="chart-spec-plan-RBD-E-M-10b"' in page.text
    assert (
        "Day case operations at RBD, April to March 2018/19: the actual count each month"
        " (solid blue line) against the plan (dashed grey line); year to date (YTD)"
    ) in page.text
    assert "vega-lite/v5.json" not in page.text  # the assets ship Vega-Lite 6
    assert "activity flags" in page.text and "above plan" in page.text
    assert "Shadow Payment by Results" in page.text and "Gain (loss) under PbR" in page.text
    csv = client.get("/activity?year=2018/19&month=12&download=shadow-pbr.csv")
    assert csv.status_code == 200
    assert "Dorset County Hospital" in csv.text or "RBD" in csv.text
    table = client.get("/activity?year=2018/19&month=6&download=activity.csv")
    assert table.status_code == 200 and table.text.count("\n") == 1 + 18


def test_the_activity_page_charts_a_chosen_series(app: FastAPI) -> None:
    from tests.web.conftest import signed_in

    client = signed_in(app, "rdz.viewer")
    page = client.get("/activity?year=2018/19&month=12&provider=RDZ&pod=E.M.11")
    assert page.status_code == 200
    assert "RDZ Emergency admissions: count a month (E.M.11)" in page.text
    assert 'id="chart-spec-series-RDZ-E-M-11"' in page.text
    assert "RDZ Non-elective" not in client.get("/activity?year=2018/19&month=12").text


def test_trend_captions_carry_their_own_figures_and_point_at_no_table(app: FastAPI) -> None:
    page = signed_in(app, "rbd.viewer").get(OVERVIEW).text
    captions = [c for c in page.split("<figcaption")[1:] if "by month, £000" in c]
    assert captions
    for caption in captions:
        text = caption.split("</figcaption>")[0]
        assert "table below" not in text
        assert "-" not in text.split("£000:")[1].replace("M1", "")  # negatives in brackets
