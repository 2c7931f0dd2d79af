"""`openbook serve` runs the dashboard and the REST API."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Annotated

import typer

from openbook.cli.common import database
from openbook.cli.output import console, handled_errors
from openbook.config import Settings


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    secure_cookies: Annotated[
        bool, typer.Option(help="Mark the session cookie Secure (when served over HTTPS).")
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (one per core is typical).")
    ] = 1,
) -> None:
    """Serve the dashboard and the REST API (http://HOST:PORT; OpenAPI at /openapi.json)."""
    import uvicorn

    from openbook.web import create_app

    settings = Settings.from_env()
    mode = escalation_mode(settings, os.environ.get("OPENBOOK_ESCALATIONS"), workers)
    if mode != settings.escalations:
        # Every worker process reads its settings again: tell them through the environment.
        os.environ["OPENBOOK_ESCALATIONS"] = mode
        settings = replace(settings, escalations=mode)
    with handled_errors():
        app = create_app(settings, database(settings), secure_cookies=secure_cookies)
    console.print(f"openbook is serving on http://{host}:{port} (Ctrl+C stops it).")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    # Several processes need the app by name; each builds its own from the same settings
    # (the secret key was made above, so every worker signs sessions alike).
    factory = "openbook.web.app:create_secure_app" if secure_cookies else "openbook.web:create_app"
    uvicorn.run(
        factory,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


def escalation_mode(settings: Settings, configured: str | None, workers: int) -> str:
    """OPENBOOK_ESCALATIONS when set; else background for several processes on PostgreSQL
    (a submission then answers without running every rule), inline otherwise."""
    if configured:
        return settings.escalations
    postgres = settings.database_url.startswith("postgresql")
    return "background" if postgres and workers > 1 else settings.escalations
