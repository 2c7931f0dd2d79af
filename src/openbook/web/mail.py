"""Emailing notifications after a write: the response goes first, then the outbox is sent
in the background (when OPENBOOK_SMTP_URL is set), so a slow mail server never slows a page."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.background import BackgroundTask

from openbook.governance.notifications import send_pending
from openbook.web.state import app_state


def send_after(request: Request, response: Response) -> Response:
    state = app_state(request)
    if state.settings.smtp_url:
        response.background = BackgroundTask(send_pending, state.db, state.settings.smtp_url)
    return response
