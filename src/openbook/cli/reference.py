"""Systems: load a system definition file, list the systems in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import database, operator
from openbook.cli.output import (
    OutputFormat,
    console,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)


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


def system_list(
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The systems in the store, the years they have members and how many organisations
    have been members (json: a list of {code, name, years, organisations})."""
    from openbook.reference.query import list_systems_summary

    systems = list_systems_summary(database())
    if output_format is OutputFormat.json:
        print_json(systems)
        return
    header = ["code", "name", "years", "organisations"]
    rows = [
        [str(s["code"]), str(s["name"]), ", ".join(s["years"]), str(s["organisations"])]  # type: ignore[arg-type]
        for s in systems
    ]
    if output_format is OutputFormat.csv:
        print_csv(header, rows)
        return
    print_table("Systems", header, rows, right_from=3)
