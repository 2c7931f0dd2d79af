"""The rota grid and the passport pages in a real browser at a desktop (1280 px) and a phone
(390 px): the grid draws with its site colours and gaps row, scrolls inside its own box with
the people kept in view, the page never scrolls sideways, the rota in words opens, and axe
finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in
from tests.web.browser.test_capacity_pages import fits

pytestmark = pytest.mark.browser
SOLVE_MS = 90_000  # the first request solves the rota


def background(page: Page, selector: str) -> str:
    return str(page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor"))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_rota_grid(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/workforce/rotas/stroke", timeout=SOLVE_MS)
    expect(page.get_by_role("heading", level=1)).to_contain_text("stroke thrombolysis")
    grid = page.locator("#rota-grid")
    expect(grid.locator("tbody th[scope=row]").first).to_contain_text("S01")
    expect(grid.locator("#rota-gaps")).to_contain_text("Cover short")
    dch = background(page, "#rota-grid .openbook-rota__shift--DCH")
    network = background(page, "#rota-grid .openbook-rota__shift--NET")
    assert dch != network and "rgba(0, 0, 0, 0)" not in (dch, network)
    assert fits(page), f"the rota page scrolls sideways at {width}px"
    person = page.locator("#rota-grid tbody th[scope=row]").first.bounding_box()
    assert person is not None and person["x"] >= 0 and person["x"] + person["width"] <= width
    region = page.get_by_role("region", name="Rota grid: people by days")
    region.evaluate("e => e.scrollBy(2000, 0)")
    after = page.locator("#rota-grid tbody th[scope=row]").first.bounding_box()
    assert after is not None and after["x"] >= 0, "the people scroll out of view"
    page.get_by_text("Each person's shifts, and the gaps in cover").click()
    expect(page.locator("#rota-text")).to_contain_text("S01:")
    check_page(page, f"80-rota-grid-{width}")
    page.get_by_role("link", name="DCH alone").click(timeout=SOLVE_MS)
    gap = page.locator("#rota-gaps td.openbook-rota__gap").first
    expect(gap).to_contain_text("−1")
    assert background(page, "#rota-gaps td.openbook-rota__gap") != "rgba(0, 0, 0, 0)"
    assert fits(page), f"the DCH rota page scrolls sideways at {width}px"
    check_page(page, f"81-rota-grid-dch-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_passport_pages(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/workforce")
    expect(page.locator("#table-people")).to_contain_text("S12")
    page.get_by_label("Search (id, name, employer or role)").fill("S03")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="S03").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("S03")
    expect(page.locator("#table-eligibility")).to_contain_text("DCH")
    assert fits(page), f"the person page scrolls sideways at {width}px"
    check_page(page, f"82-passport-person-{width}")
