"""The planning pages: the Dorset bridge, a stored plan with its charts, changes through the
forms (new versions), side by side, and XLSX downloads equal to the figures."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI
from openpyxl import load_workbook

from tests.web.conftest import csrf_of, signed_in

EXAMPLES = Path(__file__).parents[2] / "examples" / "planning"
NAME = "Dorset: flat cash in 2018/19, then +1% from 2019/20"


def test_the_planning_page_shows_the_seed_bridge(app: FastAPI) -> None:
    client = signed_in(app, "rd3.viewer")
    page = client.get("/planning")
    assert page.status_code == 200
    assert 'href="/planning"' in page.text  # in the navigation
    assert "One NHS in Dorset vanguard value proposition" in page.text
    assert "gap (£223,000k)" in page.text and "gap (£147,000k)" in page.text
    assert "(72,000)" in page.text and "(76,000)" in page.text
    assert "Record a scenario file" not in page.text  # viewers read only
    sheet = client.get("/planning?download=bridge-0.xlsx")
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[-1] == ("Other providers (not analysed by the source)", -76_000_000)


def test_record_change_copy_and_compare_through_the_pages(app: FastAPI) -> None:
    client = signed_in(app, "system.lead")
    bad = client.post(
        "/planning",
        data={"csrf_token": csrf_of(client, "/planning")},
        files={"scenario_file": ("bad.json", (EXAMPLES / "bad_scenario.json").read_bytes())},
    )
    assert bad.status_code == 422
    assert "bad.json:$.organisations[2].pay: expected a string of pounds, found 12.5" in bad.text
    recorded = client.post(
        "/planning",
        data={"csrf_token": csrf_of(client, "/planning"), "reason": "first draft"},
        files={"scenario_file": ("s.json", (EXAMPLES / "dorset_one_percent.json").read_bytes())},
    )
    assert recorded.status_code == 303
    url = recorded.headers["location"]
    page = client.get(url)
    assert page.status_code == 200
    assert "System bridge 2020/21" in page.text and "Sensitivity of the system gap" in page.text
    assert "Sharing the targets" in page.text and "so the targets are not shared" in page.text
    post = "/planning/scenario?" + urlencode({"name": NAME})
    copied = client.post(post, data={"csrf_token": csrf_of(client, url), "new_name": "Flat cash"})
    assert copied.status_code == 303
    flat = "/planning/scenario?" + urlencode({"name": "Flat cash"})
    changed = client.post(
        flat, data={"csrf_token": csrf_of(client, flat), "assumptions": '{"uplift_pct": 0}'}
    )
    assert changed.status_code == 303
    assert "version 2" in client.get(flat).text
    compare = "/planning/compare?" + urlencode({"a": "Flat cash", "b": NAME})
    assert client.get(compare).status_code == 200
    sheet = client.get(compare + "&download=comparison.xlsx")
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    system = [r for r in rows if r[0] == "System" and r[1] == "2019/20"]
    assert system[0][4] == 12_970_000
    assert client.get("/planning/assumptions").status_code == 200


def test_the_demonstration_opens_on_two_plans_with_their_sharing(app: FastAPI) -> None:
    client = signed_in(app, "rdz.viewer")
    listing = client.get("/planning")
    assert "Dorset demonstration: flat cash throughout" in listing.text
    flat = client.get(
        "/planning/scenario?" + urlencode({"name": "Dorset demonstration: flat cash throughout"})
    )
    assert flat.status_code == 200 and "version 2" in flat.text
    assert "Sharing the targets" in flat.text
    sheet = client.get(
        "/planning/scenario?"
        + urlencode(
            {"name": "Dorset demonstration: flat cash throughout", "download": "shared.xlsx"}
        )
    )
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Year", "Org", "Target (£)", "Shared target (£)")
    assert rows[1] == ("2018/19", "RBD", -2_000_000, -2_000_000, 0, 0.0347, 0.0347, "not needed")
    assert len(rows) == 1 + 3 * 5  # three years of five organisations
