"""The activity page for a recent year in a real browser at desktop and phone widths: the
aligned payment table, the elective value table and its SPC charts drawn live, no console
warnings, nothing overflowing sideways, and axe finds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.regime.conftest import _recent_template
from tests.web.browser.conftest import LiveServer, check_page, serving, sign_in
from tests.web.browser.test_capacity_pages import fits

pytestmark = pytest.mark.browser
__all__ = ["_recent_template"]


@pytest.fixture
def live_server(_recent_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The live server of tests/web/browser/conftest.py, on the recent demonstration."""
    with serving(_recent_template, tmp_path) as server:
        yield server


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
