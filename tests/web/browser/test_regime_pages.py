"""The regime sections of the overview and organisation pages for 2026/27 M6 at a desktop
(1280 px) and a phone (390 px): the key columns of the new tables are in view, the page
never scrolls sideways, and axe finds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.regime.conftest import _recent_template
from tests.web.browser.conftest import check_page, serving, sign_in
from tests.web.browser.test_widths import CLIPPED, fits

__all__ = ["_recent_template"]  # the session's recent demonstration, built once
pytestmark = pytest.mark.browser
M6 = "year=2026/27&month=6"
KEY_COLUMNS = {
    ("regime", 1280): [
        "Organisation",
        "Breaks even",
        "Regime test",
        "Capital headroom (£000)",
        "Cash days",
        "BPPC %",
        "WTE",
        "Agency % of pay",
    ],
    ("regime", 390): ["Organisation", "Breaks even"],
    ("cash", 1280): ["Organisation", "Cash balance (£000)", "Cash days", "BPPC %"],
    ("cash", 390): ["Organisation", "Cash balance (£000)"],
    ("capital", 1280): ["Scheme category", "Funding source", "Forecast outturn (£000)"],
    ("capital", 390): ["Scheme category"],
    ("workforce", 1280): ["Contract", "WTE plan", "WTE actual", "Pay YTD (£000)"],
    ("workforce", 390): ["Contract", "WTE plan"],
    ("staff-groups", 1280): ["Staff group", "WTE plan", "WTE actual", "Agency % of pay YTD"],
    ("staff-groups", 390): ["Staff group", "WTE plan"],
    ("agency-trend", 1280): ["Month", "QVV (system) agency %", "Ceiling %"],
    ("agency-trend", 390): ["Month"],
}


@pytest.fixture
def recent_page(browser: Browser, _recent_template: Path, tmp_path: Path) -> Iterator[Page]:
    with serving(_recent_template, tmp_path) as server:
        context = browser.new_context(base_url=server.url)
        opened = context.new_page()
        opened.set_default_timeout(15_000)
        yield opened
        context.close()


def assert_in_view(page: Page, key: str, width: int) -> None:
    headers = {h["text"]: h for h in page.evaluate(CLIPPED, key)}
    for name in KEY_COLUMNS[(key, width)]:
        assert name in headers, f"{key} at {width}px has no column {name!r}: {list(headers)}"
        assert headers[name]["inside"], f"{key} at {width}px clips {name!r}: {headers[name]}"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_regime_sections_read_at_desktop_and_phone_widths(
    recent_page: Page, width: int
) -> None:
    page = recent_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "rbd.viewer")
    page.goto(f"/systems/QVV?{M6}")
    expect(page.locator("#regime-name")).to_contain_text("Individual breakeven")
    expect(page.locator("#above-ceiling")).to_contain_text("R0D")
    for key in ("regime", "capital", "cash", "workforce", "staff-groups", "agency-trend"):
        assert_in_view(page, key, width)
    assert fits(page), f"the overview scrolls sideways at {width}px"
    check_page(page, f"80-regime-overview-{width}")
    page.goto(f"/systems/QVV/organisations/RBD?{M6}")
    expect(page.locator("#regime-cash-days")).to_have_text("17.0")
    for key in ("capital", "cash", "workforce", "staff-groups", "agency-trend"):
        assert_in_view(page, key, width)
    assert fits(page), f"the organisation page scrolls sideways at {width}px"
    check_page(page, f"81-regime-organisation-{width}")
    page.get_by_role("link", name="The rules of 2026/27").click()
    expect(page.locator("h1")).to_contain_text("Individual breakeven")
    check_page(page, f"82-regime-rules-{width}")
