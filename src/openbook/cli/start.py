"""A fast start: the command line builds only the command it was asked for.

Registering every command is cheap (each module imports its heavy dependencies inside the
commands that need them); what costs most of a warm start is Typer turning every one of
the hundred-odd commands into Click options (reading each signature). `openbook position
...` needs only `position`, so the console script builds an app holding that command (or
group) alone. Anything else (`--help`, no command, a name it does not know, for Click's
"did you mean") gets the whole app. Measured by bench/cli_start.py."""

from __future__ import annotations

from collections.abc import Sequence

import typer
from typer.main import get_command_name
from typer.models import CommandInfo, TyperInfo


def command_name(info: CommandInfo) -> str | None:
    if isinstance(info.name, str) and info.name:
        return info.name
    return None if info.callback is None else get_command_name(info.callback.__name__)


def group_name(info: TyperInfo) -> str | None:
    for name in (info.name, info.typer_instance.info.name if info.typer_instance else None):
        if isinstance(name, str) and name:
            return name
    return None


def _as_group() -> None:
    """The root's callback: with one command, the app stays a group (`openbook position
    ...`, never `position`'s options at the top level)."""


def app_for(app: typer.Typer, args: Sequence[str]) -> typer.Typer:
    """`app` with only the command or group `args` starts with, or `app` itself."""
    if not args or args[0].startswith("-"):
        return app
    wanted = args[0]
    commands = [c for c in app.registered_commands if command_name(c) == wanted]
    groups = [g for g in app.registered_groups if group_name(g) == wanted]
    if not commands and not groups:
        return app
    one = typer.Typer(
        name=app.info.name,
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    one.registered_commands = commands
    one.registered_groups = groups
    one.callback()(_as_group)
    return one
