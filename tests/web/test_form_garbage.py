"""Every form on every page, every field given a value no one should send: the answer is a
clear 4xx naming the problem, never a 500 (issue: bad form values are 400s)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.kernel.period import FinancialYear
from openbook.rebalancing.model import ProposalKind
from openbook.rebalancing.solve import solve_from_store
from tests.principals import principal
from tests.web.conftest import signed_in

GARBAGE = ("", "x" * 20_000, "NaN", "-1\u0000'; drop table proposal;--", "2018-02-30")


class Forms(HTMLParser):
    """Every POST form: its action and its fields with the values the page gave them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str], set[str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.forms.append((a.get("action", ""), {}, set()))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") == "file":
                self.forms[-1][2].add(a["name"])
            elif a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.forms[-1][1].setdefault(a["name"], a.get("value", ""))
        elif tag in ("textarea", "select") and a.get("name"):
            self.forms[-1][1].setdefault(a["name"], "")
            self._select = a["name"] if tag == "select" else None
        elif tag == "option" and self._select and not self.forms[-1][1].get(self._select):
            self.forms[-1][1][self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.forms:
            self._select = None


PAGES = {
    "system.lead": [
        "/",
        "/submissions",
        "/proposals/solve?kind=transfers&year=2017/18&month=12",
        "/proposals/{ref}",
        "/escalations",
        "/escalations/{escalation}",
        "/decisions",
        "/governance",
        "/account",
        "/notifications",
    ],
    "rbd.submitter": ["/submissions"],
    "rd3.approver": ["/proposals/{ref}"],
    "admin": ["/users"],
}


@pytest.fixture
def pages(app: FastAPI, sqlite_demo_db: object) -> dict[str, list[str]]:
    _, proposal = solve_from_store(
        sqlite_demo_db,  # type: ignore[arg-type]
        ProposalKind.TRANSFERS,
        "QVV",
        FinancialYear(2017),
        12,
        propose_by=principal("system.lead"),
    )
    assert proposal is not None
    lead = signed_in(app, "system.lead")
    listing = lead.get("/escalations?status=open").text
    escalation = listing.split('href="/escalations/E-', 1)[1].split('"', 1)[0]
    filled = {"ref": proposal.ref, "escalation": f"E-{escalation}"}
    return {user: [p.format(**filled) for p in paths] for user, paths in PAGES.items()}


def test_no_field_of_any_form_gives_a_server_error(
    app: FastAPI, pages: dict[str, list[str]]
) -> None:
    failures, posted = [], 0
    for username, paths in pages.items():
        client: TestClient = signed_in(app, username)
        for path in paths:
            parser = Forms()
            parser.feed(client.get(path).text)
            for action, fields, files in parser.forms:
                if action in ("/sign-out",):
                    continue
                for name in [n for n in fields if n != "csrf_token"] + sorted(files):
                    for bad in GARBAGE:
                        data = {**fields, name: bad} if name in fields else fields
                        upload = dict.fromkeys(files, ("x.csv", b"x", "text/csv"))
                        if name in files:
                            upload[name] = ("x.csv", bad.encode(), "text/csv")
                        where = f"{path} -> {action} {name}={bad[:20]!r}"
                        posted += 1
                        try:
                            response = client.post(action, data=data, files=upload or None)
                        except Exception as error:
                            failures.append(f"{where}: {error!r}"[:300])
                            continue
                        if response.status_code >= 500:
                            failures.append(where)
    assert posted > 100
    assert failures == []
