"""Screenshots for the user guide, taken from the Dorset demonstration in Debian's chromium.

    make screenshots            # or: .venv/bin/python docs/images/capture.py [--out DIR]

Builds a fresh demonstration store in a temporary directory (`openbook init`, `openbook demo`),
serves it on a free local port, has RBD's submitter upload a second version of its M12
2017/18 return through the upload form (£300k more non-pay in the forecast, with commentary) so
there is a version diff and commentary to show, then signs in as the system finance lead and
captures each view of issue 16 at 1280 px (and the overview on a 390 px phone). Each picture
is the viewport with its view's heading at the top, reduced to 256 colours so that it stays
small (about 100-200 KB). Nothing outside the temporary directory and --out is written.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import uvicorn
from PIL import Image
from playwright.sync_api import Page, sync_playwright

from openbook.compose import from_url
from openbook.config import Settings
from openbook.demo.users import DEMO_PASSWORD
from openbook.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Shot:
    name: str  # the file, without .png
    path: str  # the page
    anchor: str  # what is scrolled to the top of the picture
    width: int = 1280


SHOTS = [
    Shot("30-trends", "/systems/QVV?year=2018/19&month=11", 'h2:text("Month by month")'),
    Shot("31-run-rate", "/systems/QVV?year=2018/19&month=11", "#run-rate-challenge"),
    Shot("32-bridge", "/systems/QVV?year=2018/19&month=11", "#forecast-bridge"),
    Shot("33-commentary", "/systems/QVV/organisations/RBD?year=2017/18&month=12", "#commentary"),
    Shot("34-tracker", "/systems/QVV/returns/tracker?year=2018/19&month=6", "h1"),
    Shot(
        "35-drill-down",
        "/systems/QVV/organisations/RBD/lines/pay.agency?year=2018/19&month=11",
        "h1",
    ),
    Shot("36-kpi-summary", "/activity?year=2018/19&month=11", "#table-kpis"),
    Shot(
        "37-return-diff", "/systems/QVV/organisations/RBD/returns/diff?year=2017/18&month=12", "h1"
    ),
    Shot(
        "38-run-rate-phone", "/systems/QVV?year=2018/19&month=11", "#run-rate-challenge", width=390
    ),
]


def openbook(store: str, *args: str) -> None:
    command = Path(sys.executable).with_name("openbook")
    env = {**os.environ, "OPENBOOK_DATABASE_URL": store}
    subprocess.run([str(command), *args], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def second_version(store: str, folder: Path) -> Path:
    """RBD's M12 2017/18 return as stored, with £300k more non-pay in the forecast (and the
    totals it feeds) and a line of commentary on agency pay."""
    first = folder / "rbd-m12-v1.csv"
    openbook(
        store, "history", "--org", "RBD", "--year", "2017/18", "--month", "12", "-o", str(first)
    )
    rows = list(csv.reader(io.StringIO(first.read_text(encoding="utf-8-sig"))))
    header = next(index for index, row in enumerate(rows) if "forecast_outturn" in row)
    columns = rows[header]
    code, forecast = columns.index("line_code"), columns.index("forecast_outturn")
    moves = {"non_pay": 1, "expenditure.total": 1, "surplus_deficit": -1,
             "surplus_deficit.excl_sustainability": -1}  # fmt: skip
    for row in rows[header + 1 :]:
        if len(row) > forecast and row[code] in moves:
            row[forecast] = str(Decimal(row[forecast]) + moves[row[code]] * 300_000)
        if "commentary" in columns and len(row) > code and row[code] == "pay.agency":
            row[columns.index("commentary")] = "Agency above plan: winter wards staffed by agency"
    second = folder / "rbd-m12.csv"
    with second.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return second


def serve(store: str, folder: Path) -> tuple[str, uvicorn.Server]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    settings = Settings(database_url=store, var_dir=folder / "var")
    app = create_app(settings, from_url(store))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the openbook server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def upload(page: Page, return_file: Path) -> None:
    sign_in(page, "rbd.submitter")
    page.goto("/submissions")
    page.locator("#return_file").set_input_files(str(return_file))
    page.locator("#overall_commentary").fill("Forecast held; recovery plan to the board in March")
    page.get_by_role("button", name="Check and submit").click()
    page.wait_for_load_state("networkidle")
    if "Stored" not in page.content():
        raise SystemExit(f"the second version was not stored: {page.url}")
    page.get_by_role("button", name="Sign out").click()


def capture(page: Page, shot: Shot, out: Path) -> Path:
    page.set_viewport_size({"width": shot.width, "height": 900 if shot.width > 500 else 844})
    page.goto(shot.path)
    page.wait_for_load_state("networkidle")
    page.locator(shot.anchor).first.evaluate("element => element.scrollIntoView()")
    page.wait_for_timeout(300)  # let the charts settle after the scroll
    target = out / f"{shot.name}.png"
    page.screenshot(path=str(target))
    small = Image.open(target).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(target, optimize=True)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where the PNGs go")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="openbook-shots-") as temp:
        folder = Path(temp)
        store = f"sqlite:///{folder / 'demo.db'}"
        openbook(store, "init")
        openbook(store, "demo")
        url, server = serve(store, folder)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                page = browser.new_context(base_url=url).new_page()
                page.set_default_timeout(20_000)
                upload(page, second_version(store, folder))
                sign_in(page, "system.lead")
                for shot in SHOTS:
                    target = capture(page, shot, out)
                    print(f"{target.name}: {target.stat().st_size // 1024} KB")
                browser.close()
        finally:
            server.should_exit = True


if __name__ == "__main__":
    main()
