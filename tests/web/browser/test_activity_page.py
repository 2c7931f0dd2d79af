"""The activity page in a real browser at desktop and phone widths: services by name with
the code on hover, a small chart per service with its plan line drawn live by Vega-Lite,
no warning or error in the console (no Vega-Lite version warning), nothing overflowing
sideways, and axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.web.browser.conftest import check_page, sign_in
from tests.web.browser.test_capacity_pages import fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_activity_page(page: Page, width: int) -> None:
    said: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if message.type in ("warning", "error"):
            said.append(f"{message.type}: {message.text}")

    page.on("console", listen)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/activity?year=2018/19&month=12")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity")
    table = page.locator("#table-activity")
    service = table.get_by_role("link", name="Day case operations").first
    expect(service).to_have_attribute("title", "E.M.10b: Elective day case spells")
    expect(table).to_contain_text("Plan YTD")
    small = page.locator('[data-chart="chart-spec-plan-RBD-E-M-10b"]')
    expect(small).to_have_class("openbook-chart__canvas openbook-chart__canvas--live")
    expect(small.locator("svg").first).to_be_visible()
    live = page.locator(".openbook-chart__canvas--live")
    expect(live).to_have_count(page.locator("[data-chart]").count())
    expect(page.locator('[data-chart="chart-spec-ae-RBD"]')).to_contain_text(
        "% seen within 4 hours"
    )
    assert fits(page), "the activity page scrolls sideways"
    check_page(page, f"70-activity-{width}")
    assert said == [], said
