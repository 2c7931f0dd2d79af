"""Every form keeps what was typed and shows each problem beside its field, once, with a
summary linking to the field (the NHS.UK error summary), in the web's words: never a
command-line flag, never the generic error page."""

from __future__ import annotations

import html
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.kernel.database import Database
from openbook.kernel.error import DataIssue
from tests.quality.test_submit import quality_csv
from tests.web.conftest import csrf_of, return_csv, signed_in
from tests.web.test_proposals import _propose


def field_messages(text: str) -> list[str]:
    """The messages beside fields (without the hidden "Error:")."""
    found = re.findall(
        r'<span class="nhsuk-error-message" id="[a-z_]+-error">'
        r'<span class="nhsuk-u-visually-hidden">Error:</span> (.*?)</span>',
        text,
    )
    return [html.unescape(message) for message in found]


def summary_links(text: str) -> dict[str, str]:
    """The summary's links: the field's id -> the message."""
    summary = text[text.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    links = re.findall(r'<li><a href="#([A-Za-z0-9_-]+)">(.*?)</a></li>', summary)
    return {target: html.unescape(message) for target, message in links}


def summary_items(text: str) -> list[str]:
    summary = text[text.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    return [html.unescape(m) for m in re.findall(r"<li>(?:<a [^>]*>)?(.*?)(?:</a>)?</li>", summary)]


def assert_each_once(text: str, messages: list[str]) -> None:
    for message in messages:
        assert html.unescape(text).count(message) == 2, message  # the summary and the field
    assert "--" not in " ".join(summary_items(text))  # no command-line flags


def raise_form(client: TestClient, **typed: str) -> dict[str, str]:
    return {"csrf_token": csrf_of(client, "/escalations"), **typed}


def an_open_escalation(client: TestClient) -> str:
    raised = client.post(
        "/escalations",
        data=raise_form(
            client, title="Agency over the cap", detail="£0.4m", remit="workforce", month="6"
        ),
    )
    assert raised.status_code == 303
    return raised.headers["location"].rsplit("/", 1)[1]


def test_raising_an_escalation_keeps_the_text(app: FastAPI) -> None:
    client = signed_in(app, "rbd.approver")
    typed = {
        "title": "",
        "detail": "Agency at £412k <b>in M6</b>",
        "remit": "workforce",
        "subject": "RBD",
        "month": "13",
    }
    page = client.post("/escalations", data=raise_form(client, **typed))
    assert page.status_code == 400
    assert summary_links(page.text) == {
        "raise-title": "The title is needed",
        "raise-month": "The month must be a whole number from 1 to 12; found '13'",
    }
    assert field_messages(page.text) == list(summary_links(page.text).values())
    assert_each_once(page.text, list(summary_links(page.text).values()))
    assert "Agency at £412k &lt;b&gt;in M6&lt;/b&gt;</textarea>" in page.text
    assert '<option value="workforce" selected>' in page.text
    assert 'value="RBD"' in page.text and 'aria-describedby="title-error"' in page.text


def test_working_an_escalation_keeps_the_text(app: FastAPI) -> None:
    client = signed_in(app, "rbd.approver")
    ref = an_open_escalation(client)
    token = csrf_of(client, f"/escalations/{ref}")
    action = client.post(
        f"/escalations/{ref}/action",
        data={"csrf_token": token, "description": "Agency review", "owner": "", "due": "soon"},
    )
    assert action.status_code == 400
    assert summary_links(action.text) == {
        "action-owner": "The owner is needed",
        "action-due": "The due date must be a date like 2018-04-20; found 'soon'",
    }
    assert_each_once(action.text, list(summary_links(action.text).values()))
    assert 'id="action-description" name="description" type="text" value="Agency review"' in (
        action.text
    )
    assert 'value="soon"' in action.text
    resolved = client.post(f"/escalations/{ref}/resolve", data={"csrf_token": token, "note": " "})
    assert resolved.status_code == 400
    assert summary_links(resolved.text) == {"resolve-note": "How it was resolved is needed"}
    assert field_messages(resolved.text) == ["How it was resolved is needed"]
    escalated = client.post(
        f"/escalations/{ref}/escalate", data={"csrf_token": token, "reason": ""}
    )
    assert escalated.status_code == 400
    assert summary_links(escalated.text) == {"escalate-reason": "Why it goes up is needed"}
    assert field_messages(escalated.text) == ["Why it goes up is needed"]
    assert 'id="resolve-note" name="note" rows="3"></textarea>' in escalated.text  # the other form


def test_a_refused_step_says_why_on_the_page(app: FastAPI) -> None:
    client = signed_in(app, "rbd.approver")
    ref = an_open_escalation(client)
    token = csrf_of(client, f"/escalations/{ref}")
    assert client.post(f"/escalations/{ref}/resolve", data={"csrf_token": token, "note": "Met"})
    again = client.post(
        f"/escalations/{ref}/resolve", data={"csrf_token": token, "note": "Met again"}
    )
    assert again.status_code == 409
    assert summary_items(again.text) == [f"{ref} is resolved; only an open escalation can change"]
    assert "<h1" in again.text and "Escalation" in again.text  # the escalation's page, not an error


def issue_lines(text: str) -> list[str]:
    listed = text[text.index('id="issues"') :]
    listed = listed[: listed.index("</ul>")]
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", listed, re.S)]


def test_an_upload_says_each_problem_once_and_keeps_the_commentary(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = signed_in(app, "rbd.submitter")
    lines = return_csv(sqlite_demo_db).decode().splitlines()
    forecast = lines[0].split(",").index("forecast_outturn")
    cells = lines[5].split(",")
    cells[forecast] = "4.6m"
    lines[5] = ",".join(cells)
    page = client.post(
        "/submissions",
        data={"csrf_token": csrf_of(client, "/submissions"), "overall_commentary": "Agency <up>"},
        files={"return_file": ("rbd.csv", "\n".join(lines).encode(), "text/csv")},
    )
    assert page.status_code == 422
    assert issue_lines(page.text) == [
        "<strong>rbd.csv:6:I</strong>: 'forecast_outturn' is '4.6m'; "
        "expected a number like 12500.00"
    ]
    assert page.text.count("expected a number like 12500.00") == 1
    assert "Agency &lt;up&gt;</textarea>" in page.text
    assert page.text.count('id="return_file-error"') == 1


def test_a_quality_upload_says_what_it_expected_once(app: FastAPI) -> None:
    client = signed_in(app, "rbd.submitter")
    page = client.post(
        "/quality",
        data={"csrf_token": csrf_of(client, "/quality")},
        files={"quality_file": ("bad.csv", quality_csv(swallow="n/a,40"), "text/csv")},
    )
    assert page.status_code == 422
    assert issue_lines(page.text) == [
        "<strong>bad.csv:2:E</strong>: 'numerator' is 'n/a'; expected a whole number"
    ]


def test_a_data_issue_adds_only_what_its_message_does_not_say() -> None:
    said = DataIssue("r.csv", "'amount' is '4.6m'; expected a number like 12500.00", 6, "I",
                     found="4.6m", expected="a number like 12500.00")  # fmt: skip
    assert said.sentence == said.message
    bare = DataIssue("r.csv", "not an amount", found="4.6m", expected="a number", hint="£?")
    assert bare.sentence == "not an amount; found \u201c4.6m\u201d; expected a number (£?)"
    quoted = DataIssue("r.csv", "'x' is 'it\\'s'", found="it's")  # repr quotes differently
    assert quoted.sentence == "'x' is 'it\\'s'; found \u201cit's\u201d"


ORG_PAGE = "/systems/QVV/organisations/RBD"


def test_a_question_and_an_answer_keep_the_text(app: FastAPI) -> None:
    lead = signed_in(app, "system.lead")
    token = csrf_of(lead, f"{ORG_PAGE}?year=2018/19&month=11")
    empty = lead.post(
        f"{ORG_PAGE}/questions",
        data={"csrf_token": token, "year": "2018/19", "month": "11", "line_code": "pay.agency",
              "question": "   "},
    )  # fmt: skip
    assert empty.status_code == 400
    message = "The question is empty; write what you want to say"
    assert summary_links(empty.text) == {"question-text": message}
    assert field_messages(empty.text) == [message]
    assert '<option value="pay.agency" selected>' in empty.text
    assert "<h1" in empty.text and "RBD · 2018/19 M11" in empty.text  # the organisation's page
    unknown = lead.post(
        f"{ORG_PAGE}/questions",
        data={"csrf_token": token, "year": "2018/19", "month": "11", "line_code": "pay.robots",
              "question": "Why robots?"},
    )  # fmt: skip
    assert unknown.status_code == 404
    assert summary_items(unknown.text) == [
        "RBD's return has no line 'pay.robots' (give a line code from the return, "
        "or none for the return as a whole)"
    ]
    assert "Why robots?</textarea>" in unknown.text
    asked = lead.post(
        f"{ORG_PAGE}/questions",
        data={"csrf_token": token, "year": "2018/19", "month": "11", "line_code": "pay.agency",
              "question": "Will agency fall?"},
    )  # fmt: skip
    assert asked.status_code == 303
    rbd = signed_in(app, "rbd.submitter")
    page = rbd.get(ORG_PAGE, params={"year": "2018/19", "month": "11"})
    question_id = page.text.split("/questions/")[1].split("/answer")[0]
    blank = rbd.post(
        f"/systems/QVV/questions/{question_id}/answer",
        data={
            "csrf_token": csrf_of(rbd, f"{ORG_PAGE}?year=2018/19&month=11"),
            "answer": "",
            "next": f"{ORG_PAGE}?year=2018/19&month=11",
        },
    )
    assert blank.status_code == 400
    message = "The answer is empty; write what you want to say"
    assert summary_links(blank.text) == {f"answer-{question_id}": message}
    assert field_messages(blank.text) == [message]
    assert "Will agency fall?" in blank.text


def test_signing_in_says_which_field_is_missing_and_keeps_the_username(
    client: TestClient,
) -> None:
    data = {"csrf_token": csrf_of(client), "username": "rbd.viewer", "password": ""}
    page = client.post("/sign-in", data=data)
    assert page.status_code == 400
    assert summary_links(page.text) == {"password": "Enter your password"}
    assert field_messages(page.text) == ["Enter your password"]
    assert 'value="rbd.viewer"' in page.text
    wrong = client.post("/sign-in", data={**data, "csrf_token": csrf_of(client), "password": "x"})
    assert wrong.status_code == 401
    [(target, message)] = summary_links(wrong.text).items()
    assert target == "username" and message.startswith("The username or password is not right")
    assert field_messages(wrong.text) == [message] and 'value="rbd.viewer"' in wrong.text


def test_rejecting_and_withdrawing_a_proposal_keep_the_reason(app: FastAPI) -> None:
    ref = _propose(app)
    rd3 = signed_in(app, "rd3.approver")
    token = csrf_of(rd3, f"/proposals/{ref}")
    page = rd3.post(
        f"/proposals/{ref}/decision", data={"csrf_token": token, "decision": "reject", "reason": ""}
    )
    assert page.status_code == 400
    assert summary_links(page.text) == {"reason": "The reason for rejecting is needed"}
    assert field_messages(page.text) == ["The reason for rejecting is needed"]
    assert f"Proposal {ref}</h1>" in page.text  # the proposal's page, its decision form again
    lead = signed_in(app, "system.lead")
    token = csrf_of(lead, f"/proposals/{ref}")
    page = lead.post(f"/proposals/{ref}/withdraw", data={"csrf_token": token, "reason": " "})
    assert page.status_code == 400
    assert summary_links(page.text) == {"withdraw-reason": "The reason for withdrawing is needed"}
    assert '<details class="nhsuk-details" id="withdraw" open>' in page.text
    viewer = signed_in(app, "rd3.viewer")
    refused = viewer.post(
        f"/proposals/{ref}/decision",
        data={"csrf_token": csrf_of(viewer, f"/proposals/{ref}"), "decision": "reject",
              "reason": "Not <ours>"},
    )  # fmt: skip
    assert refused.status_code == 403 and len(summary_items(refused.text)) == 1


def test_the_solve_form_keeps_what_was_typed(app: FastAPI) -> None:
    lead = signed_in(app, "system.lead")
    query = {
        "kind": "transfers",
        "year": "2017/18",
        "month": "11",
        "min_transfer": "a lot",
        "materiality": "250",
        "max_give.RDY": "7OO",
        "max_give.RBD": "300",
    }
    page = lead.get("/proposals/solve", params=query)
    assert page.status_code == 400
    assert summary_links(page.text) == {
        "t-min": "The smallest transfer must be a number of £000, e.g. 100",
        "max-give-RDY": "RDY willing to give up to must be a number of £000, e.g. 100",
    }
    assert_each_once(page.text, list(summary_links(page.text).values()))
    assert 'id="t-min" name="min_transfer" type="text" inputmode="decimal" value="a lot"' in (
        page.text
    )
    assert 'name="max_give.RDY" type="text" inputmode="decimal" value="7OO"' in page.text
    assert 'name="max_give.RBD" type="text" inputmode="decimal" value="300"' in page.text
    assert 'id="t-materiality" name="materiality" type="text" inputmode="decimal" value="250"' in (
        page.text
    )
    assert '<option value="11" selected>' in page.text
    # the other form is left as it was
    assert 'id="c-materiality" name="materiality" type="text" inputmode="decimal" value=""' in (
        page.text
    )


def test_a_refused_proposal_is_said_on_the_solve_page(app: FastAPI) -> None:
    lead = signed_in(app, "system.lead")
    _propose(app)
    solve = "/proposals/solve?kind=transfers&year=2017/18&month=12&min_transfer=100"
    form = {"csrf_token": csrf_of(lead, solve), "kind": "transfers", "year": "2017/18",
            "month": "12", "min_transfer": "100"}  # fmt: skip
    again = lead.post("/proposals", data=form)
    assert again.status_code == 409
    [message] = summary_items(again.text)
    assert message == (
        "An identical proposal on the same figures is already open "
        "(open it from the proposals list instead of proposing it again)"
    )
    assert 'id="propose-form"' in again.text and 'name="min_transfer" value="100"' in again.text


def test_an_upload_without_a_file_says_so_beside_the_field(app: FastAPI) -> None:
    client = signed_in(app, "rbd.submitter")
    page = client.post(
        "/submissions",
        data={"csrf_token": csrf_of(client, "/submissions"), "overall_commentary": "Held"},
        files={"return_file": ("", b"", "application/octet-stream")},
    )
    assert page.status_code == 400
    assert summary_links(page.text) == {"return_file": "Choose a return file to upload"}
    assert page.text.lower().count("choose a return file to upload") == 2  # summary, field
    assert "Held</textarea>" in page.text
