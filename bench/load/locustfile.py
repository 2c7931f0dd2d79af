"""The dashboard and API under load: who does what (run by bench/load_test.py).

Five kinds of user, weighted as a system's month is: most people read; a few submit,
approve and record decisions. Each simulated person is one of the demonstration users of
its role, already signed in: bench/load_test.py writes the plan (the systems, each at its
latest month with returns, and their submitting organisations; users and their sessions,
API tokens, proposals to approve, the return each submitter sends). Readers, analysts and
submitters are spread over every system in the plan. Runs in its own venv
(bench/.venv-load), so it imports nothing from openbook.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["OPENBOOK_LOAD_PLAN"]).read_text())
PASSWORD = PLAN["password"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_counter = itertools.count()


def _pick(names: list[str]) -> str:
    return names[next(_counter) % len(names)]


class _SignedIn(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self) -> None:
        # Signed in before the run (bench/load_test.py): signing in is deliberately slow
        # (Argon2), so the run measures people using the dashboard, not arriving at once.
        self.username = _pick(PLAN["users"][self.role])
        self.headers = {"Cookie": PLAN["cookies"][self.username]}

    def get(self, path: str, name: str) -> str:
        return str(self.client.get(path, name=name, headers=self.headers).text)

    def post(self, path: str, data: dict[str, str], name: str) -> None:
        self.client.post(path, data=data, name=name, headers=self.headers)

    def csrf(self, path: str, name: str) -> str:
        match = CSRF.search(self.get(path, name))
        return "" if match is None else match.group(1)


class Reader(_SignedIn):
    """A partner's finance team opening the dashboard: a system's overview, one of its
    organisations, the escalations."""

    weight = 14
    role = "viewer"

    @task(4)
    def overview(self) -> None:
        system = random.choice(PLAN["systems"])
        self.get(
            f"/systems/{system['code']}?year={system['year']}&month={system['month']}",
            "/systems/{s}",
        )

    @task(4)
    def organisation(self) -> None:
        system, org, year, month = random.choice(PLAN["organisations"])
        self.get(
            f"/systems/{system}/organisations/{org}?year={year}&month={month}",
            "/systems/{s}/organisations/{o}",
        )

    @task(1)
    def escalations(self) -> None:
        self.get("/escalations", "/escalations")


class ApiReader(FastHttpUser):
    """An analyst's script on the REST API with a personal token."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {_pick(PLAN['tokens'])}"}

    @task
    def position(self) -> None:
        system = random.choice(PLAN["systems"])
        self.client.get(
            f"/api/v1/systems/{system['code']}/position?year={system['year']}"
            f"&month={system['month']}",
            headers=self.headers,
            name="/api/v1/systems/{s}/position",
        )


class Submitter(FastHttpUser):
    """An organisation's finance system sending this month's return again through the API
    (a new version each time: its commentary changes); the organisations of every system
    in turn."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        _system, self.org, _year, _month = PLAN["organisations"][
            next(_counter) % len(PLAN["organisations"])
        ]
        self.api_headers = {"Authorization": f"Bearer {PLAN['submitter_tokens'][self.org]}"}
        self.template = PLAN["returns"][self.org]
        self.sent = 0

    @task
    def submit(self) -> None:
        self.sent += 1
        note = f"load test {os.getpid()}-{id(self)}-{self.sent}"
        body = self.template.replace("LOAD_TEST_NOTE", note).encode()
        with self.client.post(
            "/api/v1/returns",
            files={"file": (f"{self.org}.csv", body, "text/csv")},
            headers=self.api_headers,
            name="/api/v1/returns [POST]",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                response.success()
            else:
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")


class Approver(_SignedIn):
    """An organisation's approver agreeing the proposals that wait for it, then reading them."""

    weight = 1
    role = "approver"

    @task
    def approve_next(self) -> None:
        for ref in PLAN["proposals"]:
            page = self.get(f"/proposals/{ref}", "/proposals/{ref}")
            if 'id="approve-form"' not in page:
                continue  # not this organisation's to decide, or already decided
            token = CSRF.search(page).group(1)  # type: ignore[union-attr]
            self.post(
                f"/proposals/{ref}/decision",
                {"csrf_token": token, "decision": "approve"},
                "/proposals/{ref}/decision [POST]",
            )
            return
        self.get("/proposals", "/proposals")


class Lead(_SignedIn):
    """The system finance lead recording a decision of the senior leadership team."""

    weight = 1
    role = "lead"

    @task
    def record_decision(self) -> None:
        token = self.csrf("/decisions?system=QVV", "/decisions")
        self.post(
            "/decisions",
            {
                "csrf_token": token,
                "system": "QVV",  # Dorset's leadership team, which the system lead chairs
                "body": "slt",
                "meeting_date": "2019-03-20",
                "title": f"Load test decision {os.getpid()}-{next(_counter)}",
                "decided": "Recorded by the load test.",
            },
            "/decisions [POST]",
        )


class StaticPeer(FastHttpUser):
    """The ceiling of the stack: a static file from the same server (run on its own, by
    naming this class alone on locust's command line)."""

    wait_time = between(1, 3)

    @task
    def stylesheet(self) -> None:
        self.client.get(PLAN["static_path"], name="static file")
