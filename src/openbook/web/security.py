"""Sign-in state, CSRF tokens, bearer tokens and secure headers.

Sessions are signed cookies (Starlette's SessionMiddleware, itsdangerous): they hold the
user's id, the user's session epoch when the session began, the key of the session's
record (`user_session`) and a CSRF token. Ending the record (sign-out, "sign out this
session") ends that session, copies of the cookie included; raising the epoch (password
change, "sign out everywhere") ends every session of the user. Every POST form carries the
CSRF token; the REST API takes personal bearer tokens instead of cookies, so it needs none.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import FormData
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openbook.accounts.account import authenticate_token, get_principal
from openbook.accounts.sessions import IDLE_LIMIT, SEEN_EVERY, touch_web_session
from openbook.kernel.access import Principal
from openbook.kernel.cache import remember
from openbook.kernel.error import AuthenticationError, ForbiddenError
from openbook.web.state import app_state

SESSION_COOKIE = "openbook_session"
SESSION_MAX_AGE = int(IDLE_LIMIT.total_seconds())  # a working day
CSRF_FIELD = "csrf_token"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
CSP_HEADER = b"content-security-policy"
SECURE_HEADERS = [
    (CSP_HEADER, CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecureHeadersMiddleware:
    """Adds the secure headers to every HTTP response (pure ASGI: no per-request task)."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.headers = list(SECURE_HEADERS)
        if https:
            self.headers.append((b"strict-transport-security", b"max-age=31536000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = message.get("headers", [])
                # A response that sets its own policy (a self-contained board pack) keeps it.
                has_policy = any(name.lower() == b"content-security-policy" for name, _ in own)
                added = [h for h in self.headers if not (has_policy and h[0] == CSP_HEADER)]
                message["headers"] = [*own, *added]
                if not scope["path"].startswith("/static/"):
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SignInRequired(Exception):  # noqa: N818 - an instruction, not an error
    """The page needs a signed-in user; answered with a redirect to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def sign_in_url(next_path: str) -> str:
    return f"/sign-in?next={quote(next_path, safe='/')}"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use ('' outside the session middleware)."""
    if "session" not in request.scope:
        return ""
    session: dict[str, Any] = request.session
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def check_csrf(request: Request, form: FormData) -> None:
    sent = form.get(CSRF_FIELD)
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not isinstance(expected, str):
        raise ForbiddenError(
            "the form has expired", hint="reload the page and try again (cookies must be on)"
        )
    if not hmac.compare_digest(sent, expected):
        raise ForbiddenError("the form has expired", hint="reload the page and try again")


def start_session(request: Request, user: Principal, epoch: int, key: str) -> None:
    """A fresh session for a user who has just signed in (a new CSRF token, no fixation);
    `key` is the session's record (`accounts.sessions.start_web_session`)."""
    request.session.clear()
    request.session["uid"] = user.user_id
    request.session["epoch"] = epoch
    request.session["sid"] = key
    request.session["seen"] = int(time.time())
    csrf_token(request)


def session_key(request: Request) -> str | None:
    key = request.session.get("sid") if "session" in request.scope else None
    return key if isinstance(key, str) else None


def client_of(request: Request) -> tuple[str, str]:
    """(user agent, client address) of the request, as a session record keeps them."""
    agent = request.headers.get("user-agent", "")
    return agent, request.client.host if request.client else "unknown"


def end_session(request: Request) -> None:
    request.session.clear()


def current_user(request: Request) -> Principal | None:
    if "session" not in request.scope:
        return None
    uid, epoch, key = request.session.get("uid"), request.session.get("epoch"), session_key(request)
    if not isinstance(uid, int) or not isinstance(epoch, int) or key is None:
        return None
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is None:
        db = app_state(request).db
        cached = remember(
            db, ("principal", uid, epoch, key), lambda: get_principal(db, uid, epoch, key)
        )
        request.state.principal = cached
        if cached is not None:
            _note_seen(request, key)
    return cached


def _note_seen(request: Request, key: str) -> None:
    """Keep the session record's "last seen" within SEEN_EVERY of the truth."""
    now = int(time.time())
    seen = request.session.get("seen")
    if isinstance(seen, int) and now - seen < SEEN_EVERY.total_seconds():
        return
    touch_web_session(app_state(request).db, key)
    request.session["seen"] = now


def require_user(request: Request) -> Principal:
    """Dependency of every page: nothing is visible without signing in."""
    user = current_user(request)
    if user is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(path)
    return user


bearer_scheme = HTTPBearer(
    auto_error=False,
    description="A personal API token (obk_...), made on the 'API tokens' page.",
)


def require_token_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    """Dependency of every API route: a personal bearer token."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationError(
            "an API token is needed", hint="send the header 'Authorization: Bearer obk_...'"
        )
    return authenticate_token(app_state(request).db, credentials.credentials)


PageUser = Annotated[Principal, Depends(require_user)]
ApiUser = Annotated[Principal, Depends(require_token_user)]
