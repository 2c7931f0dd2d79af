"""Governance in a real browser: the OFRG chair reads the bodies, opens RD3's escalation,
adds an action, and records a decision; every page screenshotted and checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_the_chair_works_an_escalation_and_records_a_decision(page: Page) -> None:
    sign_in(page, "11j.approver")
    page.goto("/governance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance")
    check_page(page, "20-governance")
    page.get_by_role("link", name="Operational finance reference group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Operational finance reference group")
    check_page(page, "21-body")
    page.get_by_role("link", name=re.compile("RD3 forecast")).first.click()
    expect(page.locator("#escalation-status")).to_contain_text("open")
    check_page(page, "22-escalation")
    page.get_by_label("New action").fill("Agree the year-end transfer at the April meeting")
    page.get_by_label("Owner").fill("11j.approver")
    page.get_by_label("Due (YYYY-MM-DD)").fill("2018-04-20")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#actions")).to_contain_text("Agree the year-end transfer")
    page.goto("/decisions")
    check_page(page, "23-decisions")
    page.get_by_label("Body").last.select_option("ofrg")
    page.get_by_label("Meeting date (YYYY-MM-DD)").fill("2018-04-20")
    page.get_by_label("Decision, in a line").fill("RD3 recovery plan accepted")
    page.get_by_label("What was decided").fill("RD3 brings agency spend back within the cap.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("RD3 recovery plan accepted")
    check_page(page, "24-decision")
    page.goto("/notifications")
    check_page(page, "25-notifications")


@pytest.mark.parametrize("width", [1280, 390])
def test_issued_packs_and_the_months_page_at_desk_and_phone_widths(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "system.lead")
    page.goto("/governance/ofrg?year=2017/18")
    row = page.locator("#pack-2018-04-20")
    expect(row).to_contain_text("Issued")
    expect(row).to_contain_text("11j.approver")
    check_page(page, f"26-body-issued-packs-{width}")
    page.locator("#pack-2018-05-18").get_by_role(
        "button", name=re.compile("Issue this pack")
    ).click()
    expect(page.locator("#pack-2018-05-18")).to_contain_text("Issued")
    page.goto("/governance/board")
    expect(page.locator("#pack-2019-05-30")).to_contain_text(
        "No pack: QVV has no members in 2019/20"
    )
    page.goto("/months?year=2017/18")
    expect(page.locator("#month-6")).to_contain_text("Closed")
    check_page(page, f"27-months-{width}")
    page.get_by_label("Why reopen M6?").fill("RD3's M6 return was wrong")
    page.locator("#month-6").get_by_role("button", name=re.compile("Reopen")).click()
    expect(page.locator("#month-6")).to_contain_text("Open")
    page.goto("/audit?action=period.reopened")
    expect(page.locator("#table-audit")).to_contain_text("closed: true → false")
    check_page(page, f"28-audit-change-{width}")
