"""The malicious inputs of issue 13 through the pages and the API: each refused, saying why,
with nothing stored."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.accounts.account import authenticate, create_token
from openbook.demo.users import DEMO_PASSWORD
from openbook.finance.submit import list_history
from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.error import MAX_ISSUES
from tests.kernel.laughs import GOVERNANCE_LAUGHS
from tests.returns import YEAR, valid_return_rows
from tests.web.conftest import csrf_of, signed_in

ISSUE_ITEM = re.compile(r"<li><strong>rbd_m12\.csv")


def many_bad_rows(db: Database, count: int) -> bytes:
    """The demo's valid return with `count` more rows, each with a bad amount."""
    rows = valid_return_rows(db, "RBD")
    bad = [*rows[1]]
    bad[rows[0].index("forecast_outturn")] = "x"
    lines = [",".join(f'"{c}"' if "," in c else c for c in row) for row in rows]
    line = ",".join(f'"{c}"' if "," in c else c for c in bad)
    return ("\n".join(lines) + "\n" + "\n".join([line] * count) + "\n").encode()


def upload_return(client: TestClient, data: bytes, name: str = "rbd_m12.csv") -> object:
    return client.post(
        "/submissions",
        data={"csrf_token": csrf_of(client, "/submissions")},
        files={"return_file": (name, data, "text/csv")},
    )


def test_a_return_of_thousands_of_bad_rows_lists_200_and_counts_the_rest(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = signed_in(app, "rbd.submitter")
    before = head_sequence(sqlite_demo_db.engine)
    response = upload_return(client, many_bad_rows(sqlite_demo_db, 5000))
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert len(ISSUE_ITEM.findall(text)) == MAX_ISSUES + 1
    assert re.search(r"and [\d,]+ more problem\(s\) not listed; only the first 200 are shown", text)
    assert len(text) < 200_000
    assert head_sequence(sqlite_demo_db.engine) == before
    assert len(list_history(sqlite_demo_db, "RBD", YEAR, 12)) == 1


def test_the_api_lists_200_problems_and_a_count(app: FastAPI, sqlite_demo_db: Database) -> None:
    token, _ = create_token(
        sqlite_demo_db, authenticate(sqlite_demo_db, "rbd.submitter", DEMO_PASSWORD), "t"
    )
    with TestClient(app) as client:
        response = client.post(
            "/api/v1/returns",
            headers={"authorization": f"Bearer {token}"},
            files={"file": ("rbd_m12.csv", many_bad_rows(sqlite_demo_db, 5000), "text/csv")},
        )
    assert response.status_code == 422
    issues = response.json()["error"]["issues"]
    assert len(issues) == MAX_ISSUES + 1
    assert "more problem(s) not listed" in issues[-1]["message"]
    assert len(list_history(sqlite_demo_db, "RBD", YEAR, 12)) == 1


def test_a_utf16_return_is_read_not_called_binary(app: FastAPI, sqlite_demo_db: Database) -> None:
    rows = valid_return_rows(sqlite_demo_db, "RBD")
    text = "\r\n".join(",".join(f'"{c}"' for c in row) for row in rows)
    client = signed_in(app, "rbd.submitter")
    response = upload_return(client, "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))
    # Identical to the stored version: read, checked, and nothing new stored.
    assert response.status_code == 303, response.text[:2000]  # type: ignore[attr-defined]
    page = client.get(response.headers["location"]).text  # type: ignore[attr-defined]
    assert "is identical to version 1; nothing new was stored" in page


def test_the_entity_expansion_yaml_upload_is_refused(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    admin = signed_in(app, "admin")
    before = head_sequence(sqlite_demo_db.engine)
    response = admin.post(
        "/governance",
        data={"csrf_token": csrf_of(admin, "/governance")},
        files={"governance_file": ("laughs.yaml", GOVERNANCE_LAUGHS.encode(), "application/yaml")},
    )
    assert response.status_code == 422
    assert "Nothing was stored" in response.text
    assert "it has more than 10 aliases" in response.text
    assert head_sequence(sqlite_demo_db.engine) == before


def test_a_viewer_may_raise_20_escalations_an_hour_and_no_more(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    viewer = signed_in(app, "rbd.viewer")

    def raise_one(number: int) -> int:
        form = {
            "csrf_token": csrf_of(viewer, "/escalations"),
            "title": f"Concern {number}",
            "remit": "finance",
            "subject": "RBD",
        }
        return viewer.post("/escalations", data=form).status_code

    assert [raise_one(n) for n in range(20)] == [303] * 20
    before = head_sequence(sqlite_demo_db.engine)
    refused = viewer.post(
        "/escalations",
        data={
            "csrf_token": csrf_of(viewer, "/escalations"),
            "title": "One more",
            "remit": "finance",
            "subject": "RBD",
        },
    )
    assert refused.status_code == 429
    assert "You have raised 20 escalations in the last hour" in refused.text
    assert head_sequence(sqlite_demo_db.engine) == before
    lead = signed_in(app, "system.lead")  # the system lead is not limited
    assert "One more" not in lead.get("/escalations?status=open").text
