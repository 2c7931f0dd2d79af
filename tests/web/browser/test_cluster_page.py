"""The cluster page at a desktop (1280 px) and a phone (390 px): reached from the overview,
the page never scrolls sideways, the tables scroll in their own boxes, and axe finds
nothing. On the demonstration with its recent years and the SYNTHETIC neighbour."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from openbook.demo.cluster import build_cluster_demo
from openbook.demo.recent import build_recent_demo
from openbook.kernel.database import Database
from tests.web.browser.conftest import check_page, serving, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def cluster_server(_sqlite_templates: dict[str, Path], tmp_path: Path) -> Iterator[str]:
    def with_cluster(db: Database) -> None:
        assert build_recent_demo(db) and build_cluster_demo(db)

    with serving(_sqlite_templates["demo"], tmp_path, with_cluster) as server:
        yield server.url


@pytest.mark.parametrize("width", [1280, 390])
def test_the_cluster_page_reads_at_both_widths(
    browser: Browser, cluster_server: str, width: int
) -> None:
    context = browser.new_context(base_url=cluster_server, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "rbd.viewer")
        page.goto("/systems/QVV?year=2026/27&month=6")
        page.get_by_role(
            "link", name="Dorset and Wessex Vale cluster (SYNTHETIC), viewed as one"
        ).click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "Dorset and Wessex Vale cluster (SYNTHETIC)"
        assert page.locator("#table-eliminations").is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        check_page(page, f"cluster-{width}")
    finally:
        context.close()
