"""Web fixtures: an app on a copy of the demonstration store, signed-in test clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.config import Settings
from openbook.demo.users import DEMO_PASSWORD
from openbook.kernel.database import Database
from openbook.web import create_app
from tests.returns import valid_return_rows

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_app(db: Database, tmp_path: Path) -> FastAPI:
    settings = Settings(database_url=str(db.engine.url), var_dir=tmp_path / "var")
    return create_app(settings, db)


@pytest.fixture
def app(sqlite_demo_db: Database, tmp_path: Path) -> FastAPI:
    return make_app(sqlite_demo_db, tmp_path)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def csrf_of(client: TestClient, path: str = "/sign-in") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> TestClient:
    token = csrf_of(client)
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "username": username, "password": password, "next": "/"},
    )
    assert response.status_code == 303, response.text[:500]
    return client


def signed_in(app: FastAPI, username: str) -> TestClient:
    return sign_in(TestClient(app, follow_redirects=False), username)


def return_csv(db: Database, org: str = "RBD", forecast_change: int = 0) -> bytes:
    """The demo's M12 2017/18 return for `org`, with the forecast surplus moved by the change
    (non-pay falls by it, so every subtotal still adds up)."""
    rows = valid_return_rows(db, org)
    codes = [row[3] for row in rows]
    forecast = rows[0].index("forecast_outturn")
    for line, sign in [
        ("non_pay", -1),
        ("expenditure.total", -1),
        ("surplus_deficit", 1),
        ("surplus_deficit.excl_sustainability", 1),
    ]:
        row = rows[codes.index(line)]
        row[forecast] = str(Decimal(row[forecast]) + sign * forecast_change)
    return "\n".join(
        ",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in rows
    ).encode()
