"""`openbook serve` runs the dashboard; `openbook users` manages accounts."""

from __future__ import annotations

from typing import Annotated

import typer

from openbook.cli.finance import database
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


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
    users_app = typer.Typer(help="User accounts for the web dashboard.", no_args_is_help=True)
    users_app.command("create")(users_create)
    users_app.command("list")(users_list)
    users_app.command("demo")(users_demo)
    root.add_typer(users_app, name="users")


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
    with handled_errors():
        user = create_user(
            database(settings),
            username=username,
            display_name=name,
            org_code=org,
            role=chosen,
            password=password,
            actor=settings.actor,
            email=email,
        )
    console.print(f"Created {user.username} ({user.role.label}, {user.org_code}).")


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
