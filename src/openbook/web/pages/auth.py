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
from openbook.accounts.sessions import end_all_sessions, end_web_sessions, session_epoch
from openbook.kernel.access import Principal
from openbook.kernel.error import AuthenticationError, OpenbookError
from openbook.web.rendering import render
from openbook.web.security import (
    PageUser,
    check_csrf,
    current_user,
    end_session,
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
    return render(request, "sign_in.html", {"next": safe_next(next), "title": "Sign in"})


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form)
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    state = app_state(request)
    client = request.client.host if request.client else "unknown"
    try:
        # argon2 takes tens of milliseconds of CPU: never on the event loop.
        user = await run_in_threadpool(
            authenticate, state.db, username, password, client=client, throttle=state.throttle
        )
    except AuthenticationError as error:
        context = {"next": target, "title": "Sign in", "error": error.message, "username": username}
        return render(request, "sign_in.html", context, status_code=401)
    start_session(request, user, await run_in_threadpool(session_epoch, state.db, user))
    return RedirectResponse(target, status_code=303)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    """Ends every web session of the user (a copied cookie too); API tokens stay."""
    form = await request.form()
    check_csrf(request, form)
    user = current_user(request)
    if user is not None:
        await run_in_threadpool(end_web_sessions, app_state(request).db, user)
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
    tokens = list_tokens(app_state(request).db, user)
    context = {"title": "Your account", "tokens": tokens, "nav_key": "account", **extra}
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


@router.post("/account/tokens/{token_id}/revoke")
async def revoke(request: Request, user: PageUser, token_id: int) -> Response:
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
    # Every other session and every API token has ended; this one continues.
    _restart(request, user, await run_in_threadpool(session_epoch, db, user))
    notice = "Your password has been changed. Every other session and API token has ended."
    return _account_page(request, user, notice=notice)


def _restart(request: Request, user: Principal, epoch: int) -> None:
    start_session(request, user, epoch)
    request.state.principal = user


@router.get("/help")
def help_page(request: Request, user: PageUser) -> Response:
    return render(request, "help.html", {"title": "Help", "nav_key": "help"}, user)
