"""The capacity and stroke-units pages in a real browser at desktop and phone widths: the
forms work, the curve draws, nothing overflows sideways, and axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def fits(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [1280, 390])
def test_capacity_and_stroke_units_pages(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/capacity")
    page.get_by_label("Beds (e.g. 9..14)").fill("10..14")
    page.get_by_label("Method").select_option("erlang-b")
    page.get_by_role("button", name="Calculate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beds for one unit")
    expect(page.locator("table")).to_contain_text("14")
    expect(page.locator(".openbook-chart svg").first).to_be_visible()
    assert fits(page), "the capacity page scrolls sideways"
    check_page(page, f"60-capacity-{width}")
    page.goto("/stroke-units")
    expect(page.locator("table").first).to_contain_text("Royal Bournemouth")
    page.get_by_label("Unit postcodes, separated by commas (e.g. BH77DW,DT12JY)").fill("DT12JY")
    page.get_by_role("button", name="Evaluate").click()
    expect(page.locator("table").last).to_contain_text("DT12JY")
    assert fits(page), "the stroke-units page scrolls sideways"
    check_page(page, f"61-stroke-units-{width}")
