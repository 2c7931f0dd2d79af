"""The pay and agency section of the overview and an organisation's page in a control-total
year, in Chromium at 1280 px and on a phone (390 px): the key columns show, the page never
scrolls sideways, axe-core finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser
PAGES = [
    ("/systems/QVV?year=2018/19&month=12", "90-pay-agency-overview"),
    ("/systems/QVV/organisations/RD3?year=2018/19&month=12", "91-pay-agency-rd3"),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pay_and_agency_section_reads_at_both_widths(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    for path, name in PAGES:
        page.goto(path)
        section = page.locator("#pay-agency")
        expect(section.locator("#pay-agency-pct")).to_have_text(
            "4.41" if "RD3" not in path else "7.45"
        )
        table = section.locator("#table-pay-agency")
        expect(table).to_be_visible()
        for heading in ("Agency YTD (£000)", "Agency % of pay YTD", "Above plan"):
            expect(table.locator("th", has_text=heading).first).to_be_visible()
        expect(section.locator("#table-pay-agency-trend")).to_be_visible()
        expect(section.locator("#pay-agency-flags")).to_contain_text("RD3")
        section.scroll_into_view_if_needed()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        check_page(page, f"{name}-{width}")
