"""The notes page in a real browser: annotate a chart through the form, see it drawn with
its note, at desktop and phone widths; axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in
from tests.web.browser.test_capacity_pages import fits

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_annotate_a_chart_and_see_it(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "system.lead")
    page.goto("/spc/notes?chart=ae-4h/RBD&year=2018/19&month=12")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notes on SPC charts")
    page.locator("#note-day").fill("2017-10")
    page.locator("#note-label").fill("Front-door streaming")
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Recorded N-QVV-0001")
    expect(page.locator("#table-spc-notes")).to_contain_text("Front-door streaming")
    expect(page.locator(".openbook-chart svg").first).to_be_visible()
    expect(page.locator(".openbook-chart figcaption")).to_contain_text(
        "note October 2017: Front-door streaming"
    )
    assert fits(page), "the notes page scrolls sideways"
    check_page(page, f"70-spc-notes-{width}")
