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


@pytest.mark.parametrize("width", [1280, 390])
def test_simulation_pages_run_in_the_background(page: Page, width: int) -> None:
    """A simulation starts, its progress is polled, and the page shows the result by itself."""
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/capacity/stroke-pathway")
    page.get_by_label("Acute beds (e.g. 9..14)").fill("9..12")
    page.get_by_label("Replications").fill("6")
    page.get_by_role("button", name="Simulate").click()
    # the page reloads itself when the job is done (app.js polls /capacity/jobs/...)
    expect(page.locator("table").first).to_contain_text("12", timeout=120_000)
    expect(page.locator("#table-acute-unit")).to_be_visible()
    expect(page.locator(".openbook-chart svg").first).to_be_visible()
    assert fits(page), "the stroke pathway page scrolls sideways"
    check_page(page, f"62-capacity-stroke-pathway-{width}")
    for path, name in [("/capacity/pooling", "pooling"), ("/capacity/cath-labs", "cath-labs")]:
        page.goto(path)
        page.get_by_label("Replications").fill("3")
        page.get_by_role("button", name="Simulate").click()
        expect(page.locator("table").first).to_contain_text("separate", timeout=120_000,
                                                            ignore_case=True)  # fmt: skip
        assert fits(page), f"the {name} page scrolls sideways"
        check_page(page, f"63-capacity-{name}-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_stroke_units_maps_and_search(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/stroke-units")
    # drawn in the background (boundaries simplified on first use); the page reloads itself
    expect(page.locator("#chart-spec-travel-time-map")).to_be_attached(timeout=300_000)
    expect(page.locator(".openbook-chart").first).to_be_visible()
    assert fits(page), "the stroke-units page with maps scrolls sideways"
    page.get_by_role("link", name="Every two-unit configuration, ranked, and the search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stroke units: every configuration")
    expect(page.locator("#table-two-unit")).to_contain_text("east + west")
    expect(page.get_by_text("East + west ranks")).to_be_visible()
    assert fits(page), "the search page scrolls sideways"
    check_page(page, f"64-stroke-units-search-{width}")
    page.get_by_label("Most units").fill("3")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#table-ranked")).to_contain_text("+")
    assert fits(page), "the search results scroll sideways"
