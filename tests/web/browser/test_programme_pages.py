"""The programme's pages in a real browser: the timeline's Gantt chart draws with today's
line, the overview and benefits show, nothing overflows sideways, and axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in
from tests.web.browser.test_capacity_pages import fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_programme_timeline(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/programme/timeline?as_of=2016-08-15")
    expect(page.get_by_role("heading", level=1)).to_contain_text("One NHS in Dorset")
    expect(page.locator('[data-chart="chart-spec-programme-timeline"] svg').first).to_be_visible()
    expect(page.locator("#table-timeline")).to_contain_text("Framework JV created")
    assert fits(page), "the timeline scrolls sideways"
    check_page(page, f"70-programme-timeline-{width}")


def test_programme_overview_and_benefits(page: Page) -> None:
    sign_in(page, "rbd.viewer")
    page.goto("/programme")
    expect(page.locator("#table-lines")).to_contain_text("Non-surgical cancer")
    check_page(page, "71-programme-overview")
    page.goto("/programme/benefits")
    expect(page.locator("#table-benefits")).to_contain_text("linked measure")
    check_page(page, "72-programme-benefits")


@pytest.mark.parametrize("width", [1280, 390])
def test_programme_benefits_month_by_month(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto("/programme/benefits")
    expect(page.locator('[data-chart="chart-spec-benefit-spc-B01"] svg').first).to_be_visible()
    expect(page.locator("#table-savings")).to_contain_text("3.0% to 4.4%")
    expect(page.locator("#table-benefits")).to_contain_text("concern (high)")
    assert fits(page), "the benefits page scrolls sideways"
    check_page(page, f"73-programme-benefits-{width}")
