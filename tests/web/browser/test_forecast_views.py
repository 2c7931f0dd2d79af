"""Issue 16's views walked in Chromium on the Dorset demonstration data, at 1280 px and on a
phone: the trends, the forecast bridge, the run-rate challenge (the CCG flagged at M11), the
commentary and a question beside the numbers, and the diff between two versions of a return.
axe-core finds nothing and no page scrolls sideways. (The tracker, a line month by month and
the KPI summary are walked in test_dashboard_views.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from openbook.accounts.account import authenticate
from openbook.demo.users import DEMO_PASSWORD
from openbook.finance.submit import submit_return
from tests.finance.test_commentary import AGENCY, OVERALL_TEXT, as_csv, with_commentary
from tests.returns import TODAY, valid_return_rows, worse_forecast
from tests.web.browser.conftest import LiveServer, check_page, sign_in

pytestmark = pytest.mark.browser
OVERVIEW = "/systems/QVV?year=2018/19&month=11"
CCG = "/systems/QVV/organisations/11J?year=2018/19&month=11"
RBD = "/systems/QVV/organisations/RBD?year=2017/18&month=12"
DIFF = "/systems/QVV/organisations/RBD/returns/diff?year=2017/18&month=12"


def resubmit_rbd_with_commentary(server: LiveServer) -> None:
    """RBD's M12 2017/18 return again: £300k more non-pay in the forecast, and commentary."""
    rows = with_commentary(worse_forecast(valid_return_rows(server.db, org="RBD"), -300_000))
    submitter = authenticate(server.db, "rbd.submitter", DEMO_PASSWORD)
    assert submit_return(server.db, as_csv(rows), "rbd-m12.csv", submitter, TODAY).created


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_forecast_views_are_clean_at_both_widths(
    page: Page, live_server: LiveServer, width: int
) -> None:
    resubmit_rbd_with_commentary(live_server)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "system.lead")

    page.goto(OVERVIEW)  # the system: trends, the bridge by organisation, the challenge
    expect(page.locator("figure.openbook-chart").first).to_be_visible()
    expect(page.locator("#forecast-bridge")).to_be_visible()
    expect(page.locator("#run-rate-flags")).to_contain_text("11J")
    assert no_sideways_scroll(page)
    check_page(page, f"90-overview-{width}")

    page.goto(CCG)  # the CCG's challenge with its numbers
    expect(page.locator("#run-rate-flags")).to_contain_text("11J")
    expect(page.locator("#run-rate-challenge")).to_be_visible()
    assert no_sideways_scroll(page)
    check_page(page, f"91-ccg-run-rate-{width}")

    page.goto(RBD)  # commentary beside the numbers, and the question form
    expect(page.locator("#overall-commentary")).to_contain_text(OVERALL_TEXT)
    expect(page.locator("#table-commentary")).to_contain_text(AGENCY)
    page.locator("#question-line").select_option("pay.agency")
    page.locator("#question-text").fill("Will agency fall in 2018/19?")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator("#question-list")).to_contain_text("Will agency fall in 2018/19?")
    assert no_sideways_scroll(page)
    check_page(page, f"92-commentary-{width}")

    page.goto(DIFF)  # what changed between the two versions
    expect(page.locator("#table-changes")).to_contain_text("non_pay")
    assert no_sideways_scroll(page)
    check_page(page, f"93-return-diff-{width}")


def test_a_bad_form_shows_its_problems_in_the_browser_and_stays_clean(page: Page) -> None:
    sign_in(page, "rbd.approver")
    page.goto("/escalations")
    page.locator("#raise-detail").fill("Agency at £412k in M6")
    page.get_by_role("button", name="Raise it").click()
    expect(page.locator("#error-summary")).to_contain_text("The title is needed")
    expect(page.locator("#raise-detail")).to_have_value("Agency at £412k in M6")
    page.locator("#error-summary a").first.click()
    expect(page.locator("#raise-title")).to_be_focused()
    check_page(page, "94-escalation-form-errors")
