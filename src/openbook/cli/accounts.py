"""Who you are to the command line (login, logout, whoami) and user accounts (users)."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Annotated

import typer

from openbook.cli.common import database, operator, signed_in
from openbook.cli.identity import save_token, saved_token
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_json,
    print_table,
)
from openbook.config import Settings
from openbook.kernel.access import parse_role

if TYPE_CHECKING:
    from openbook.kernel.database import Database


def register(root: typer.Typer) -> None:
    root.command("login")(login)
    root.command("logout")(logout)
    root.command("whoami")(whoami)
    users_app = typer.Typer(help="User accounts for the web dashboard.", no_args_is_help=True)
    users_app.command("create")(users_create)
    users_app.command("list")(users_list)
    users_app.command("demo")(users_demo)
    users_app.command("deactivate")(users_deactivate)
    users_app.command("reactivate")(users_reactivate)
    users_app.command("set-role")(users_set_role)
    users_app.command("grants")(users_grants)
    users_app.command("confirm-grant")(users_confirm_grant)
    users_app.command("refuse-grant")(users_refuse_grant)
    root.add_typer(users_app, name="users")


def login(
    username: Annotated[str, typer.Option("--username", "-u", prompt=True, help="Your username.")],
    valid_days: Annotated[int, typer.Option(min=1, max=365, help="How long it lasts.")] = 30,
) -> None:
    """Sign the command line in as you: a personal token is made and kept in the
    credentials file (OPENBOOK_CREDENTIALS), readable by you only."""
    from openbook.accounts.account import authenticate, create_token

    password = typer.prompt("Password", hide_input=True)
    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        user = authenticate(db, username.strip().lower(), password)
        token, _ = create_token(db, user, f"command line on {socket.gethostname()}", valid_days)
    path = save_token(settings, token)
    console.print(f"Signed in as {user.username} ({user.role.label}, {user.org_code or 'system'}).")
    console.print(f"Token kept in {path} for {valid_days} days; 'openbook logout' ends it.")


def logout() -> None:
    """Revoke the command line's token and forget it."""
    from openbook.accounts.account import revoke_token_text

    settings = Settings.from_env()
    token = saved_token(settings)
    if token is None:
        console.print("The command line is not signed in to this store.")
        return
    with handled_errors():
        revoke_token_text(database(settings), token)
    save_token(settings, None)
    console.print("Signed out: the token is revoked.")


def whoami() -> None:
    """Who the command line acts as on this store."""
    settings = Settings.from_env()
    user = signed_in(database(settings), settings)
    console.print(f"{user.username} ({user.role.label}, {user.org_code or 'system'})")


def users_create(
    username: Annotated[str, typer.Argument(help="Lower-case letters, digits and . - _ @")],
    org: Annotated[str, typer.Option("--org", help="ODS code of the user's organisation.")],
    role: Annotated[
        str,
        typer.Option(help="viewer, submitter, approver, system_lead or administrator."),
    ],
    name: Annotated[str, typer.Option(help="Full name shown in the dashboard.")] = "",
    email: Annotated[
        str | None, typer.Option(help="Email address for notifications (optional).")
    ] = None,
) -> None:
    """Create a user; the password is asked for (never given on the command line)."""
    from openbook.accounts.account import create_user

    try:
        chosen = parse_role(role)
    except ValueError as error:
        fail(str(error))
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        user = create_user(
            db,
            username=username,
            display_name=name,
            org_code=org,
            role=chosen,
            password=password,
            by=operator(db, settings),
            email=email,
        )
    console.print(f"Created {user.username} ({user.role.label}, {user.org_code}).")
    if user.role is not chosen:
        _print_pending(db, user.username)


def _print_pending(db: Database, username: str) -> None:
    from openbook.accounts.grants import pending_grant

    grant = pending_grant(db, username)
    if grant is not None:
        console.print(
            f"The role {grant.role.label} is pending (grant {grant.id}): it takes effect when "
            f"a second administrator confirms it ('openbook users confirm-grant {grant.id}')."
        )


def users_list(
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Every user, by organisation."""
    from openbook.accounts.account import list_users

    rows = [
        [
            u.principal.username,
            u.principal.display_name,
            u.principal.org_code,
            u.principal.role.value,
            "locked" if u.locked_until else "active",
        ]
        for u in list_users(database())
    ]
    header = ["username", "name", "org_code", "role", "status"]
    if output_format is OutputFormat.json:
        print_json([dict(zip(header, row, strict=True)) for row in rows])
    else:
        print_table("Users", header, rows, right_from=99)


def users_demo() -> None:
    """Create the demonstration users (one per role and organisation) if missing."""
    from openbook.demo.users import DEMO_PASSWORD, create_demo_users

    with handled_errors():
        made = create_demo_users(database())
    console.print(
        f"Created {made} demonstration users." if made else "Demonstration users already exist."
    )
    console.print(
        f"Sign in as e.g. rbd.submitter, rd3.approver, system.lead or admin; "
        f"password {DEMO_PASSWORD!r} (demonstration only)."
    )


def users_deactivate(username: Annotated[str, typer.Argument(help="Who to deactivate.")]) -> None:
    """Deactivate a user: no more sign-in; every session and token ends."""
    from openbook.accounts.roles import deactivate_user

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        deactivate_user(db, username, by=operator(db, settings))
    console.print(f"Deactivated {username}; their sessions and tokens have ended.")


def users_reactivate(username: Annotated[str, typer.Argument(help="Who to reactivate.")]) -> None:
    """Let a deactivated user sign in again."""
    from openbook.accounts.roles import reactivate_user

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        reactivate_user(db, username, by=operator(db, settings))
    console.print(f"Reactivated {username}.")


def users_set_role(
    username: Annotated[str, typer.Argument(help="Whose role to change.")],
    role: Annotated[
        str, typer.Argument(help="viewer, submitter, approver, system_lead or administrator.")
    ],
) -> None:
    """Change a user's role (audited; the user's sessions end)."""
    from openbook.accounts.roles import set_role

    try:
        chosen = parse_role(role)
    except ValueError as error:
        fail(str(error))
    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        grant = set_role(db, username, chosen, by=operator(db, settings))
    if grant is None:
        console.print(f"{username} is now {chosen.label}.")
    else:
        _print_pending(db, username)


def users_grants(
    all_grants: Annotated[
        bool, typer.Option("--all", help="Confirmed and refused grants too.")
    ] = False,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Role grants waiting for a second administrator (four eyes on money)."""
    from openbook.accounts.grants import list_grants

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        found = list_grants(db, operator(db, settings), pending_only=not all_grants)
    header = ["id", "username", "role", "from_role", "status", "requested_by", "requested_at"]
    header += ["decided_by", "decided_at"]
    rows = [
        [
            str(g.id),
            g.username,
            g.role.value,
            g.previous_role.value,
            g.status,
            g.requested_by,
            g.requested_at.strftime("%Y-%m-%d %H:%M"),
            g.decided_by or "",
            "" if g.decided_at is None else g.decided_at.strftime("%Y-%m-%d %H:%M"),
        ]
        for g in found
    ]
    if output_format is OutputFormat.json:
        print_json([dict(zip(header, row, strict=True)) for row in rows])
    else:
        print_table("Role grants", header, rows, right_from=99)


def users_confirm_grant(
    grant_id: Annotated[int, typer.Argument(help="The grant's number ('openbook users grants').")],
) -> None:
    """Confirm another administrator's role grant: the role takes effect. You must be
    signed in ('openbook login') as a second administrator; the local operator cannot."""
    from openbook.accounts.grants import confirm_grant

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        grant = confirm_grant(db, grant_id, by=operator(db, settings))
    console.print(f"Confirmed: {grant.username} is now {grant.role.label}.")


def users_refuse_grant(
    grant_id: Annotated[int, typer.Argument(help="The grant's number ('openbook users grants').")],
) -> None:
    """Refuse a pending role grant: the user keeps the role they had."""
    from openbook.accounts.grants import refuse_grant

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        grant = refuse_grant(db, grant_id, by=operator(db, settings))
    console.print(f"Refused: {grant.username} stays {grant.previous_role.label}.")
