"""The KPI summary opens the activity page: one row per measure and organisation with the
Making Data Count variation and assurance icons, each figure linking to its chart."""

from __future__ import annotations

from fastapi import FastAPI

from openbook.web.kpi_summary import assurance_icon, variation_icon
from tests.web.conftest import signed_in

PERIOD = {"year": "2018/19", "month": 11}


def test_the_icons_carry_letter_colour_words_and_tone() -> None:
    concern = variation_icon("concern_high")
    assert concern and (concern.letter, concern.tone) == ("H", "concern")
    passing = assurance_icon("consistent_pass")
    assert passing and (passing.letter, passing.tone) == ("P", "improvement")
    assert variation_icon(None) is None and assurance_icon("nonsense") is None


def test_the_summary_is_the_first_view_of_activity(app: FastAPI) -> None:
    page = signed_in(app, "rbd.viewer").get("/activity", params=PERIOD).text
    summary = page.index('id="kpi-summary"')
    assert summary < page.index("Activity against the flat ambition")
    table = page[page.index('id="table-kpis"') : page.index("</table>", summary)]
    rows = table.split('<tr class="nhsuk-table__row">')[2:]
    ae = [row for row in rows if "A&amp;E: seen within 4 hours" in row]
    assert {code for code in ("RBD", "RD3", "RDZ") if any(code in row for row in ae)} == {
        "RBD",
        "RD3",
        "RDZ",
    }
    assert all("95% standard" in row and "openbook-mdc__icon--" in row for row in ae)
    assert all("no target" not in row for row in ae)  # the 95% standard is assured against
    rbd_ae = next(row for row in ae if "RBD" in row)
    assert 'href="/activity?year=2018%2F19&amp;month=11#chart-ae-RBD"' in rbd_ae
    assert 'id="chart-ae-RBD"' in page
    activity = [row for row in rows if "year to date" in row]
    assert activity and all("no target" in row for row in activity)
    assert any("&amp;provider=RBD&amp;pod=E.M.11#series" in row for row in activity)


def test_the_summary_downloads_in_words(app: FastAPI) -> None:
    csv = signed_in(app, "rbd.viewer").get("/activity", params={**PERIOD, "download": "kpis.csv"})
    assert csv.status_code == 200
    header, *rows = csv.text.lstrip("\ufeff").splitlines()
    assert header == "Measure,Organisation,Latest,Judged against,Variation,Assurance"
    assert any(r.startswith("A&E: seen within 4 hours,RBD,") for r in rows)
