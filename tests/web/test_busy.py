"""An overloaded store (no database connection free within the pool's wait) is answered as
busy, 503 with when to try again, on the API and the pages: not as an internal error."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import TimeoutError as PoolTimeout


def no_connection_free() -> None:
    raise PoolTimeout("QueuePool limit of size 5 overflow 10 reached")


def test_no_free_connection_is_busy_not_broken(app: FastAPI) -> None:
    app.add_api_route("/api/v1/overloaded", no_connection_free)
    app.add_api_route("/overloaded", no_connection_free)
    client = TestClient(app)
    api = client.get("/api/v1/overloaded")
    assert (api.status_code, api.headers["retry-after"]) == (503, "5")
    assert api.json()["error"]["code"] == "busy"
    assert "try again in a few seconds" in api.json()["error"]["hint"]
    page = client.get("/overloaded")
    assert page.status_code == 503 and "The service is busy" in page.text
