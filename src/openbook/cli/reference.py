"""Systems: load a system definition file, list the systems in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import database, operator
from openbook.cli.output import console, handled_errors, print_table


def register(root: typer.Typer) -> None:
    system_app = typer.Typer(
        help="Integrated care systems and their organisations.", no_args_is_help=True
    )
    system_app.command("load")(system_load)
    system_app.command("list")(system_list)
    root.add_typer(system_app, name="system")


def system_load(
    file: Annotated[
        Path, typer.Argument(help="A system definition, .yaml (docs/other-systems.md).")
    ],
) -> None:
    """Load a system's organisations, memberships, control totals, contracts and funding."""
    from openbook.reference.load import load_system_file

    db = database()
    with handled_errors():
        summary = load_system_file(db, file, operator(db))
    console.print(
        f"Loaded {summary.system_code}: {summary.organisations} organisations, "
        f"{summary.memberships} memberships, {summary.control_totals_changed} control totals "
        f"changed, {summary.contracts} contracts, {summary.allocations} funding allocations."
    )


def system_list() -> None:
    """The systems in the store and the years they have members."""
    from openbook.reference.query import list_systems_with_years

    rows = [
        [code, name, ", ".join(years)] for code, name, years in list_systems_with_years(database())
    ]
    print_table("Systems", ["code", "name", "years"], rows, right_from=99)
