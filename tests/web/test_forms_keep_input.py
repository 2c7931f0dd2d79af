"""Every form keeps what was typed and shows each problem beside its field, once, with a
summary linking to the field (the NHS.UK error summary), in the web's words: never a
command-line flag, never the generic error page."""

from __future__ import annotations

import html
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, signed_in


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
    links = re.findall(r'<li><a href="#([a-z0-9-]+)">(.*?)</a></li>', summary)
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
