"""`openbook spc`: Making Data Count charts, rules and icons for the series in a file
(`openbook spc FILE ...`), and the notes on openbook's own charts (`openbook spc annotate|
rebase|agree|withdraw|annotations|chart`, in `openbook.cli.spc_notes`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from openbook.cli.output import (
    OutputFormat,
    console,
    error_console,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)


class _FileOrCommand(TyperGroup):
    """`openbook spc FILE ...` stays as it was: anything that is not a subcommand's name is
    the file command's arguments. (The context is typed Any: Typer vendors click.)"""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["file", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name in super().list_commands(ctx) if name != "file"] + ["file"]


spc_app = typer.Typer(
    cls=_FileOrCommand,
    no_args_is_help=True,
    help="Making Data Count SPC: `openbook spc FILE ...` for a file's series; notes "
    "(annotations and rebases) on openbook's own charts.",
)


def register(root: typer.Typer) -> None:
    from openbook.cli import spc_notes

    spc_app.command("file")(spc_command)
    spc_notes.register(spc_app)
    root.add_typer(spc_app, name="spc")


def spc_command(
    file: Annotated[Path, typer.Argument(help="A CSV or XLSX table, a row per date (and facet).")],
    value_col: Annotated[
        str, typer.Option(help="Column of values (numerator for p-charts).")
    ] = "value",
    date_col: Annotated[str, typer.Option(help="Column of dates.")] = "date",
    facet_col: Annotated[str | None, typer.Option(help="Column naming each series.")] = None,
    improvement_direction: Annotated[
        str, typer.Option(help="increase, decrease or neutral.")
    ] = "increase",
    target: Annotated[float | None, typer.Option(help="Target, for the assurance icon.")] = None,
    rebase: Annotated[
        list[str] | None, typer.Option(help="A date where the process changed (repeatable).")
    ] = None,
    excel_compatible: Annotated[
        bool, typer.Option(help="The NHS England Excel tool's rules (see docs/spc.md).")
    ] = False,
    chart_type: Annotated[str, typer.Option(help="xmr, p or p_prime.")] = "xmr",
    denominator_col: Annotated[str | None, typer.Option(help="Denominator (p-charts).")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    chart: Annotated[
        Path | None, typer.Option(help="Also draw the chart: OUT.svg or OUT.png (one per facet).")
    ] = None,
) -> None:
    """Statistical process control the Making Data Count way: every point's rules, each
    series' variation and assurance icons."""
    from openbook.spc.file import SpcRequest, result_to_dict, run_spc_file, write_chart

    request = SpcRequest(
        value_col=value_col,
        date_col=date_col,
        facet_col=facet_col,
        improvement_direction=improvement_direction,
        target=target,
        rebase=tuple(rebase or ()),
        excel_compatible=excel_compatible,
        chart_type=chart_type,
        denominator_col=denominator_col,
    )
    with handled_errors():
        result = run_spc_file(file, request)
        written = write_chart(result, chart) if chart else []
    for warning in result.warnings:
        error_console.print(f"warning: {warning}")
    if output_format is OutputFormat.json:
        print_json(result_to_dict(result))
    elif output_format is OutputFormat.csv:
        points = result.points
        print_csv(list(points.columns), points.astype(object).where(points.notna(), "").values)
    else:
        rows = [
            [
                str(s.f),
                str(s.rebase_group),
                str(s.n),
                f"{s.mean_col:.4g}",
                f"{s.lpl:.4g}",
                f"{s.upl:.4g}",
                str(s.variation_type),
                str(s.assurance_type),
            ]
            for s in result.summary.itertuples(index=False)
        ]
        header = ["series", "group", "points", "mean", "lower limit", "upper limit",
                  "variation", "assurance"]  # fmt: skip
        print_table("Making Data Count summary", header, rows, right_from=2)
        icons = ", ".join(
            f"{i.f}: {i.variation_icon}"
            + ("" if i.assurance_icon is None else f" / {i.assurance_icon}")
            for i in result.icons.itertuples(index=False)
        )
        console.print(f"Icons (variation / assurance): {icons}")
    for path in written:
        error_console.print(f"Chart written to {path}")
