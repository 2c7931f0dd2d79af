"""Request bodies are refused with 413 before any route or sign-in check reads them (issue 13:
an anonymous 100 MB JSON body was read in full before the 401)."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.config import Settings
from openbook.finance.submit import list_history
from openbook.kernel.database import Database
from openbook.web import create_app
from tests.returns import YEAR
from tests.web.conftest import csrf_of, sign_in, signed_in

HUNDRED_MB = 100 * 1024 * 1024


class Client:
    """Drives the app at the ASGI level, so the test sees every read of the body."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.reads = 0
        self.bytes_read = 0
        self.sent: list[dict[str, Any]] = []

    def post(
        self, path: str, headers: dict[str, str], chunks: int, chunk: bytes = b" " * 65536
    ) -> int:
        async def receive() -> dict[str, Any]:
            self.reads += 1
            if self.reads > chunks:
                return {"type": "http.disconnect"}
            self.bytes_read += len(chunk)
            return {"type": "http.request", "body": chunk, "more_body": self.reads < chunks}

        async def send(message: dict[str, Any]) -> None:
            self.sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80),
        }
        # In a thread of its own: a browser test earlier in the run may have left an event
        # loop running in this one (Playwright's sync API), and asyncio.run refuses that.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, self.app(scope, receive, send)).result()
        return int(self.sent[0]["status"])

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.sent if m["type"] == "http.response.body")


def test_an_anonymous_100_mb_json_body_is_refused_unread(app: FastAPI) -> None:
    client = Client(app)
    status = client.post(
        "/api/v1/proposals/P-QVV-2017-18-0001/decisions",
        {"content-type": "application/json", "content-length": str(HUNDRED_MB)},
        chunks=HUNDRED_MB // 65536,
    )
    assert status == 413
    assert client.reads == 0  # not one byte of the body was read: no route, no auth
    error = json.loads(client.body)["error"]
    assert error["code"] == "request_too_large"
    assert "1 MB" in error["message"]


def test_a_chunked_body_is_stopped_once_it_passes_the_limit(app: FastAPI) -> None:
    client = Client(app)
    status = client.post(
        "/api/v1/proposals/P-QVV-2017-18-0001/decisions",
        {"content-type": "application/json", "transfer-encoding": "chunked"},
        chunks=HUNDRED_MB // 65536,
    )
    assert status == 413
    # Read up to the limit (1 MB) and one chunk more, never the 100 MB.
    assert client.bytes_read <= 1_000_000 + 65536
    assert json.loads(client.body)["error"]["code"] == "request_too_large"


def test_a_page_form_over_the_limit_gets_a_page_saying_so(app: FastAPI) -> None:
    client = Client(app)
    status = client.post(
        "/sign-in",
        {"content-type": "application/x-www-form-urlencoded", "content-length": "5000000"},
        chunks=100,
    )
    assert status == 413
    assert client.reads == 0
    assert b"The request is too large" in client.body


def test_a_chunked_form_is_stopped_before_sign_in_reads_it(app: FastAPI) -> None:
    client = Client(app)
    status = client.post(
        "/sign-in",
        {"content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked"},
        chunks=1000,
        chunk=b"username=" + b"a" * 65527,
    )
    assert status == 413
    assert client.bytes_read <= 1_000_000 + 65536


def test_upload_routes_take_the_larger_limit_and_still_refuse_above_it(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = signed_in(app, "rbd.submitter")
    token = csrf_of(client, "/submissions")
    # 2 MB is over the form limit but under the upload limit: the route reads it and says
    # what is wrong with the file.
    two_mb = b"code,amount\n" + b"x,1\n" * 500_000
    response = client.post(
        "/submissions",
        data={"csrf_token": token},
        files={"return_file": ("big.csv", two_mb, "text/csv")},
    )
    assert response.status_code == 422
    huge = Client(app)
    status = huge.post(
        "/submissions",
        {"content-type": "multipart/form-data; boundary=x", "content-length": "30000000"},
        chunks=1,
    )
    assert status == 413
    assert huge.reads == 0
    assert b"20 MB" in huge.body
    assert len(list_history(sqlite_demo_db, "RBD", YEAR, 12)) == 1  # nothing stored


def test_the_limits_are_settings(sqlite_demo_db: Database, tmp_path: Path) -> None:
    settings = Settings(
        database_url=str(sqlite_demo_db.engine.url),
        var_dir=tmp_path / "var",
        max_request_bytes=10_000,
    )
    app = create_app(settings, sqlite_demo_db)
    client = Client(app)
    status = client.post(
        "/sign-in",
        {"content-type": "application/x-www-form-urlencoded", "content-length": "20000"},
        chunks=1,
    )
    assert status == 413
    assert "10 kB" in client.body.decode()
    env = Settings.from_env({"OPENBOOK_MAX_REQUEST_BYTES": "2_000_000"})
    assert env.max_request_bytes == 2_000_000
    with pytest.raises(ValueError, match="OPENBOOK_MAX_UPLOAD_BYTES"):
        Settings.from_env({"OPENBOOK_MAX_UPLOAD_BYTES": "lots"})


def test_ordinary_requests_are_untouched(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        sign_in(client, "system.lead")  # a form post under the limit, read as before
        assert client.get("/escalations").status_code == 200
