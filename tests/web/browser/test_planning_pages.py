"""The planning pages in a real browser at desktop and phone widths, on the demonstration's
stored plans: the list, a plan with its bridge and tornado charts and its shared targets,
and two plans side by side; nothing overflows sideways and axe finds nothing."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from openbook.demo.planning import FLAT_CASH, PLAN
from tests.web.browser.conftest import check_page, sign_in
from tests.web.browser.test_capacity_pages import fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_planning_pages(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "system.lead")
    page.goto("/planning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Medium-term financial plans")
    page.get_by_role("link", name=FLAT_CASH).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(FLAT_CASH)
    expect(page.locator(".openbook-chart svg").first).to_be_visible()
    expect(page.locator("#table-shared")).to_contain_text("Saving asked")
    expect(page.get_by_text("so the targets are not shared").first).to_be_visible()
    assert fits(page), "the plan page scrolls sideways"
    check_page(page, f"80-plan-{width}")
    page.goto("/planning/compare?" + urlencode({"a": PLAN, "b": FLAT_CASH}))
    expect(page.locator("table").first).to_contain_text("RBD")
    assert fits(page), "the comparison page scrolls sideways"
    check_page(page, f"81-plan-compare-{width}")
