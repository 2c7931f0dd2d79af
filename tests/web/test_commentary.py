"""Commentary beside the numbers on the organisation page; asking and answering there, on the
command line and through the API."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.kernel.database import Database
from tests.finance.test_commentary import AGENCY, OVERALL_TEXT, submit_with_commentary
from tests.web.conftest import csrf_of, signed_in
from tests.web.test_api import auth, token_for

PERIOD = {"year": "2017/18", "month": 12}
PAGE = "/systems/QVV/organisations/RBD"


def test_the_page_shows_commentary_and_takes_a_question_and_its_answer(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    submit_with_commentary(sqlite_demo_db)
    lead = signed_in(app, "system.lead")
    page = lead.get(PAGE, params=PERIOD)
    assert OVERALL_TEXT in page.text and AGENCY in page.text
    assert 'id="ask-question"' in page.text
    asked = lead.post(
        f"{PAGE}/questions",
        data={
            "csrf_token": csrf_of(lead, f"{PAGE}?year=2017/18&month=12"),
            "year": "2017/18",
            "month": "12",
            "line_code": "pay.agency",
            "question": "Will agency fall in 2018/19?",
        },
    )
    assert asked.status_code == 303
    rbd = signed_in(app, "rbd.submitter")
    page = rbd.get(PAGE, params=PERIOD)
    assert "Will agency fall in 2018/19?" in page.text and 'id="ask-question"' not in page.text
    question_id = page.text.split("/questions/")[1].split("/answer")[0]
    answered = rbd.post(
        f"/systems/QVV/questions/{question_id}/answer",
        data={
            "csrf_token": csrf_of(rbd, f"{PAGE}?year=2017/18&month=12"),
            "answer": "Yes: a bank-first policy from April.",
            "next": f"{PAGE}?year=2017/18&month=12",
        },
    )
    assert answered.status_code == 303
    assert "Yes: a bank-first policy from April." in rbd.get(PAGE, params=PERIOD).text
    viewer = signed_in(app, "rd3.viewer")
    refused = viewer.post(
        f"{PAGE}/questions",
        data={
            "csrf_token": csrf_of(viewer, f"{PAGE}?year=2017/18&month=12"),
            "year": "2017/18",
            "month": "12",
            "question": "Me?",
        },
    )
    assert refused.status_code == 403


def test_the_api_and_the_cli_ask_answer_and_list(app: FastAPI, sqlite_demo_db: Database) -> None:
    api = TestClient(app)
    lead = auth(token_for(sqlite_demo_db, "system.lead"))
    asked = api.post(
        "/api/v1/returns/questions",
        json={
            "org_code": "RD3",
            "financial_year": "2018/19",
            "month": 11,
            "line_code": "non_pay",
            "question": "What is in non-pay?",
        },
        headers=lead,
    )
    assert asked.status_code == 201, asked.text
    ref = asked.json()["ref"]
    rd3 = auth(token_for(sqlite_demo_db, "rd3.approver"))
    answered = api.post(
        f"/api/v1/returns/questions/{ref.removeprefix('Q-')}/answer",
        json={"answer": "Drugs and outsourcing."},
        headers=rd3,
    )
    assert answered.status_code == 200 and answered.json()["answered_by"] == "rd3.approver"
    listed = api.get(
        "/api/v1/returns/questions",
        params={"org_code": "RD3", "year": "2018/19", "month": 11},
        headers=rd3,
    )
    assert [q["ref"] for q in listed.json()["questions"]] == [ref]

    from openbook.cli import app as cli

    env = {
        "OPENBOOK_DATABASE_URL": str(sqlite_demo_db.engine.url),
        "OPENBOOK_TOKEN": token_for(sqlite_demo_db, "system.lead"),
    }
    runner = CliRunner()
    period = ["--org", "RD3", "--year", "2018/19", "--month", "11"]
    result = runner.invoke(
        cli, ["returns", "ask", *period, "--question", "And the forecast?"], env=env
    )
    assert result.exit_code == 0, result.output
    second = result.stdout.split()[1]
    env["OPENBOOK_TOKEN"] = token_for(sqlite_demo_db, "rd3.submitter")
    result = runner.invoke(cli, ["returns", "answer", second, "--answer", "Held."], env=env)
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["returns", "answer", second, "--answer", "Twice"], env=env)
    assert again.exit_code != 0 and "was answered by rd3.submitter" in again.output
    shown = runner.invoke(cli, ["returns", "questions", *period, "-f", "json"], env=env)
    data = json.loads(shown.stdout)["questions"]
    assert [(q["ref"], q["answer"]) for q in data] == [
        (ref, "Drugs and outsourcing."),
        (second, "Held."),
    ]


def test_the_submission_form_takes_an_overall_commentary(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    from openbook.finance.model.finance_return import OVERALL
    from openbook.finance.submit import list_history
    from tests.returns import YEAR
    from tests.web.conftest import return_csv

    client = signed_in(app, "rbd.submitter")
    response = client.post(
        "/submissions",
        data={
            "csrf_token": csrf_of(client, "/submissions"),
            "overall_commentary": "  Non-pay   savings   came in early.  ",
        },
        files={
            "return_file": ("rbd.csv", return_csv(sqlite_demo_db, forecast_change=1000), "text/csv")
        },
    )
    assert response.status_code == 303, response.text
    latest = list_history(sqlite_demo_db, "RBD", YEAR, 12)[-1][1]
    assert latest.commentary_for(OVERALL) == "Non-pay savings came in early."
    bad = client.post(
        "/submissions",
        data={"csrf_token": csrf_of(client, "/submissions"), "overall_commentary": "Kept"},
        files={"return_file": ("rbd.csv", b"nonsense", "text/csv")},
    )
    assert bad.status_code == 422 and ">Kept</textarea>" in bad.text
