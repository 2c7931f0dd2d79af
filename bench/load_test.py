"""The dashboard and the API under load, on PostgreSQL with several web workers (locust).

Builds a demonstration in a fresh PostgreSQL database (--demo: Dorset; `recent` adds its
2020/21-2026/27 years; `cluster` also its SYNTHETIC neighbour Wessex Vale; `england` runs
`openbook demo --england`, every system in England, where that is built), starts `openbook
serve --workers N`, and runs locust (in its own venv, bench/.venv-load, made here if
missing) headless with --users simulated people: readers of the overview and organisation
pages, analysts on the REST API, submitters sending returns through the API, approvers
agreeing proposals and the system lead recording decisions (bench/load/locustfile.py).
Readers, analysts and submitters are spread over every system `GET /api/v1/systems` lists,
each at its latest month with returns; every organisation with a return that month has a
submitter (made here where the demonstration has none). The peer, in the same run against
the same server: the same number of users fetching a static file, the ceiling of the
stack. Afterwards the escalation jobs still queued are waited for (they run in the
background), the audit chain is verified and every accepted submission is counted in the
store (no lost write). Writes bench/results/load_test.json.

Usage: .venv/bin/python bench/load_test.py [--users 200] [--seconds 60] [--workers 4]
       [--demo dorset|recent|cluster|england] [--results bench/results/load_test.json]
"""

from __future__ import annotations

import argparse
import csv
import io
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
from openbook.accounts.account import create_token, create_user
from openbook.cli.serve import escalation_mode
from openbook.compose import open_store
from openbook.config import Settings
from openbook.demo.build import build_demo
from openbook.demo.users import DEMO_PASSWORD, create_demo_users, demo_user_specs
from openbook.finance.position_report import latest_month_with_returns
from openbook.finance.submit import export_return
from openbook.finance.tables import FinanceReturnRow
from openbook.governance.escalation_jobs import KIND as ESCALATIONS
from openbook.jobs.queue import active_jobs
from openbook.kernel.access import Role
from openbook.kernel.audit import verify_chain
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.model import ProposalKind
from openbook.rebalancing.solve import solve_from_store
from openbook.reference import store as reference

HERE = Path(__file__).parent
RESULTS = HERE / "results" / "load_test.json"
LOAD_VENV = HERE / ".venv-load"
LOCUSTFILE = HERE / "load" / "locustfile.py"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/openbook_load"
DEMOS = ("dorset", "recent", "cluster", "england")
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


def _build(db: Database, demo: str, url: str) -> None:
    """The demonstration asked for; England through its command (`openbook demo
    --england`), so this runs it as soon as it is built, without knowing its insides."""
    if demo == "england":
        openbook = Path(sys.executable).with_name("openbook")
        env = {**os.environ, "OPENBOOK_DATABASE_URL": url}
        done = subprocess.run([str(openbook), "demo", "--england"], env=env, check=False)
        if done.returncode != 0:
            sys.exit("`openbook demo --england` did not build (is it on this branch?)")
    build_demo(db)  # Dorset: its users, proposals and governance (nothing if built)
    if demo in ("recent", "cluster"):
        from openbook.demo.recent import build_recent_demo

        build_recent_demo(db)
    if demo == "cluster":
        from openbook.demo.cluster import build_cluster_demo

        build_cluster_demo(db)


def _sent_return(db: Database, org: str, year: FinancialYear, month: int) -> str:
    """The return in force for `org`'s month, with a commentary the submitter changes each
    time (so each submission is a new version of the same figures)."""
    data, _ = export_return(db, org, year, month, ".csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("line_code")] == "commentary":
            row[header.index("commentary")] = "LOAD_TEST_NOTE"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _systems(url: str, token: str) -> list[dict[str, Any]]:
    """Every system the API lists, as a client finds them."""
    response = httpx.get(
        f"{url}/api/v1/systems", headers={"Authorization": f"Bearer {token}"}, timeout=60
    )
    response.raise_for_status()
    return list(response.json())


def _system_plan(db: Database, listed: list[dict[str, Any]]) -> dict[str, Any]:
    """For each system: its latest year and month with returns, and the organisations with
    a return then (each given a submitter, made where the demonstration has none)."""
    admin = _principal(db, "admin")
    systems, organisations, submitters, returns = [], [], {}, {}
    for entry in listed:
        code = entry["system_code"]
        for label in sorted(entry["financial_years"], reverse=True):
            year = FinancialYear.parse(label)
            month = latest_month_with_returns(db, code, year)
            if month is not None:
                break
        else:
            continue  # no returns in any year: nothing to read or submit
        systems.append({"code": code, "year": year.label, "month": month})
        with db.reading() as session:
            members = [org.org_code for org, _ in reference.list_members(session, code, year)]
        for org in members:
            try:
                returns[org] = _sent_return(db, org, year, month)
            except NotFoundError:
                continue  # no return that month (a council, or not yet a member)
            organisations.append([code, org, year.label, month])
            submitters[org] = _submitter(db, org, admin)
    return {
        "systems": systems,
        "organisations": organisations,
        "returns": returns,
        "submitter_tokens": {org: create_token(db, user, "load test")[0]
                             for org, user in submitters.items()},
    }  # fmt: skip


def _submitter(db: Database, org: str, admin: Any) -> Any:
    username = f"{org.lower()}.submitter"
    with db.reading() as session:
        found = accounts.get_user_by_name(session, username)
    if found is not None:
        return found.principal
    return create_user(
        db,
        username=username,
        display_name=f"Submitter, {org} (load test)",
        org_code=org,
        role=Role.SUBMITTER,
        password=DEMO_PASSWORD,
        by=admin,
    )


def _plan(db: Database) -> dict[str, Any]:
    """Who does what: the users, their sessions and tokens, and the proposals to approve
    (Dorset's 2017/18 year-end transfers, proposed at each month)."""
    usernames = [spec[0] for spec in demo_user_specs()]
    viewers = [u for u in usernames if u.endswith(".viewer")]
    lead = _principal(db, "system.lead")
    proposals = []
    for month in range(1, 13):
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
    return {
        "password": DEMO_PASSWORD,
        "users": {
            "viewer": viewers,
            "approver": [u for u in usernames if u.endswith(".approver")],
            "lead": ["system.lead", "system.deputy"],
        },
        "tokens": [create_token(db, _principal(db, u), "load test")[0] for u in viewers],
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


def _drain_escalations(db: Database, limit: float = 300.0) -> dict[str, Any]:
    """Wait for the escalation jobs the submissions queued (background mode) to be run."""
    started = time.monotonic()
    left = active_jobs(db, ESCALATIONS)
    while left and time.monotonic() - started < limit:
        time.sleep(0.5)
        left = active_jobs(db, ESCALATIONS)
    return {"left_after_run": len(left), "drained_seconds": round(time.monotonic() - started, 1)}


def _arguments() -> Any:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="openbook serve --workers")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="dropped and re-created")
    parser.add_argument("--demo", choices=DEMOS, default="dorset", help="which systems")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument(
        "--only", nargs="+", choices=OPENBOOK_CLASSES, help="run only these kinds of user"
    )
    return parser.parse_args()


def _serve(url: str, folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "OPENBOOK_DATABASE_URL": url, "OPENBOOK_VAR_DIR": str(folder)}
    openbook = Path(sys.executable).with_name("openbook")
    server = subprocess.Popen(
        [str(openbook), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    args = _arguments()
    _locust()
    folder = Path(tempfile.mkdtemp(prefix="openbook-load-"))
    _fresh_database(args.database_url)
    db = open_store(args.database_url, migrate=True)
    started = time.monotonic()
    _build(db, args.demo, args.database_url)
    create_demo_users(db)
    plan = _plan(db)
    build_seconds = round(time.monotonic() - started, 1)
    plan_file = folder / "plan.json"
    versions_before = _versions(db)
    server, url = _serve(args.database_url, folder, args.workers)
    load = os.getloadavg()[0]
    try:
        _wait_until_up(url)
        plan.update(_system_plan(db, _systems(url, plan["tokens"][0])))
        signed_in = {u: _sign_in(url, u) for group in plan["users"].values() for u in group}
        plan["cookies"] = {u: cookie for u, (cookie, _) in signed_in.items()}
        plan_file.write_text(json.dumps(plan))
        mix = _run_locust(url, plan_file, args.only or OPENBOOK_CLASSES, args, folder)
        escalation_jobs = _drain_escalations(db)
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
        "demo": args.demo,
        "store": f"PostgreSQL, {len(plan['systems'])} systems: "
        + ", ".join(f"{s['code']} {s['year']} M{s['month']}" for s in plan["systems"][:6])
        + ("…" if len(plan["systems"]) > 6 else "")
        + f"; {len(plan['organisations'])} submitting organisations",
        "escalations": escalation_mode(
            Settings(database_url=args.database_url),
            os.environ.get("OPENBOOK_ESCALATIONS"),
            args.workers,
        ),
        "load_average_at_start": round(load, 2),
        "setup_seconds": build_seconds,
        "proposals_to_approve": len(plan["proposals"]),
        "sign_in_median_seconds": round(statistics.median(s for _, s in signed_in.values()), 3),
        "openbook_mix": mix,
        "escalation_jobs": escalation_jobs,
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
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "openbook_mix"}, indent=2))
    print(json.dumps({k: v for k, v in mix.items() if k != "by_request"}, indent=2))


if __name__ == "__main__":
    main()
