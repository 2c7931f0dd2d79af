"""`openbook plan share`: hand a plan to the rebalancing engine, which shares each year's
targets so that no organisation's new saving in a year is beyond the achievable CIP, the
system's total target unchanged (docs/planning.md, "Sharing targets")."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from openbook.cli.common import database
from openbook.cli.output import console, fail, handled_errors, print_json, print_table
from openbook.kernel.money import format_thousands

WillingOption = Annotated[
    str | None,
    typer.Option(
        "--willing",
        help="Comma-separated ODS codes that may take on a tighter target (default: all).",
    ),
]


def register(plan_app: typer.Typer) -> None:
    plan_app.command("share")(share_command)


def print_shared(document: dict[str, Any]) -> None:
    """The shared targets of each year, as tables with the engine's explanation."""
    console.print(f"[bold]{document['name']}[/]: targets shared by the rebalancing engine")
    for year in document["years"]:
        rows = [
            [
                o["org_code"],
                format_thousands(Decimal(o["target"])),
                format_thousands(Decimal(o["shared_target"])),
                format_thousands(Decimal(o["change"])),
                f"{o['annual_cip_pct_before']:.2f}",
                f"{o['annual_cip_pct_shared']:.2f}",
            ]
            for o in year["organisations"]
        ]
        header = ["Org", "Target £000", "Shared £000", "Change £000", "Asked %", "Shared %"]
        print_table(f"{year['financial_year']} ({year['status']})", header, rows)
        for line in year["explanation"]:
            console.print(f"  {line}", highlight=False)
    console.print(
        "Asked: the new recurrent saving the plan's target asks that year, from where the "
        "shared targets of earlier years leave it, % of its costs; Shared: the same under the "
        f"shared target; achievable: {document['cip_threshold_pct']}%.",
        highlight=False,
    )


def share_command(
    path: Annotated[
        Path | None, typer.Argument(help="A scenario file (JSON); omit with --stored.")
    ] = None,
    stored: Annotated[
        str | None, typer.Option("--stored", help="A stored scenario's name instead of a file.")
    ] = None,
    willing: WillingOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Share each plan year's targets between the organisations (the control-total
    rebalancing, year by year, recurrent savings carried forward)."""
    from openbook.planning import query
    from openbook.planning.report import read_scenario_file, share_scenario
    from openbook.rebalancing.solve import solve_control_totals_data

    if (path is None) == (stored is None):
        fail("give a scenario file or --stored NAME, not both")
    if output_format not in ("table", "json"):
        fail(f"--format is {output_format!r}; expected table or json")
    codes = None if willing is None else {c.strip() for c in willing.split(",") if c.strip()}
    with handled_errors():
        if path is not None:
            document = share_scenario(read_scenario_file(path), solve_control_totals_data, codes)
        else:
            assert stored is not None
            document = query.share_stored(database(), stored, solve_control_totals_data)
    if output_format == "json":
        print_json(document)
    else:
        print_shared(document)
