"""`openbook return-diff`: what changed between two versions of an organisation's return."""

from __future__ import annotations

from typing import Annotated

import typer

from openbook.cli.common import MonthOption, YearOption, database, parse_period
from openbook.cli.output import (
    OutputFormat,
    console,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.kernel.money import format_thousands

HEADER = ["line_code", "column", "before", "after", "change"]


def register(root: typer.Typer) -> None:
    root.command("return-diff")(return_diff)


def return_diff(
    org: Annotated[str, typer.Option("--org", help="ODS code, e.g. RD3.")],
    year: YearOption,
    month: MonthOption,
    from_version: Annotated[
        int | None, typer.Option("--from", help="The earlier version (default: the one before).")
    ] = None,
    to_version: Annotated[
        int | None, typer.Option("--to", help="The later version (default: the latest).")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Every amount that changed between two versions of a month's return, line by line,
    and the risks and mitigations added, removed or changed."""
    from openbook.finance.version_diff import diff_versions

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        diff = diff_versions(
            database(), org.upper(), financial_year, month_number, from_version, to_version
        )
    data = diff.as_dict()
    if output_format is OutputFormat.json:
        print_json(data)
        return
    rows = [[c[k] for k in HEADER] for c in data["lines"]]
    if output_format is OutputFormat.csv:
        print_csv(HEADER, rows)
        return
    title = (
        f"{diff.org_code} {diff.financial_year.label} M{diff.month}: version "
        f"{diff.before.version} → {diff.after.version} (£000)"
    )
    print_table(
        title,
        ["line", "column", "before", "after", "change"],
        [
            [c.line_code, c.column, *(format_thousands(v) for v in (c.before, c.after, c.change))]
            for c in diff.lines
        ],
        right_from=2,
    )
    if not diff.lines:
        console.print("No amount changed.")
    for r in diff.risks:
        console.print(f"Risk {r.ref}: {r.what}.")
