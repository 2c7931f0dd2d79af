"""What every request handler needs: the store, the settings, templates, the chart cache."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from jinja2 import Environment

from openbook.accounts.throttle import Throttle
from openbook.config import Settings
from openbook.governance.outbox import MailSender
from openbook.jobs.queue import JobQueue
from openbook.kernel.database import Database
from openbook.web.jobs import JobRunner


@dataclass
class AppState:
    settings: Settings
    db: Database
    templates: Environment
    secret_key: str
    svg_cache: dict[str, str] = field(default_factory=dict)
    throttle: Throttle = field(default_factory=Throttle)  # sign-in backoff (per process)
    mail_sender: MailSender | None = None  # running while the app serves (web/mail.py)
    # Long simulations: the store's job queue, seen by every process (openbook.jobs).
    jobs: JobQueue = field(init=False)
    # Work that lives in this process only (the stroke-unit maps, drawn into svg_cache).
    local_jobs: JobRunner = field(default_factory=JobRunner)

    def __post_init__(self) -> None:
        self.jobs = JobQueue(self.db)


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.openbook
    return state


def load_secret_key(settings: Settings) -> str:
    """The configured key, or one generated once and kept in var/secret_key (mode 0600)."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.var_dir) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
