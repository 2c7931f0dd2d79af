"""Email from the web app: the server's own sender emails what a write queued (the write
answers without waiting for it), and administrators see and retry the outbox."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import update

from openbook.config import Settings
from openbook.governance.tables import NotificationRow
from openbook.kernel.database import Database
from openbook.web import create_app
from tests.smtp import smtp_server
from tests.web.conftest import csrf_of, sign_in

DEADLINE_SECONDS = 60  # how long the test waits for the background sender at most


def raise_by_page(client: TestClient, title: str) -> str:
    response = client.post(
        "/escalations",
        data={
            "csrf_token": csrf_of(client, "/escalations"),
            "title": title,
            "detail": "",
            "remit": "quality",
            "subject": "RD3",
            "month": "6",
        },
    )
    assert response.status_code == 303, response.text[:300]
    return str(response.headers["location"]).rsplit("/", 1)[1]


def test_the_web_server_sends_what_a_write_queued(sqlite_demo_db: Database, tmp_path: Path) -> None:
    with smtp_server() as server:
        settings = Settings(
            database_url=str(sqlite_demo_db.engine.url),
            var_dir=tmp_path / "var",
            smtp_url=server.url,
        )
        app = create_app(settings, sqlite_demo_db)
        arrived = threading.Event()
        with TestClient(app, follow_redirects=False) as client:  # runs the app's lifespan
            sign_in(client, "rd3.viewer")
            ref = raise_by_page(client, "Ward closed\nBcc: all@example.org")
            for _ in range(DEADLINE_SECONDS * 10):
                if any(ref in m["Subject"] for m in server.messages()):
                    arrived.set()
                    break
                arrived.wait(0.1)
        assert arrived.is_set()
        assert all("\n" not in m["Subject"] and m["Bcc"] is None for m in server.messages())


def test_administrators_see_the_outbox_and_retry_dead_letters(
    app: object, client: TestClient
) -> None:
    db: Database = client.app.state.openbook.db  # type: ignore[attr-defined]
    with db.transaction() as session:  # the demo's notifications, as dead letters
        session.execute(
            update(NotificationRow).values(
                email="rd3.approver@dorset.example.invalid",
                email_dead_at=db.clock.now(),
                email_attempts=6,
                email_error="550 no such user",
            )
        )
    viewer = sign_in(TestClient(client.app, follow_redirects=False), "rd3.viewer")
    assert viewer.get("/admin/outbox").status_code == 403
    sign_in(client, "admin")
    page = client.get("/admin/outbox")
    assert page.status_code == 200
    assert "550 no such user" in page.text and "Retry all" in page.text
    token = csrf_of(client, "/admin/outbox")
    retried = client.post("/admin/outbox/retry", data={"csrf_token": token, "id": "all"})
    assert retried.status_code == 303
    after = client.get(str(retried.headers["location"]))
    assert "back in the outbox" in after.text and "Retry all" not in after.text
    assert client.post("/admin/outbox/retry", data={"id": "all"}).status_code in (400, 403)
