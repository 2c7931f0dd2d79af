"""The decision form keeps what was typed and shows every problem beside its field, once,
in the web's words (never a command-line flag), with a summary that links to each field."""

from __future__ import annotations

import re

from fastapi import FastAPI

from tests.web.conftest import csrf_of, signed_in

TYPED = {
    "body": "slt",
    "meeting_date": "next Tuesday",
    "title": "",
    "decided": "RD3 to bring a recovery plan <b>in May</b>",
    "options": "Accept the gap\nRecovery plan",
    "proposal": "",
}


def test_every_problem_beside_its_field_and_the_text_kept(app: FastAPI) -> None:
    lead = signed_in(app, "system.lead")
    page = lead.post("/decisions", data={"csrf_token": csrf_of(lead, "/decisions"), **TYPED})
    assert page.status_code == 400
    text = page.text
    assert 'id="error-summary"' in text
    date_error = "The meeting date must be a date like 2018-04-20; found &#39;next Tuesday&#39;"
    assert text.count(date_error) == 2  # in the summary (a link) and beside the field, once
    assert (
        '<a href="#record-meeting-date">' in text and 'href="#record-title">The decision is' in text
    )
    assert 'id="title-error"' in text and 'aria-describedby="title-error"' in text
    assert 'value="next Tuesday"' in text  # what was typed is still there
    assert "RD3 to bring a recovery plan &lt;b&gt;in May&lt;/b&gt;</textarea>" in text
    assert "Accept the gap\nRecovery plan</textarea>" in text
    assert '<option value="slt" selected>' in text
    messages = re.findall(r'class="nhsuk-error-message"[^>]*>(.*?)</span>\s*<', text)
    messages += re.findall(r'<li><a href="#record-[a-z-]+">(.*?)</a></li>', text)
    assert len(messages) == 4 and not any("--" in m for m in messages)  # no CLI flags


def test_a_refusal_keeps_the_text_too(app: FastAPI) -> None:
    viewer = signed_in(app, "rbd.viewer")
    typed = {**TYPED, "meeting_date": "2018-04-10", "title": "A decision"}
    page = viewer.post("/decisions", data={"csrf_token": csrf_of(viewer, "/decisions"), **typed})
    assert page.status_code == 403
    assert 'id="error-summary"' in page.text and 'value="A decision"' in page.text
