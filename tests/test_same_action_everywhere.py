"""One use case per action: the same return submitted through the command line, the web
form and the REST API leaves the same version, the same escalations, the same audit events
and the same notifications, because all three call `finance.submit.submit_return`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from openbook.accounts.account import authenticate, create_token
from openbook.cli import app as cli_app
from openbook.compose import from_url
from openbook.demo.users import DEMO_PASSWORD
from openbook.governance.escalation_view import list_escalation_views
from openbook.governance.tables import NotificationRow
from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.tables import AuditEventRow
from tests.cli.conftest import as_user
from tests.web.conftest import csrf_of, make_app, return_csv, signed_in

# RBD's M12 forecast £3m worse: £3m behind its control total, which the rules escalate.
WORSE = -3_000_000
Outcome = tuple[list[tuple[str, str]], list[str], list[tuple[str, str]], list[str]]


def by_cli(db: Database, data: bytes, tmp_path: Path) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    env = {"OPENBOOK_DATABASE_URL": url, "OPENBOOK_CREDENTIALS": str(tmp_path / "c.json")}
    path = tmp_path / "rbd_m12.csv"
    path.write_bytes(data)
    result = CliRunner().invoke(cli_app, ["submit", str(path)], env=as_user(env, "rbd.submitter"))
    assert result.exit_code == 0, result.stderr


def by_web(db: Database, data: bytes, tmp_path: Path) -> None:
    client = signed_in(make_app(db, tmp_path), "rbd.submitter")
    response = client.post(
        "/submissions",
        data={"csrf_token": csrf_of(client, "/submissions")},
        files={"return_file": ("rbd_m12.csv", data, "text/csv")},
    )
    assert response.status_code == 303, response.text[:400]


def by_api(db: Database, data: bytes, tmp_path: Path) -> None:
    token, _ = create_token(db, authenticate(db, "rbd.submitter", DEMO_PASSWORD), "t")
    with TestClient(make_app(db, tmp_path)) as client:
        response = client.post(
            "/api/v1/returns",
            files={"file": ("rbd_m12.csv", data)},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 201, response.text


def outcome(db: Database, since: int) -> Outcome:
    """What the submission left: audit events (action, entity), open escalation titles,
    notifications (recipient, subject), and the return versions' submitters."""
    with db.reading() as session:
        events = session.scalars(
            select(AuditEventRow)
            .where(AuditEventRow.sequence > since)
            .order_by(AuditEventRow.sequence)
        )
        audit = [
            (e.action, e.entity_id)
            for e in events
            # the API's and the web's own sign-in, not the submission
            if e.action not in ("api_token.created", "user.session_started")
        ]
        notes = sorted((n.username, n.subject) for n in session.scalars(select(NotificationRow)))
    titles = sorted(v.title for v in list_escalation_views(db, "QVV", status="open"))
    from openbook.finance.submit import list_history
    from openbook.kernel.period import FinancialYear

    submitters = [v.submitted_by for v, _ in list_history(db, "RBD", FinancialYear(2017), 12)]
    return audit, titles, notes, submitters


@pytest.fixture
def fresh_demo(_sqlite_templates: dict[str, Path], tmp_path: Path) -> Callable[[str], Database]:
    def make(name: str) -> Database:
        target = tmp_path / f"{name}.db"
        shutil.copy(_sqlite_templates["demo"], target)
        return from_url(f"sqlite:///{target}")

    return make


def test_cli_web_and_api_submissions_leave_the_same_trail(
    fresh_demo: Callable[[str], Database], tmp_path: Path
) -> None:
    results = {}
    for name, submit in (("cli", by_cli), ("web", by_web), ("api", by_api)):
        db = fresh_demo(name)
        since = head_sequence(db.engine)
        folder = tmp_path / name
        folder.mkdir()
        submit(db, return_csv(db, "RBD", WORSE), folder)
        results[name] = outcome(db, since)
        db.dispose()
    cli = results["cli"]
    assert ("return.submitted", "RBD/2017/18/M12/v2") in cli[0]
    assert any(a == "escalation.raised" for a, _ in cli[0])
    assert "RBD forecast £3,000k behind its control total" in cli[1]
    assert any("RBD forecast £3,000k behind" in subject for _, subject in cli[2])
    assert cli[3] == ["openbook-demo", "rbd.submitter"]
    assert results["web"] == cli
    assert results["api"] == cli
    assert json.dumps(cli)  # plain data, comparable across runs
