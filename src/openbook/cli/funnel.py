"""`openbook funnel`: a funnel plot of the groups in a file (providers compared, not ranked)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from openbook.cli.output import (
    EXIT_BAD_DATA,
    EXIT_USAGE,
    OutputFormat,
    console,
    error_console,
    fail,
    print_csv,
    print_json,
    print_table,
    report_issues,
)

if TYPE_CHECKING:
    from openbook.funnel import Funnel

GROUP_FIELDS = ("group", "numerator", "denominator", "value", "z",
                "ll95", "ul95", "ll998", "ul998", "outside")  # fmt: skip


def register(root: typer.Typer) -> None:
    root.command("funnel")(funnel_command)


def _trim_option(winsorise: float | None, truncate: float | None) -> tuple[str, float]:
    """The trim (winsorise by default, 10%) from the two exclusive options."""
    if winsorise is not None and truncate is not None:
        fail("give --winsorise or --truncate, not both", EXIT_USAGE)
    if truncate is not None:
        return "truncate", truncate / 100
    return "winsorise", (10.0 if winsorise is None else winsorise) / 100


def _cell(value: float | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{value:.6g}"


def _print(result: Funnel, output_format: OutputFormat, highlight: list[str]) -> None:
    body = result.as_dict()
    if output_format is OutputFormat.json:
        print_json(body)
        return
    rows = [[group[name] for name in GROUP_FIELDS] for group in body["groups"]]
    if output_format is OutputFormat.csv:
        print_csv(GROUP_FIELDS, [["" if v is None else v for v in row] for row in rows])
        return
    marked = set(highlight)
    print_table(
        "Funnel plot",
        GROUP_FIELDS,
        [[("* " if row[0] in marked else "") + str(row[0]), *map(_cell, row[1:])] for row in rows],
        right_from=1,
    )
    console.print(
        f"target {result.target:.6g}; phi {result.phi:.4g}; tau² {result.tau2:.4g}; "
        f"{result.description}",
        highlight=False,
    )


def funnel_command(
    file: Annotated[Path, typer.Argument(help="A CSV or XLSX table, a row per group (or more).")],
    group_col: Annotated[str, typer.Option(help="Column naming each group (provider).")],
    numerator_col: Annotated[str, typer.Option(help="Events (proportion) or observed (ratio).")],
    denominator_col: Annotated[str, typer.Option(help="Cases (proportion) or expected (ratio).")],
    kind: Annotated[str, typer.Option(help="proportion or ratio.")],
    target: Annotated[
        float | None, typer.Option(help="Target (default: pooled, sum of N over sum of D).")
    ] = None,
    overdispersion: Annotated[
        str, typer.Option(help="none, additive (tau², default) or multiplicative (phi).")
    ] = "additive",
    winsorise: Annotated[
        float | None, typer.Option(help="Winsorise PCT% of z-scores each tail (default 10).")
    ] = None,
    truncate: Annotated[
        float | None, typer.Option(help="Truncate PCT% each tail instead (the SHMI way).")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    chart: Annotated[Path | None, typer.Option(help="Also draw it: OUT.svg or OUT.png.")] = None,
    highlight: Annotated[
        str | None, typer.Option(help="Groups to label on the chart, e.g. RBD,RD3,RDZ.")
    ] = None,
) -> None:
    """Compare groups on a funnel plot (Spiegelhalter 2005): 95% and 99.8% limits around a
    target, widened for overdispersion; which limit each group is outside. See quality.md."""
    from openbook.funnel import FunnelMethod, Kind, Overdispersion, Trim
    from openbook.funnel.file import FunnelRequest, load_funnel_file

    choices = {"kind": (kind, Kind), "overdispersion": (overdispersion, Overdispersion)}
    for name, (given, enum) in choices.items():
        if given not in {member.value for member in enum}:
            values = [member.value for member in enum]
            allowed = ", ".join(values[:-1]) + f" or {values[-1]}"
            fail(f"--{name} is '{given}'; expected {allowed}", EXIT_USAGE)
    trim, fraction = _trim_option(winsorise, truncate)
    if chart is not None and chart.suffix.lower() not in (".svg", ".png"):
        fail(f"--chart {chart.name}: a chart is .svg or .png", EXIT_USAGE)
    method = FunnelMethod(Kind(kind), Overdispersion(overdispersion), None, Trim(trim), fraction)
    request = FunnelRequest(group_col, numerator_col, denominator_col, method, target)
    result, issues = load_funnel_file(file, request)
    if result is None:
        report_issues(issues)
        raise typer.Exit(EXIT_BAD_DATA)
    codes = [code.strip() for code in (highlight or "").split(",") if code.strip()]
    known = {group.group for group in result.groups}
    for code in codes:
        if code not in known:
            error_console.print(f"warning: --highlight {code} is not a group in {file.name}")
    _print(result, output_format, codes)
    if chart is not None:
        _write_chart(result, chart, codes)


def _write_chart(result: Funnel, path: Path, highlight: list[str]) -> None:
    from openbook.funnel.chart import render_png, render_svg, vega_lite_spec

    spec = vega_lite_spec(result, highlight, title=path.stem)
    if path.suffix.lower() == ".svg":
        path.write_text(render_svg(spec), encoding="utf-8")
    else:
        path.write_bytes(render_png(spec))
    error_console.print(f"Chart written to {path}")
