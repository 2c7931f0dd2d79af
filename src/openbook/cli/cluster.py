"""Clusters of systems: define one from a file, list them; the cluster's position is
`openbook position --cluster CODE` (rendered here)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from openbook.cli.common import database, operator
from openbook.cli.output import console, handled_errors, print_table

if TYPE_CHECKING:
    from openbook.regime.cluster_position import ClusterPosition


def register(root: typer.Typer) -> None:
    cluster_app = typer.Typer(
        help="Clusters of systems viewed as one (docs/other-systems.md).", no_args_is_help=True
    )
    cluster_app.command("load")(cluster_load)
    cluster_app.command("list")(cluster_list)
    root.add_typer(cluster_app, name="cluster")


def cluster_load(
    file: Annotated[
        Path, typer.Argument(help="A cluster definition, .yaml (docs/other-systems.md).")
    ],
) -> None:
    """Define a cluster: the systems it is made of, year by year."""
    from openbook.reference.cluster_load import load_cluster_file

    db = database()
    with handled_errors():
        years = load_cluster_file(db, file, operator(db))
    for found in years:
        console.print(
            f"Cluster {found.cluster.cluster_code} in {found.financial_year.label}: "
            f"{', '.join(found.system_codes)}."
        )


def cluster_list() -> None:
    """The clusters in the store and the years they have systems."""
    from openbook.reference.cluster_load import list_clusters_with_years

    rows = [
        [code, _labelled(name, synthetic), ", ".join(years)]
        for code, name, synthetic, years in list_clusters_with_years(database())
    ]
    print_table("Clusters", ["code", "name", "years"], rows, right_from=99)


def _labelled(name: str, synthetic: bool) -> str:
    return f"{name} (SYNTHETIC)" if synthetic and "SYNTHETIC" not in name.upper() else name


def _k(value: Decimal | None) -> str:
    from openbook.kernel.money import format_cell

    return format_cell(value)


def render_cluster_position(report: ClusterPosition, as_json: bool) -> None:
    from rich.table import Table

    from openbook.cli.output import print_json
    from openbook.kernel.period import month_label
    from openbook.regime.cluster_dict import cluster_position_to_dict, consolidation_lines

    if as_json:
        print_json(cluster_position_to_dict(report))
        return
    label = f"{report.financial_year.label} {month_label(report.month)}"
    head = f"{report.cluster.cluster_code} {report.cluster.name}: {label}"
    systems = Table(title=f"{head} position by system (£000)", title_justify="left")
    for index, name in enumerate(("System", "Control total", "Forecast outturn", "Gap",
                                  "YTD plan", "YTD actual", "YTD variance", "RAG")):  # fmt: skip
        systems.add_column(name, justify="left" if index == 0 else "right", no_wrap=True)
    rows: list[tuple[str, Any]] = [(r.system.system_code, r.position) for r in report.systems]
    for index, (code, p) in enumerate([*rows, ("Cluster", report.position)]):
        if index == len(rows):
            systems.add_section()
        systems.add_row(code, _k(p.control_total), _k(p.forecast_outturn), _k(p.gap),
                        _k(p.ytd_plan), _k(p.ytd_actual), _k(p.ytd_variance),
                        p.rag.value.upper())  # fmt: skip
    console.print(systems)
    statement = Table(title=f"{head} consolidated (£000)", title_justify="left")
    for index, name in enumerate(("", "YTD", "Forecast outturn")):
        statement.add_column(name, justify="left" if index == 0 else "right")
    for _, text, pair in consolidation_lines(report):
        statement.add_row(text, _k(pair.ytd), _k(pair.forecast))
    console.print(statement)
    _print_eliminations(report)


def _print_eliminations(report: ClusterPosition) -> None:
    from rich.table import Table

    table = Table(title="Intra-cluster contracts eliminated (£000, YTD)", title_justify="left")
    headings = ("Commissioner", "Provider", "Provider's income", "Commissioner's expenditure",
                "Difference to agree")  # fmt: skip
    for index, name in enumerate(headings):
        table.add_column(name, justify="left" if index < 2 else "right", no_wrap=True)
    for e in report.eliminations:
        table.add_row(
            f"{e.commissioner_code} ({e.commissioner_system})",
            f"{e.provider_code} ({e.provider_system})",
            _k(e.income.ytd) if e.provider_reported else "no line",
            _k(e.expenditure.ytd) if e.commissioner_reported else "no return",
            _k(e.difference.ytd),
        )
    console.print(table)
    notes = [
        "Eliminated: contracts whose commissioner and provider are partners of different "
        "systems of the cluster; the provider's side is its income line for the commissioner, "
        "the commissioner's side the contract's value to date.",
        "Control total basis as for a system: the cluster is the sum of its systems' partners.",
    ]
    if report.synthetic:
        notes.append("SYNTHETIC demonstration data.")
    for note in notes:
        console.print(note, style="dim", highlight=False)
