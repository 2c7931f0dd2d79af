"""The app factory: `create_app(settings)` builds a new app; nothing exists at import time."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from openbook.compose import (
    compose,
    open_store,
    with_anchors,
    with_escalation_jobs,
    with_regime_dir,
)
from openbook.config import Settings
from openbook.jobs.queue import JobQueue
from openbook.kernel.database import Database
from openbook.web.body_limit import BodyLimitMiddleware
from openbook.web.errors import install_error_handlers
from openbook.web.jobs import JobRunner
from openbook.web.mail import mail_sender
from openbook.web.rendering import NavItem, make_templates
from openbook.web.security import SESSION_COOKIE, SESSION_MAX_AGE, SecureHeadersMiddleware
from openbook.web.state import AppState, load_secret_key

STATIC_DIR = Path(__file__).parent / "static"

# Each feature's pages (`web/pages/<name>.py`: a `router`, and a `NAV` item if it has a
# place in the navigation) and REST API (`web/api/<name>.py`: a `router`). A new feature's
# pages are one line here.
PAGES = (
    "auth",
    "return_diff",
    "dashboard",
    "commentary",
    "book",
    "submissions",
    "months",
    "activity",
    "quality",
    "proposals",
    "governance",
    "governance_body",
    "escalations",
    "decisions",
    "audit",
    "users",
    "outbox",
    "capacity",
    "stroke_units",
    "planning",
    "workforce",
    "workforce_rota",
    "spc_notes",
    "capacity_simulation",
    "stroke_units_search",
    "programme",
    "return_tracker",
    "line_history",
    "cluster",
    "national",
    "regime",
)
APIS = (
    "finance",
    "book",
    "return_diff",
    "forecast",
    "rebalancing",
    "governance",
    "packs",
    "capacity",
    "quality",
    "audit",
    "planning",
    "workforce",
    "spc_notes",
    "capacity_simulation",
    "stroke_units",
    "programme",
    "return_tracker",
    "line_history",
    "cluster",
    "national",
    "regime",
    "ccw_returns",
    "activity",
    "pay_agency",
)
# The routes that take a file, given the larger body limit (settings.max_upload_bytes).
UPLOAD_PATHS = (
    "/submissions",
    "/governance",
    "/quality",
    "/planning",
    "/api/v1/returns",
    "/api/v1/ccw-returns",
    "/api/v1/quality/returns",
    "/api/v1/workforce/passport",
)


def _modules(package: str, names: tuple[str, ...]) -> list[ModuleType]:
    return [importlib.import_module(f"openbook.web.{package}.{name}") for name in names]


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    secure_cookies: bool = False,
) -> FastAPI:
    """A new app on the store in `settings` (or the given `database`, for tests).
    `secure_cookies` marks the session cookie Secure: set it when served over HTTPS."""
    settings = settings or Settings.from_env()
    db = (
        compose(database)
        if database is not None
        else open_store(settings.database_url, migrate=settings.uses_default_store)
    )
    with_anchors(db, settings)
    with_regime_dir(db, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """While serving, this process's email sender runs in a thread of its own."""
        state: AppState = app.state.openbook
        state.mail_sender = mail_sender(settings, state.db)
        state.jobs.start()  # this process's job worker (openbook.jobs)
        if state.mail_sender is not None:
            state.mail_sender.start()
        try:
            yield
        finally:
            if state.mail_sender is not None:
                state.mail_sender.stop()
                state.mail_sender = None
            state.jobs.shutdown()  # a running job stops and goes back in the queue
            state.jobs = JobQueue(state.db)
            with_escalation_jobs(state.db, settings, state.jobs)
            state.local_jobs.shutdown()  # maps still drawing stop (web/jobs.py)
            state.local_jobs = JobRunner()

    app = FastAPI(
        lifespan=lifespan,
        title="openbook",
        summary="One open book of the finances of an NHS integrated care system.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    secret = load_secret_key(settings)
    app.state.openbook = AppState(settings, db, make_templates(), secret)
    with_escalation_jobs(db, settings, app.state.openbook.jobs)
    pages = _modules("pages", PAGES)
    nav = [m.NAV for m in pages if isinstance(getattr(m, "NAV", None), NavItem)]
    app.state.nav = sorted(nav, key=lambda item: item.order)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=secure_cookies,
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_request_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        upload_paths=UPLOAD_PATHS,
    )
    app.add_middleware(SecureHeadersMiddleware, https=secure_cookies)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    for module in [*pages, *_modules("api", APIS)]:
        app.include_router(module.router)
    logging.getLogger("openbook.web").setLevel(logging.INFO)
    return app


def create_secure_app() -> FastAPI:
    """The app with Secure cookies, for `openbook serve --secure-cookies --workers N`."""
    return create_app(secure_cookies=True)
