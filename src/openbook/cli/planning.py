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
    from openbook.cli import plan_stored

    plan_stored.register(plan_app)
    root.add_typer(plan_app, name="plan")


class Format(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]
ScenarioFile = Annotated[Path, typer.Argument(help="A scenario file (JSON, docs/planning.md).")]
FIGURES = (
    ("income", "Income"),
    ("pay", "Pay"),
    ("non_pay", "Non-pay"),
    ("do_nothing_position", "Do nothing"),
    ("cip", "CIP"),
    ("position", "Position"),
    ("gap", "Gap"),
)


def _k(text: str) -> str:
    from decimal import Decimal

    return format_thousands(Decimal(text))


def _plan_table(title: str, plan: dict[str, Any]) -> None:
    header = ["Year", *(f"{label} £000" for _, label in FIGURES), "CIP % required", "a year"]
    rows = [
        [
            year["financial_year"],
            *(_k(year[key]) for key, _ in FIGURES),
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


def _plans(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    plans = [(f"{o['org_code']} ({o['kind']})", o) for o in document["organisations"]]
    if document["acute_providers"] is not None:
        plans.append(("Acute providers", document["acute_providers"]))
    plans.append(("System", document["system"]))
    return plans


@plan_app.command("scenario")
def scenario_command(path: ScenarioFile, output_format: FormatOption = Format.table) -> None:
    """Project a scenario file: each organisation, the acute providers and the system, by
    year (do-nothing position, CIP, position, gap, CIP % required, its bridge)."""
    document = _scenario_document(path)
    if output_format is Format.json:
        print_json(document)
        return
    console.print(f"[bold]{document['name']}[/] (base year {document['base_year']})")
    for title, plan in _plans(document):
        _plan_table(title, plan)
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
    assert path is not None
    document = _scenario_document(path)
    label = year or document["years"][-1]
    if label not in document["years"]:
        fail(f"{label} is not a year of the plan", hint="one of " + ", ".join(document["years"]))
    bridges = [
        {"name": name, **next(y for y in plan["years"] if y["financial_year"] == label)}
        for name, plan in _plans(document)
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
