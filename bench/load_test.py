"""The dashboard and the API under load, on PostgreSQL with several web workers (locust).

Builds the Dorset demonstration in a fresh PostgreSQL database, starts `openbook serve
--workers N`, and runs locust (in its own venv, bench/.venv-load, made here if missing)
headless with --users simulated people: readers of the overview and organisation pages,
analysts on the REST API, submitters sending returns through the API, approvers agreeing
proposals and the system lead recording decisions (bench/load/locustfile.py). The peer, in
the same run against the same server: the same number of users fetching a static file,
the ceiling of the stack. Afterwards the audit chain is verified and every accepted
submission is counted in the store (no lost write). Writes bench/results/load_test.json.

Usage: .venv/bin/python bench/load_test.py [--users 200] [--seconds 60] [--workers 4]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from openbook.accounts import store as accounts
from openbook.accounts.account import create_token
from openbook.compose import open_store
from openbook.demo.build import build_demo
from openbook.demo.users import DEMO_PASSWORD, create_demo_users, demo_user_specs
from openbook.finance.tables import FinanceReturnRow
from openbook.finance.template import write_template
from openbook.kernel.audit import verify_chain
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.model import ProposalKind
from openbook.rebalancing.solve import solve_from_store

HERE = Path(__file__).parent
RESULTS = HERE / "results" / "load_test.json"
LOAD_VENV = HERE / ".venv-load"
LOCUSTFILE = HERE / "load" / "locustfile.py"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/openbook_load"
YEAR, MONTH = "2018/19", 12
STATIC = "/static/vendor/nhsuk/nhsuk-frontend.min.css"
OPENBOOK_CLASSES = ["Reader", "ApiReader", "Submitter", "Approver", "Lead"]


def _locust() -> Path:
    binary = LOAD_VENV / "bin" / "locust"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOAD_VENV)], check=True)
        pip = [str(LOAD_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "-r", str(HERE / "load_requirements.txt")], check=True)
    return binary


def _fresh_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def _principal(db: Database, username: str) -> Any:
    with db.reading() as session:
        user = accounts.get_user_by_name(session, username)
        assert user is not None, username
        return user.principal


def _filled_return(db: Database, org: str, folder: Path) -> str:
    """This month's return for `org` with actuals and forecasts at plan, and a commentary
    line the submitter changes each time (so each submission is a new version)."""
    path = folder / f"{org}.csv"
    write_template(db, org, FinancialYear.parse(YEAR), MONTH, path)
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["annual_plan"]:
            row["actual_ytd"], row["forecast_outturn"] = row["plan_ytd"], row["annual_plan"]
        if row["line_code"] == "commentary":
            row["commentary"] = "LOAD_TEST_NOTE"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path.read_text(encoding="utf-8")


def _plan(db: Database, folder: Path) -> dict[str, Any]:
    usernames = [spec[0] for spec in demo_user_specs()]
    submitters = [u for u in usernames if u.endswith(".submitter")]
    viewers = [u for u in usernames if u.endswith(".viewer")]
    lead = _principal(db, "system.lead")
    proposals = []
    for month in range(1, 13):  # 2017/18's year-end transfers, proposed at each month
        _, proposal = solve_from_store(
            db,
            ProposalKind.TRANSFERS,
            "QVV",
            FinancialYear.parse("2017/18"),
            month,
            propose_by=lead,
        )
        if proposal is not None:
            proposals.append(proposal.ref)
    orgs = sorted({u.split(".")[0].upper() for u in submitters})
    return {
        "password": DEMO_PASSWORD,
        "year": YEAR,
        "month": MONTH,
        "systems": ["QVV"],
        "organisations": [["QVV", org] for org in orgs],
        "users": {
            "viewer": viewers,
            "submitter": submitters,
            "approver": [u for u in usernames if u.endswith(".approver")],
            "lead": ["system.lead", "system.deputy"],
        },
        "tokens": [create_token(db, _principal(db, u), "load test")[0] for u in viewers],
        "submitter_tokens": {
            u: create_token(db, _principal(db, u), "load test")[0] for u in submitters
        },
        "returns": {org: _filled_return(db, org, folder) for org in orgs},
        "proposals": proposals,
        "static_path": STATIC,
    }


def _sign_in(url: str, username: str) -> tuple[str, float]:
    """A signed-in session's cookie, and how long signing in took (seconds)."""
    with httpx.Client(base_url=url, timeout=60) as client:
        page = client.get("/sign-in").text
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match, "no CSRF token on the sign-in page"
        started = time.perf_counter()
        response = client.post(
            "/sign-in",
            data={
                "csrf_token": match.group(1),
                "username": username,
                "password": DEMO_PASSWORD,
                "next": "/",
            },
        )
        seconds = time.perf_counter() - started
        assert response.status_code in (200, 303), (username, response.status_code)
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items()), seconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/sign-in", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    sys.exit("the server did not start")


def _run_locust(url: str, plan_file: Path, classes: list[str], args: Any, folder: Path) -> dict:
    prefix = folder / ("peer" if classes == ["StaticPeer"] else "openbook")
    command = [
        str(_locust()),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.seconds}s",
        "--host",
        url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = {**os.environ, "OPENBOOK_LOAD_PLAN": str(plan_file)}
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL)
    with Path(f"{prefix}_stats.csv").open() as stats, Path(f"{prefix}_failures.csv").open() as bad:
        rows, failures = list(csv.DictReader(stats)), list(csv.DictReader(bad))

    def figures(row: dict[str, str]) -> dict[str, Any]:
        return {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "requests_per_second": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "max_ms": round(float(row["Max Response Time"]), 1),
        }

    result = figures(next(r for r in rows if r["Name"] == "Aggregated"))
    result["by_request"] = {
        f"{r['Type']} {r['Name']}": figures(r) for r in rows if r["Name"] != "Aggregated"
    }
    result["failures"] = [
        {
            "request": f"{f['Method']} {f['Name']}",
            "error": f["Error"][:300],
            "count": f["Occurrences"],
        }
        for f in failures
    ]
    return result


def _versions(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(FinanceReturnRow)) or 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="openbook serve --workers")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="dropped and re-created")
    parser.add_argument(
        "--only", nargs="+", choices=OPENBOOK_CLASSES, help="run only these kinds of user"
    )
    args = parser.parse_args()
    _locust()
    folder = Path(tempfile.mkdtemp(prefix="openbook-load-"))
    _fresh_database(args.database_url)
    db = open_store(args.database_url, migrate=True)
    started = time.monotonic()
    build_demo(db)
    create_demo_users(db)
    plan = _plan(db, folder)
    setup_seconds = round(time.monotonic() - started, 1)
    plan_file = folder / "plan.json"
    versions_before = _versions(db)
    port = _free_port()
    env = {
        **os.environ,
        "OPENBOOK_DATABASE_URL": args.database_url,
        "OPENBOOK_VAR_DIR": str(folder),
    }
    openbook = Path(sys.executable).with_name("openbook")
    server = subprocess.Popen(
        [str(openbook), "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    load = os.getloadavg()[0]
    try:
        _wait_until_up(url)
        signed_in = {u: _sign_in(url, u) for group in plan["users"].values() for u in group}
        plan["cookies"] = {u: cookie for u, (cookie, _) in signed_in.items()}
        plan_file.write_text(json.dumps(plan))
        mix = _run_locust(url, plan_file, args.only or OPENBOOK_CLASSES, args, folder)
        peer = _run_locust(url, plan_file, ["StaticPeer"], args, folder)
    finally:
        server.terminate()
        server.wait(timeout=20)
    with db.reading() as session:
        audit_rows, problems = verify_chain(session)
    accepted = mix["by_request"].get("POST /api/v1/returns [POST]", {"requests": 0, "errors": 0})
    stored = _versions(db) - versions_before
    db.dispose()
    report = {
        "users": args.users,
        "kinds_of_user": args.only or OPENBOOK_CLASSES,
        "spawn_rate": args.spawn_rate,
        "seconds": args.seconds,
        "server_workers": args.workers,
        "store": "PostgreSQL, Dorset demonstration system (one system; five submitting partners)",
        "load_average_at_start": round(load, 2),
        "setup_seconds": setup_seconds,
        "proposals_to_approve": len(plan["proposals"]),
        "sign_in_median_seconds": round(statistics.median(s for _, s in signed_in.values()), 3),
        "openbook_mix": mix,
        "peer_static_file_same_server": peer,
        "p95_goal_ms": 300,
        "p95_goal_met": mix["p95_ms"] < 300 and mix["errors"] == 0,
        "audit_chain": {"events": audit_rows, "problems": [str(p) for p in problems]},
        "submissions_accepted": accepted["requests"] - accepted["errors"],
        "return_versions_stored": stored,
        # Locust stops mid-request at the end of the run: a submission the server stored after
        # its client was stopped counts as stored, not accepted; a lost write is the reverse.
        "no_lost_write": stored >= accepted["requests"] - accepted["errors"],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "openbook_mix"}, indent=2))
    print(json.dumps({k: v for k, v in mix.items() if k != "by_request"}, indent=2))


if __name__ == "__main__":
    main()
