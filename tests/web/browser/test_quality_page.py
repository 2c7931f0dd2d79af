"""The quality page in a real browser at desktop and phone widths: the KPI table, the funnels
and a provider's charts draw, nothing overflows sideways, and axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in
from tests.web.browser.test_capacity_pages import fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_quality_page(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rd3.submitter")
    page.goto("/quality?year=2018/19&month=12")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality")
    expect(page.locator("#table-kpis")).to_contain_text("RD3")
    expect(page.locator("#table-kpis")).to_contain_text("concern (low)")
    expect(
        page.locator('[data-chart="chart-spec-funnel-stroke_swallow_72h"] svg').first
    ).to_be_visible()
    page.get_by_label("Measure", exact=True).select_option("mortality_ratio")
    page.get_by_role("button", name="Show the charts").click()
    expect(page.locator(".openbook-chart svg").last).to_be_visible()
    assert fits(page), "the quality page scrolls sideways"
    check_page(page, f"62-quality-{width}")
