"""The national page at a desktop (1280 px) and a phone (390 px), on a small England (two
SYNTHETIC systems beside Dorset): reached from the navigation, the page never scrolls
sideways, the table scrolls in its own box, axe finds nothing, and a system drills into
its own overview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from openbook.demo.england import build_england_demo
from openbook.kernel.database import Database
from tests.web.browser.conftest import check_page, serving, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def england_server(_sqlite_templates: dict[str, Path], tmp_path: Path) -> Iterator[str]:
    def with_england(db: Database) -> None:
        assert build_england_demo(db, limit=2, years=("2017/18",), months=2)

    with serving(_sqlite_templates["demo"], tmp_path, with_england) as server:
        yield server.url


@pytest.mark.parametrize("width", [1280, 390])
def test_the_national_page_reads_at_both_widths(
    browser: Browser, england_server: str, width: int
) -> None:
    context = browser.new_context(base_url=england_server, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "rbd.viewer")
        page.goto("/national")
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "National view"
        assert page.locator("#table-national tbody tr").count() == 3
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        check_page(page, f"national-{width}")
        page.locator("#table-national").get_by_role("link", name="QA1").click()
        page.wait_for_load_state("networkidle")
        assert "England system QA1 (SYNTHETIC)" in page.locator("h1").inner_text()
    finally:
        context.close()
