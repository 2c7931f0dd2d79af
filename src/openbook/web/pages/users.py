"""Administering users: list, create, unlock, change roles, and confirm or refuse the role
grants that wait for a second administrator (administrators only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from openbook.accounts.account import create_user, list_users, unlock_user
from openbook.accounts.grants import confirm_grant, list_grants, pending_grant, refuse_grant
from openbook.accounts.roles import set_role
from openbook.kernel.access import Principal, Role, can_administer, parse_role
from openbook.kernel.error import ForbiddenError, OpenbookError
from openbook.web.forms import RowId
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Table

router = APIRouter(include_in_schema=False)
NAV = NavItem("users", "Users", "/users", order=90, roles=frozenset({Role.ADMINISTRATOR}))


def _require_admin(user: Principal) -> None:
    if not can_administer(user):
        raise ForbiddenError("only an administrator can manage users")


def _page(request: Request, user: Principal, status: int = 200, **extra: object) -> Response:
    users = list_users(app_state(request).db)
    rows = [
        [
            u.principal.username,
            u.principal.display_name,
            u.principal.org_code,
            u.principal.role.label,
            "locked" if u.locked_until else ("active" if u.active else "inactive"),
        ]
        for u in users
    ]
    columns = [Column(c) for c in ("Username", "Name", "Organisation", "Role", "Status")]
    table = Table("users", "Every user, by organisation", columns, rows)  # type: ignore[arg-type]
    context = {
        "title": "Users",
        "nav_key": "users",
        "table": table,
        "roles": list(Role),
        "locked": [u.principal.username for u in users if u.locked_until],
        "usernames": [u.principal.username for u in users],
        "grants": list_grants(app_state(request).db, user),
        **extra,
    }
    return render(request, "users.html", context, user, status)


@router.get("/users")
def users(request: Request, user: PageUser, download: str | None = None) -> Response:
    _require_admin(user)
    if download:
        from openbook.web.tables import download_response

        rows = [
            [
                u.principal.username,
                u.principal.display_name,
                u.principal.org_code,
                u.principal.role.value,
            ]
            for u in list_users(app_state(request).db)
        ]
        columns = [Column(c) for c in ("Username", "Name", "Organisation", "Role")]
        table = Table("users", "Users", columns, rows)  # type: ignore[arg-type]
        return download_response([table], download, "openbook")
    return _page(request, user)


@router.post("/users")
async def add_user(request: Request, user: PageUser) -> Response:
    _require_admin(user)
    form = await request.form()
    check_csrf(request, form)
    try:
        role = parse_role(str(form.get("role", "")))
        created = create_user(
            app_state(request).db,
            username=str(form.get("username", "")),
            display_name=str(form.get("display_name", "")),
            org_code=str(form.get("org_code", "")),
            role=role,
            password=str(form.get("password", "")),
            by=user,
        )
    except (OpenbookError, ValueError) as error:
        message = error.message if isinstance(error, OpenbookError) else str(error)
        return _page(request, user, 400, problem=message)
    return _page(request, user, notice=_created_notice(request, created, role))


def _created_notice(request: Request, created: Principal, role: Role) -> str:
    notice = f"Created {created.username} ({created.role.label})."
    if created.role is not role:
        notice += " " + _pending_notice(request, created.username)
    return notice


def _pending_notice(request: Request, username: str) -> str:
    grant = pending_grant(app_state(request).db, username)
    if grant is None:
        return ""
    return (
        f"The role {grant.role.label} for {username} is pending (grant {grant.id}): "
        "it takes effect when a second administrator confirms it."
    )


@router.post("/users/change-role")
async def change_role(request: Request, user: PageUser) -> Response:
    _require_admin(user)
    form = await request.form()
    check_csrf(request, form)
    username = str(form.get("username", ""))
    try:
        role = parse_role(str(form.get("role", "")))
        grant = set_role(app_state(request).db, username, role, user)
    except (OpenbookError, ValueError) as error:
        if isinstance(error, ForbiddenError):
            raise
        message = error.message if isinstance(error, OpenbookError) else str(error)
        return _page(request, user, 400, problem=message)
    notice = (
        f"{username} is now {role.label}." if grant is None else _pending_notice(request, username)
    )
    return _page(request, user, notice=notice)


@router.post("/users/grants/{grant_id}/confirm")
async def confirm(request: Request, user: PageUser, grant_id: RowId) -> Response:
    form = await request.form()
    check_csrf(request, form)
    grant = confirm_grant(app_state(request).db, grant_id, user)
    return _page(request, user, notice=f"Confirmed: {grant.username} is now {grant.role.label}.")


@router.post("/users/grants/{grant_id}/refuse")
async def refuse(request: Request, user: PageUser, grant_id: RowId) -> Response:
    form = await request.form()
    check_csrf(request, form)
    grant = refuse_grant(app_state(request).db, grant_id, user)
    notice = f"Refused: {grant.username} stays {grant.previous_role.label}."
    return _page(request, user, notice=notice)


@router.post("/users/{username}/unlock")
async def unlock(request: Request, user: PageUser, username: str) -> Response:
    form = await request.form()
    check_csrf(request, form)
    unlock_user(app_state(request).db, username, user)
    return RedirectResponse("/users", status_code=303)
