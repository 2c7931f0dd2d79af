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
