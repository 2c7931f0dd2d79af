"""Signing in and out, and the user's own account: personal API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from openbook.accounts.account import (
    authenticate,
    change_password,
    create_token,
    list_tokens,
    revoke_token,
)
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
    try:
        user = authenticate(app_state(request).db, username, password)
    except AuthenticationError as error:
        context = {"next": target, "title": "Sign in", "error": error.message, "username": username}
        return render(request, "sign_in.html", context, status_code=401)
    start_session(request, user)
    return RedirectResponse(target, status_code=303)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form)
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
    try:
        change_password(app_state(request).db, user, current, new)
    except OpenbookError as error:
        return _account_page(request, user, error=error.message)
    return _account_page(request, user, notice="Your password has been changed.")


@router.get("/help")
def help_page(request: Request, user: PageUser) -> Response:
    return render(request, "help.html", {"title": "Help", "nav_key": "help"}, user)
