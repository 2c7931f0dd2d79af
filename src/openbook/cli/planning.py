"""`openbook plan`: medium-term financial plans: the do-nothing gap by year, its bridge,
scenarios side by side and the sensitivity of the gap (docs/planning.md)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from openbook.cli.output import console, fail, handled_errors, print_json, print_table
from openbook.kernel.money import format_thousands

plan_app = typer.Typer(
    help="Medium-term financial plans: the gap by year, its bridge, scenarios side by side.",
    no_args_is_help=True,
)


def register(root: typer.Typer) -> None:
    from openbook.cli import plan_share, plan_stored

    plan_stored.register(plan_app)
    plan_share.register(plan_app)
    root.add_typer(plan_app, name="plan")


class Format(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]
ScenarioFile = Annotated[Path, typer.Argument(help="A scenario file (JSON, docs/planning.md).")]


def _k(text: str) -> str:
    from decimal import Decimal

    return format_thousands(Decimal(text))


def _plan_table(title: str, plan: dict[str, Any], figures: list[tuple[str, str]]) -> None:
    header = ["Year", *(f"{label} £000" for _, label in figures), "CIP % required", "a year"]
    rows = [
        [
            year["financial_year"],
            *(_k(year[key]) for key, _ in figures),
            f"{year['cip_pct_required']:.2f}",
            f"{year['annual_cip_pct_required']:.2f}{' !' if year['above_threshold'] else ''}",
        ]
        for year in plan["years"]
    ]
    print_table(title, header, rows)


def _bridge_table(title: str, bridge: list[dict[str, str]]) -> None:
    rows = [[step["label"], _k(step["amount"])] for step in bridge]
    print_table(title, ["Step", "£000"], rows)


def _scenario_document(path: Path) -> dict[str, Any]:
    from openbook.planning.report import read_scenario_file, run_scenario

    with handled_errors():
        return run_scenario(read_scenario_file(path))


def _detail_tables(document: dict[str, Any]) -> None:
    """Income by source, non-recurrent items and CIP maturity, where the plan has them."""
    from openbook.planning.report import income_source_rows, maturity_rows, one_off_rows

    def money(rows: list[list[str]], first: int) -> list[list[str]]:
        return [row[:first] + [_k(v) for v in row[first:]] for row in rows]

    years = document["years"]
    if rows := income_source_rows(document):
        header = ["Organisation", "Source", *(f"{y} £000" for y in years)]
        print_table("Income by source", header, money(rows, 2))
    if rows := one_off_rows(document):
        header = ["Organisation", "Year", "Non-recurrent item", "£000"]
        print_table("Non-recurrent items (reported position only)", header, money(rows, 3))
    if rows := maturity_rows(document):
        header = ["Organisation", "Year", "CIP £000", "In delivery", "Identified", "Unidentified"]
        print_table("CIP by maturity (£000)", header, money(rows, 2))


@plan_app.command("scenario")
def scenario_command(path: ScenarioFile, output_format: FormatOption = Format.table) -> None:
    """Project a scenario file: each organisation, the acute providers and the system, by
    year (do-nothing position, CIP, position, gap, CIP % required, its bridge)."""
    document = _scenario_document(path)
    if output_format is Format.json:
        print_json(document)
        return
    from openbook.planning.report import figures_shown, result_plans

    console.print(f"[bold]{document['name']}[/] (base year {document['base_year']})")
    figures = figures_shown(document)
    for title, plan in result_plans(document):
        _plan_table(title, plan, figures)
    _detail_tables(document)
    console.print(
        f"CIP % required: the gap as a % of that year's costs (cumulative); a year: the new "
        f"saving needed that year; ! above the achievable {document['cip_threshold_pct']}% a year",
        highlight=False,
    )


@plan_app.command("bridge")
def bridge_command(
    path: Annotated[
        Path | None, typer.Argument(help="A scenario file; omit with --dorset.")
    ] = None,
    year: Annotated[str | None, typer.Option("--year", "-y", help="Default: the last.")] = None,
    dorset: Annotated[
        bool, typer.Option("--dorset", help="The seed's 2020/21 Dorset bridge, with its source.")
    ] = False,
    with_funding: Annotated[
        bool,
        typer.Option("--with-funding", help="With --dorset: new funding and programme benefits."),
    ] = False,
    output_format: FormatOption = Format.table,
) -> None:
    """The bridge from the do-nothing gap to the plan: each mitigation and the unidentified
    remainder, per organisation, for the acute providers and for the system."""
    if dorset == (path is not None):
        fail("give a scenario file or --dorset, not both")
    if dorset:
        _dorset_bridge(with_funding, output_format)
        return
    from openbook.planning.report import result_plans

    assert path is not None
    document = _scenario_document(path)
    label = year or document["years"][-1]
    if label not in document["years"]:
        fail(f"{label} is not a year of the plan", hint="one of " + ", ".join(document["years"]))
    bridges = [
        {"name": name, **next(y for y in plan["years"] if y["financial_year"] == label)}
        for name, plan in result_plans(document)
    ]
    if output_format is Format.json:
        print_json(
            {
                "name": document["name"],
                "financial_year": label,
                "bridges": [
                    {"name": b["name"], "gap": b["gap"], "bridge": b["bridge"]} for b in bridges
                ],
            }
        )
        return
    for item in bridges:
        _bridge_table(f"{item['name']} {label}: gap {_k(item['gap'])}", item["bridge"])


def _dorset_bridge(with_funding: bool, output_format: Format) -> None:
    from openbook.planning.demonstration import dorset_document

    document = dorset_document(with_funding)
    if output_format is Format.json:
        print_json(document)
        return
    console.print(f"[bold]Dorset {document['financial_year']}[/]: {document['source']}")
    for bridge in document["bridges"]:
        _bridge_table(f"{bridge['name']}: gap {_k(bridge['gap'])}", bridge["bridge"])
    console.print(document["note"], highlight=False)
    rows = [
        [
            t["org_code"],
            _k(t["expenditure"]),
            f"{t['share'] * 100:.1f}%",
            *(_k(step["amount"]) for step in t["bridge"]),
            f"{t['cip_pct_implied']:.2f}{' !' if t['above_threshold'] else ''}",
        ]
        for t in document["trusts"]
    ]
    labels = [step["label"] for step in document["trusts"][0]["bridge"]]
    header = ["Trust", "Expenditure £000", "Share", *labels, "Savings % implied"]
    print_table("What the acute bridge implies for each trust (£000)", header, rows)
    console.print(document["trust_note"], highlight=False)


@plan_app.command("compare")
def compare_command(
    a: Annotated[Path, typer.Argument(help="Scenario A (JSON).")],
    b: Annotated[Path, typer.Argument(help="Scenario B (JSON).")],
    output_format: FormatOption = Format.table,
) -> None:
    """Two scenarios side by side: gap and CIP % required per organisation per year (B - A)."""
    from openbook.planning.report import compare_files

    with handled_errors():
        document = compare_files(a, b)
    if output_format is Format.json:
        print_json(document)
        return
    header = ["Name", "Year", "Gap A", "Gap B", "B - A", "CIP % A", "CIP % B", "B - A"]
    rows = [
        [
            r["name"],
            r["financial_year"],
            _k(r["gap_a"]),
            _k(r["gap_b"]),
            _k(r["gap_change"]),
            f"{r['cip_pct_required_a']:.2f}",
            f"{r['cip_pct_required_b']:.2f}",
            f"{r['cip_pct_required_change']:+.2f}",
        ]
        for r in document["rows"]
    ]
    print_table(f"A: {document['a']}  B: {document['b']} (£000)", header, rows, right_from=2)


@plan_app.command("tornado")
def tornado_command(
    path: ScenarioFile,
    points: Annotated[float, typer.Option(help="Percentage points each way.", min=0.01)] = 1.0,
    output_format: FormatOption = Format.table,
) -> None:
    """The sensitivity of the system's gap in the last year to each assumption, moved down
    and up by --points in every year, widest swing first."""
    from openbook.planning.report import tornado_file

    with handled_errors():
        document = tornado_file(path, str(points))
    if output_format is Format.json:
        print_json(document)
        return
    rows = [
        [
            bar["label"],
            f"{bar['low_points']:+g} pts: {_k(bar['gap_low'])}",
            f"{bar['high_points']:+g} pts: {_k(bar['gap_high'])}",
            _k(bar["swing"]),
        ]
        for bar in document["bars"]
    ]
    title = f"System gap {document['financial_year']}: {_k(document['base_gap'])} (£000)"
    print_table(title, ["Assumption", "Down", "Up", "Swing"], rows)


@plan_app.command("build")
def build_command(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    from_year: Annotated[str, typer.Option("--from", help="The base year, e.g. 2018/19.")],
    years: Annotated[int, typer.Option(help="Plan years after the base year.", min=1, max=10)] = 3,
    output: Annotated[Path | None, typer.Option("-o", help="Write the file here.")] = None,
) -> None:
    """A scenario file seeded from the latest stored outturn of the system's providers
    (recurrent run rate: non-recurrent items removed); flat assumptions to edit."""
    import json

    from openbook.cli.common import database
    from openbook.kernel.period import FinancialYear
    from openbook.planning.build import build_scenario

    try:
        base = FinancialYear.parse(from_year)
    except ValueError as error:
        fail(str(error))
    with handled_errors():
        document = build_scenario(database(), system.upper(), base, years)
    if output is None:
        print_json(document)
        return
    output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    console.print(f"Wrote {output}", highlight=False)
