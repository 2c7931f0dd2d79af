"""Signing in and out, and the user's own account: personal API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from openbook.accounts.account import (
    authenticate,
    change_password,
    create_token,
    list_tokens,
    revoke_token,
)
from openbook.accounts.sessions import (
    current_session_id,
    end_all_sessions,
    end_web_session,
    list_web_sessions,
    start_web_session,
)
from openbook.kernel.access import Principal
from openbook.kernel.error import AuthenticationError, OpenbookError
from openbook.web.forms import RowId
from openbook.web.rendering import render
from openbook.web.security import (
    PageUser,
    check_csrf,
    client_of,
    current_user,
    end_session,
    session_key,
    start_session,
)
from openbook.web.state import app_state

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "/") -> Response:
    if current_user(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    context = {"next": safe_next(next), "title": "Sign in", "errors": {}}
    return render(request, "sign_in.html", context)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form)
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    errors: dict[str, str] = {}
    if not username.strip():
        errors["username"] = "enter your username"
    if not password:
        errors["password"] = "enter your password"  # noqa: S105 (a message, not a secret)
    status = 400
    if not errors:
        state = app_state(request)
        client = request.client.host if request.client else "unknown"
        try:
            # argon2 takes tens of milliseconds of CPU: never on the event loop.
            user = await run_in_threadpool(
                authenticate, state.db, username, password, client=client, throttle=state.throttle
            )
        except AuthenticationError as error:  # beside the username: which is wrong is not said
            errors["username"], status = error.message, error.status_code
        else:
            await _start(request, user)
            return RedirectResponse(target, status_code=303)
    context = {"next": target, "title": "Sign in", "errors": errors, "username": username[:200]}
    return render(request, "sign_in.html", context, status_code=status)


async def _start(request: Request, user: Principal) -> None:
    agent, address = client_of(request)
    db = app_state(request).db
    key, epoch = await run_in_threadpool(start_web_session, db, user, agent, address)
    start_session(request, user, epoch, key)
    request.state.principal = user


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    """Ends this session (a copied cookie too); the user's other sessions and API tokens
    stay ("Sign out everywhere" ends those)."""
    form = await request.form()
    check_csrf(request, form)
    user, key = current_user(request), session_key(request)
    if user is not None and key is not None:
        db = app_state(request).db
        session_id = await run_in_threadpool(current_session_id, db, user, key)
        if session_id is not None:
            await run_in_threadpool(end_web_session, db, user, session_id, True)
    end_session(request)
    return RedirectResponse("/sign-in", status_code=303)


@router.post("/account/sign-out-everywhere")
async def sign_out_everywhere(request: Request, user: PageUser) -> Response:
    """Every web session and every API token of the user ends, this one included."""
    form = await request.form()
    check_csrf(request, form)
    await run_in_threadpool(end_all_sessions, app_state(request).db, user, user)
    end_session(request)
    return RedirectResponse("/sign-in", status_code=303)


def _account_page(request: Request, user: PageUser, **extra: object) -> Response:
    db = app_state(request).db
    key = session_key(request)
    context = {
        "title": "Your account",
        "tokens": list_tokens(db, user),
        "sessions": list_web_sessions(db, user),
        "this_session": None if key is None else current_session_id(db, user, key),
        "nav_key": "account",
        **extra,
    }
    status = 400 if "error" in extra else 200
    return render(request, "account.html", context, user, status)


@router.get("/account")
def account(request: Request, user: PageUser) -> Response:
    return _account_page(request, user)


@router.post("/account/tokens")
async def new_token(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    text, token = create_token(app_state(request).db, user, str(form.get("name", "")))
    return _account_page(request, user, new_token=text, new_token_name=token.name)


@router.post("/account/sessions/{session_id}/end")
async def end_one_session(request: Request, user: PageUser, session_id: RowId) -> Response:
    """Sign out one of one's own sessions (another device, or this one)."""
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    key = session_key(request)
    this = None if key is None else await run_in_threadpool(current_session_id, db, user, key)
    await run_in_threadpool(end_web_session, db, user, session_id, False)
    if session_id == this:
        end_session(request)
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tokens/{token_id}/revoke")
async def revoke(request: Request, user: PageUser, token_id: RowId) -> Response:
    form = await request.form()
    check_csrf(request, form)
    revoke_token(app_state(request).db, user, token_id)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/password")
async def new_password(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    current, new = str(form.get("current_password", "")), str(form.get("new_password", ""))
    db = app_state(request).db
    try:
        await run_in_threadpool(change_password, db, user, current, new)
    except OpenbookError as error:
        return _account_page(request, user, error=error.message)
    # Every other session and every API token has ended; this one continues, as a new one.
    await _start(request, user)
    notice = "Your password has been changed. Every other session and API token has ended."
    return _account_page(request, user, notice=notice)


@router.get("/help")
def help_page(request: Request, user: PageUser) -> Response:
    return render(request, "help.html", {"title": "Help", "nav_key": "help"}, user)
