"""The dashboard under load: 20 concurrent signed-in clients on the overview and
organisation pages for 60 seconds, measured with wrk (Debian's package).

Peer, in the same run and the same server: a static file (the NHS.UK stylesheet) served
by the same uvicorn process: the ceiling of the stack, so the ratio shows what building
a page from the store costs. Writes bench/results/web_speed.json.
Usage: .venv/bin/python bench/web_speed.py [--seconds 60] [--clients 20]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from openbook.compose import open_store
from openbook.demo.build import build_demo
from openbook.demo.users import DEMO_PASSWORD

RESULTS = Path(__file__).parent / "results" / "web_speed.json"
PAGES = [
    "/systems/QVV?year=2017/18&month=12",
    "/systems/QVV/organisations/RD3?year=2017/18&month=12",
    "/systems/QVV/organisations/RBD?year=2017/18&month=12",
]
PEER = ["/static/vendor/nhsuk/nhsuk-frontend.min.css"]

# wrk script: each connection walks the pages in turn; done() prints the figures as JSON.
WRK_SCRIPT = """
local paths = {%s}
local cookie = "%s"
local counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  return wrk.format("GET", path, {["Cookie"] = cookie})
end
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests": %%d, "errors": %%d, "seconds": %%f, "p50_ms": %%f, ' ..
    '"p95_ms": %%f, "p99_ms": %%f, "mean_ms": %%f}\\n',
    summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read +
      summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/sign-in", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    sys.exit("the server did not start")


def _session_cookie(url: str) -> str:
    with httpx.Client(base_url=url) as client:
        page = client.get("/sign-in").text
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match, "no CSRF token on the sign-in page"
        client.post(
            "/sign-in",
            data={
                "csrf_token": match.group(1),
                "username": "rbd.viewer",
                "password": DEMO_PASSWORD,
                "next": "/",
            },
        )
        for path in PAGES:  # every page answers 200 before it is measured
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def _run_wrk(url: str, paths: list[str], cookie: str, seconds: int, clients: int) -> dict:
    script = WRK_SCRIPT % (", ".join(f'"{p}"' for p in paths), cookie)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", handle.name, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(handle.name)
    line = next(x for x in output.splitlines() if x.startswith("WRK_JSON "))
    figures = json.loads(line.removeprefix("WRK_JSON "))
    figures["requests_per_second"] = round(figures["requests"] / figures["seconds"], 1)
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="openbook serve --workers")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (Debian's package)")
    folder = Path(tempfile.mkdtemp(prefix="openbook-bench-"))
    url_db = f"sqlite:///{folder / 'openbook.db'}"
    db = open_store(url_db, migrate=True)
    build_demo(db)
    db.dispose()
    port = _free_port()
    env = {**os.environ, "OPENBOOK_DATABASE_URL": url_db, "OPENBOOK_VAR_DIR": str(folder)}
    openbook = Path(sys.executable).with_name("openbook")
    server = subprocess.Popen(
        [str(openbook), "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url)
        cookie = _session_cookie(url)
        pages = _run_wrk(url, PAGES, cookie, args.seconds, args.clients)
        peer = _run_wrk(url, PEER, cookie, args.seconds, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    report = {
        "clients": args.clients,
        "server_workers": args.workers,
        "seconds": args.seconds,
        "store": "SQLite (the embedded default), Dorset demonstration system",
        "openbook_pages": pages,
        "peer_static_file_same_server": peer,
        "p95_goal_ms": 150,
        "p95_goal_met": pages["p95_ms"] < 150,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
