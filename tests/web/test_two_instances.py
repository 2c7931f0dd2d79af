"""Two web instances on one store, as behind a load-balancing reverse proxy (each request may
reach either): a session made on one is honoured by the other and ended on both; a write
through one is seen at once by the other's cached positions; an enactment sent to both
moves money once; a simulation started on one is polled and read on the other, run once.
Real `openbook serve` processes, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from openbook.accounts import store as accounts
from openbook.accounts.account import create_token
from openbook.demo.users import DEMO_PASSWORD
from openbook.kernel.audit_log import list_audit_events
from openbook.kernel.database import Database
from tests.rebalancing.test_enactment_once import approved_year_end_proposal
from tests.web.conftest import return_csv
from tests.web.test_capacity_simulation import PATHWAY, PATHWAY_CLI, cli_json

POSITION = "/api/v1/systems/QVV/position?year=2017/18&month=12"
SECRET = "the-same-session-key-on-every-instance-" + "x" * 16


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _instance(db: Database, var_dir: Path) -> Iterator[str]:
    """`openbook serve` on the store, with its own var folder (no shared files): only the
    database and OPENBOOK_SECRET_KEY are shared, as on two machines."""
    port = _free_port()
    env = {
        **os.environ,
        "OPENBOOK_DATABASE_URL": db.engine.url.render_as_string(hide_password=False),
        "OPENBOOK_VAR_DIR": str(var_dir),
        "OPENBOOK_SECRET_KEY": SECRET,
        "OPENBOOK_MAIL_IN_WEB": "0",
    }
    openbook = Path(sys.executable).with_name("openbook")
    server = subprocess.Popen(
        [str(openbook), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/sign-in", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                err = server.stderr.read().decode() if server.stderr else ""
                pytest.fail(f"the web instance did not start: {err[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def two(demo_db: Database, tmp_path: Path) -> Iterator[tuple[str, str]]:
    with _instance(demo_db, tmp_path / "a") as a, _instance(demo_db, tmp_path / "b") as b:
        yield a, b


def _csrf(client: httpx.Client, path: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match is not None, path
    return match.group(1)


def _sign_in(url: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=url, follow_redirects=False, timeout=60)
    form = {"csrf_token": _csrf(client, "/sign-in"), "username": username}
    response = client.post("/sign-in", data={**form, "password": DEMO_PASSWORD, "next": "/"})
    assert response.status_code == 303, response.text[:300]
    return client


def _on(url: str, signed_in: httpx.Client) -> httpx.Client:
    """The same browser, its next request routed to the other instance."""
    return httpx.Client(base_url=url, cookies=signed_in.cookies, follow_redirects=False, timeout=60)


def test_a_session_made_on_one_instance_is_honoured_and_ended_on_both(
    two: tuple[str, str],
) -> None:
    a, b = two
    on_a = _sign_in(a, "rbd.viewer")
    on_b = _on(b, on_a)
    account = on_b.get("/account")
    assert account.status_code == 200 and "rbd.viewer" in account.text  # not sent to sign in
    signed_out = on_b.post("/sign-out", data={"csrf_token": _csrf(on_b, "/account")})
    assert signed_out.status_code == 303
    again = on_a.get("/account")
    assert again.status_code == 303 and "/sign-in" in again.headers["location"]


def test_a_write_through_one_instance_is_seen_at_once_through_the_other(
    two: tuple[str, str], demo_db: Database
) -> None:
    a, b = two
    with demo_db.reading() as session:
        submitter = accounts.get_user_by_name(session, "rbd.submitter")
    assert submitter is not None
    token, _ = create_token(demo_db, submitter.principal, "two instances")
    api = {"Authorization": f"Bearer {token}"}

    def rbd_forecast(url: str) -> Decimal:
        body = httpx.get(url + POSITION, headers=api, timeout=60).json()
        return Decimal(
            next(o for o in body["organisations"] if o["org_code"] == "RBD")["forecast_outturn"]
        )

    before = rbd_forecast(a)
    assert rbd_forecast(a) == before  # now remembered by instance A
    sent = httpx.post(
        b + "/api/v1/returns",
        headers=api,
        files={"file": ("rbd.csv", return_csv(demo_db, "RBD", forecast_change=250_000))},
        timeout=60,
    )
    assert sent.status_code == 201, sent.text[:500]
    assert rbd_forecast(a) - before == Decimal(250_000)
    assert rbd_forecast(b) - before == Decimal(250_000)


def test_an_enactment_sent_to_both_instances_at_once_moves_money_once(
    two: tuple[str, str], demo_db: Database
) -> None:
    a, b = two
    ref = approved_year_end_proposal(demo_db).ref
    lead_a = _sign_in(a, "system.deputy")
    lead_b = _on(b, lead_a)
    page = lead_a.get(f"/proposals/{ref}").text
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)
    assert key is not None
    form = {"csrf_token": _csrf(lead_a, f"/proposals/{ref}"), "idempotency_key": key.group(1)}
    with ThreadPoolExecutor(2) as pool:  # a double click the proxy sent to both instances
        answers = list(
            pool.map(lambda c: c.post(f"/proposals/{ref}/enact", data=form), (lead_a, lead_b))
        )
    assert [r.status_code for r in answers] == [303, 303]
    enacted = [
        e
        for e in list_audit_events(demo_db, 500, None)
        if e.action == "proposal.enacted" and e.entity_id.endswith(ref)
    ]
    assert len(enacted) == 1
    other_key = {**form, "idempotency_key": "0" * 32}
    assert lead_b.post(f"/proposals/{ref}/enact", data=other_key).status_code == 409


def test_a_simulation_started_on_one_instance_is_polled_and_read_on_the_other(
    two: tuple[str, str], demo_db: Database
) -> None:
    a, b = two
    with demo_db.reading() as session:
        viewer = accounts.get_user_by_name(session, "rbd.viewer")
    assert viewer is not None
    token, _ = create_token(demo_db, viewer.principal, "two instances")
    api = {"Authorization": f"Bearer {token}"}
    started = httpx.get(f"{a}/api/v1/capacity/stroke-pathway", params=PATHWAY, headers=api,
                        timeout=60)  # fmt: skip
    assert started.status_code in (200, 202), started.text[:300]
    key = started.json()["job"] if started.status_code == 202 else None
    deadline = time.monotonic() + 600
    while key is not None:  # polled on the other instance: never 404
        polled = httpx.get(f"{b}/api/v1/capacity/jobs/{key}", headers=api, timeout=60)
        assert polled.status_code == 200, polled.text[:300]
        if polled.json()["status"] == "done" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    answer = httpx.get(f"{b}/api/v1/capacity/stroke-pathway", params=PATHWAY, headers=api,
                       timeout=60)  # fmt: skip
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json() == cli_json("capacity", "stroke-pathway", *PATHWAY_CLI)
    listed = jobs_in_store(demo_db)
    assert [(j["kind"], j["status"], j["attempts"]) for j in listed] == [
        ("stroke-pathway", "done", 1)
    ]  # one job, run once, whichever instance was asked


def jobs_in_store(db: Database) -> list[dict[str, object]]:
    from openbook.jobs.queue import list_jobs

    return [job.to_dict() for job in list_jobs(db)]
