"""The submission tracker, a line month by month, and the activity page's KPI summary in
Chromium at 1280 px and on a phone: axe-core finds nothing, the page never scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser
PAGES = [
    ("/systems/QVV/returns/tracker?year=2018/19&month=6", "#table-returns", "80-tracker"),
    (
        "/systems/QVV/organisations/RBD/lines/pay.agency?year=2018/19&month=11",
        "#table-months",
        "81-line",
    ),
    ("/activity?year=2018/19&month=11", "#table-kpis", "82-kpi-summary"),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_new_views_are_clean_at_both_widths(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "system.lead")
    for path, table, name in PAGES:
        page.goto(path)
        expect(page.locator(table)).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        check_page(page, f"{name}-{width}")


def test_drilling_down_from_the_overview_to_a_month(page: Page) -> None:
    sign_in(page, "rbd.viewer")
    page.goto("/systems/QVV?year=2018/19&month=11")
    page.locator("#tracker-link").click()
    expect(page.locator("h1")).to_have_text("Who has submitted their return")
    page.goto("/systems/QVV?year=2018/19&month=11")
    page.locator("#table-positions tbody tr", has_text="RBD").locator("td a").first.click()
    expect(page.locator("#table-lines")).to_be_visible()
    page.locator("#table-lines a", has_text="Pay: agency staff").click()
    expect(page.locator("h1")).to_have_text("Pay: agency staff")
    page.locator("#table-months a", has_text="M3 (Jun)").click()
    expect(page.locator(".nhsuk-caption-l").first).to_contain_text("2018/19 M3")
