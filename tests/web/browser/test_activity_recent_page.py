"""The activity page for a recent year in a real browser at desktop and phone widths: the
aligned payment table, the elective value table and its SPC charts drawn live, no console
warnings, nothing overflowing sideways, and axe finds nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import ConsoleMessage, Page, expect

from openbook.compose import from_url
from openbook.config import Settings
from openbook.web import create_app
from tests.regime.conftest import _recent_template
from tests.web.browser.conftest import LiveServer, check_page, sign_in
from tests.web.browser.test_capacity_pages import fits

pytestmark = pytest.mark.browser
__all__ = ["_recent_template"]


@pytest.fixture
def live_server(_recent_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The live server of tests/web/browser/conftest.py, on the recent demonstration."""
    import socket
    import threading
    import time

    target = tmp_path / "recent.db"
    shutil.copy(_recent_template, target)
    db = from_url(f"sqlite:///{target}")
    settings = Settings(database_url=f"sqlite:///{target}", var_dir=tmp_path / "var")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(
        create_app(settings, db), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", db)
    server.should_exit = True
    thread.join(timeout=10)
    db.dispose()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_recent_activity_page(page: Page, width: int) -> None:
    said: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if message.type in ("warning", "error"):
            said.append(f"{message.type}: {message.text}")

    page.on("console", listen)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/activity?year=2024/25&month=12")
    expect(page.locator("#table-aligned-payment")).to_contain_text("Variable element YTD")
    expect(page.locator("#table-elective-value")).to_contain_text("107.8%")
    chart = page.locator('[data-chart="chart-spec-elective-system"]')
    expect(chart).to_have_class("openbook-chart__canvas openbook-chart__canvas--live")
    expect(chart).to_contain_text("% of 2019/20 value")
    live = page.locator(".openbook-chart__canvas--live")
    expect(live).to_have_count(page.locator("[data-chart]").count())
    assert fits(page), "the activity page scrolls sideways"
    check_page(page, f"71-activity-recent-{width}")
    assert said == [], said
