"""The dashboard in a real browser, as its users go through it. Every page visited gets a
screenshot (test-artifacts/screenshots/) and an axe-core check for WCAG 2.2 AA."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from openbook.finance.position_report import get_system_position
from openbook.kernel.period import FinancialYear
from tests.web.browser.conftest import LiveServer, check_page, sign_in, sign_out
from tests.web.conftest import return_csv

pytestmark = pytest.mark.browser
OVERVIEW = "/systems/QVV?year=2017/18&month=12"


def test_sign_in_overview_and_drill_into_an_organisation(page: Page) -> None:
    page.goto(OVERVIEW)
    expect(page).to_have_url("/sign-in?next=/systems/QVV%3Fyear%3D2017/18%26month%3D12")
    check_page(page, "01-sign-in")
    sign_in(page, "rbd.viewer")
    page.goto(OVERVIEW)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dorset")
    expect(page.locator("#system-headline")).to_contain_text("(5,500)")  # system control total
    check_page(page, "02-overview")
    page.get_by_role("link", name=re.compile(r"\(RBD\)")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dorset County")
    expect(page.locator("#position-summary")).to_be_visible()
    check_page(page, "03-organisation")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    assert download.value.suggested_filename.endswith(".csv")


def test_a_bad_return_shows_its_errors_and_a_good_one_changes_the_position(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    sign_in(page, "rbd.submitter")
    page.goto("/submissions")
    check_page(page, "04-submissions")
    bad = tmp_path / "rbd_bad.csv"
    bad.write_bytes(return_csv(live_server.db).replace(b"RBD", b"RBX", 1))
    page.get_by_label(re.compile("Return file")).set_input_files(str(bad))
    page.get_by_role("button", name="Check and submit").click()
    expect(page.locator("#error-summary")).to_contain_text("Nothing was stored")
    check_page(page, "05-submission-errors")
    good = tmp_path / "rbd_m12.csv"
    good.write_bytes(return_csv(live_server.db, forecast_change=500_000))
    page.get_by_label(re.compile("Return file")).set_input_files(str(good))
    page.get_by_role("button", name="Check and submit").click()
    expect(page.get_by_text("Stored rbd_m12.csv as version 2.")).to_be_visible()
    expect(page.locator("#forecast-outturn")).to_have_text("(1,500)")  # was (2,000)
    check_page(page, "06-organisation-after-upload")


def test_propose_a_transfer_approve_as_each_organisation_enact_and_audit(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, "system.lead")
    page.goto("/proposals")
    check_page(page, "07-proposals")
    page.get_by_label("Financial year").first.select_option("2017/18")
    page.locator("#t-month").select_option("12")
    page.get_by_role("button", name="Solve transfers").click()
    expect(page.locator("#explanation")).to_contain_text("rescued")
    check_page(page, "08-solve-transfers")
    page.get_by_role("button", name="Propose this to the partners").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposal QVV-201718-P001")
    check_page(page, "09-proposal")
    awaiting = page.locator("#awaiting").inner_text()
    organisations = [code.strip() for code in awaiting.split(",") if code.strip().startswith("R")]
    assert "RD3" in organisations
    sign_out(page)
    for org in organisations:
        sign_in(page, f"{org.lower()}.approver")
        page.goto("/proposals/QVV-201718-P001")
        page.get_by_role("button", name=f"Approve for {org}").click()
        expect(page.get_by_text("You approved QVV-201718-P001.")).to_be_visible()
        sign_out(page)
    sign_in(page, "system.deputy")
    page.goto("/proposals/QVV-201718-P001")
    page.get_by_role("button", name="Approve for the system").click()
    page.get_by_role("button", name="Enact: write it to the ledger").click()
    expect(page.locator("#proposal-status")).to_have_text("enacted")
    check_page(page, "10-proposal-enacted")
    report = get_system_position(live_server.db, "QVV", FinancialYear(2017), 12)
    assert all(p.gap is None or p.gap >= 0 for p in report.organisations)  # all over the line
    page.goto("/audit")
    expect(page.locator("#chain-status")).to_contain_text("intact")
    expect(page.locator("#table-audit")).to_contain_text("proposal.enacted")
    check_page(page, "11-audit")


def test_the_administrator_pages_and_help_are_accessible(page: Page) -> None:
    sign_in(page, "admin")
    pages = [
        ("/users", "12-users"),
        ("/account", "13-account"),
        ("/help", "14-help"),
        ("/activity?year=2018/19&month=12", "15-activity"),
    ]
    for path, name in pages:
        page.goto(path)
        check_page(page, name)


def test_keyboard_only_sign_in_and_navigation(page: Page) -> None:
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Username").focus()
    page.keyboard.type("rdz.viewer")
    page.keyboard.press("Tab")
    page.keyboard.type("openbook-demo")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dorset")
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("() => document.activeElement.textContent.trim()"))
    assert any("(RDZ)" in text for text in focused)  # tiles reachable by Tab
