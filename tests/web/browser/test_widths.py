"""The overview and organisation tables at a desktop (1280 px) and a phone (390 px): the key
columns are in view without scrolling, the page itself never scrolls sideways, and axe finds
nothing. Wider tables scroll inside their own box with the first column kept in view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser
OVERVIEW = "/systems/QVV?year=2017/18&month=12"
RBD = "/systems/QVV/organisations/RBD?year=2017/18&month=12"
KEY_COLUMNS = {
    ("positions", 1280): [
        "Organisation",
        "RAG",
        "Gap (£000)",
        "Forecast outturn (£000)",
        "Control total (£000)",
        "YTD variance (£000)",
        "Sustainability funding (£000)",
        "Funding at risk (£000)",
    ],
    ("positions", 390): ["Organisation", "RAG", "Gap (£000)"],
    ("lines", 1280): [
        "Line",
        "YTD variance (actual less plan) (£000)",
        "Forecast outturn (£000)",
        "YTD actual (£000)",
        "YTD plan (£000)",
        "Annual plan (£000)",
    ],
    ("lines", 390): ["Line", "YTD variance (actual less plan) (£000)"],
}

CLIPPED = """(key) => {
    const table = document.querySelector('#table-' + key);
    const box = table.closest('.openbook-table').getBoundingClientRect();
    const right = Math.min(box.right, window.innerWidth);
    return [...table.querySelectorAll('thead th')].map(th => {
        const r = th.getBoundingClientRect();
        const inside = r.left >= box.left - 1 && r.right <= right + 1;
        return {text: th.textContent.trim(), inside: inside, left: r.left, right: r.right};
    });
}"""


def fits(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


def assert_key_columns_in_view(page: Page, key: str, width: int) -> None:
    headers = {h["text"]: h for h in page.evaluate(CLIPPED, key)}
    for name in KEY_COLUMNS[(key, width)]:
        assert name in headers, f"{key} at {width}px has no column {name!r}: {list(headers)}"
        assert headers[name]["inside"], f"{key} at {width}px clips {name!r}: {headers[name]}"
    assert fits(page), f"the page scrolls sideways at {width}px"


@pytest.mark.parametrize("width", [1280, 390])
def test_key_columns_are_in_view_at_desktop_and_phone_widths(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto(OVERVIEW)
    expect(page.locator("#table-positions")).to_contain_text("RBD")
    assert_key_columns_in_view(page, "positions", width)
    expect(page.locator("#legend-positions")).to_contain_text("Dorset County Hospital")
    full_name = page.locator("#table-positions a", has_text="RBD").first.get_attribute("title")
    assert full_name == "Dorset County Hospital NHS Foundation Trust"  # on hover
    check_page(page, f"70-overview-{width}")
    page.goto(RBD)
    expect(page.locator("#table-lines")).to_contain_text("Pay")
    assert_key_columns_in_view(page, "lines", width)
    check_page(page, f"71-organisation-{width}")


def test_a_wide_table_keeps_its_first_column_in_view_when_scrolled(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto(OVERVIEW)
    region = page.locator(".openbook-table", has=page.locator("#table-positions"))
    region.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    first = page.locator("#table-positions tbody th").first.bounding_box()
    box = region.bounding_box()
    assert first and box and first["x"] >= box["x"] - 1  # sticky: still at the left edge
