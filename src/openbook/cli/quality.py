"""`openbook quality`: the monthly quality return, CQC ratings and the system's quality report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import (
    MonthOption,
    SystemOption,
    YearOption,
    database,
    operator,
    parse_period,
    signed_in,
)
from openbook.cli.output import (
    OutputFormat,
    console,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.config import Settings
from openbook.kernel.period import month_label

quality_app = typer.Typer(
    help="Quality: monthly quality returns, CQC ratings, funnels and SPC across providers.",
    no_args_is_help=True,
)
FileArgument = Annotated[Path, typer.Argument(help="A quality return, .csv or .xlsx.")]


def register(root: typer.Typer) -> None:
    root.add_typer(quality_app, name="quality")


@quality_app.command("template")
def template(
    org: Annotated[str, typer.Option("--org", help="ODS code of the provider, e.g. RBD.")],
    year: YearOption,
    month: MonthOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .csv file to write.")],
) -> None:
    """Write a blank quality return: one row per measure, the counts to fill in."""
    from openbook.quality.file import template_csv

    financial_year, month_number = parse_period(year, month)
    output.write_text(template_csv(org.upper(), financial_year, month_number), encoding="utf-8")
    label = f"{org.upper()} {financial_year.label} {month_label(month_number)}"
    console.print(f"Wrote {output} for {label}.")


@quality_app.command("check")
def check(file: FileArgument) -> None:
    """Validate a quality return without storing it (exit 1 with every problem)."""
    from openbook.quality.submit import check_quality_return, read_file

    db = database()
    with handled_errors():
        parsed = check_quality_return(db, *read_file(file))
    label = f"{parsed.org_code} {parsed.year.label} {month_label(parsed.month)}"
    console.print(
        f"{file.name} is a valid quality return for {label} ({len(parsed.lines)} measures)."
    )


@quality_app.command("submit")
def submit(file: FileArgument) -> None:
    """Validate and store a quality return as a new version, as the signed-in submitter."""
    from openbook.quality.submit import read_file, submit_quality_return

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        result = submit_quality_return(db, *read_file(file), signed_in(db, settings))
    r = result.quality_return
    label = f"{r.org_code} {r.year.label} {month_label(r.month)}"
    if result.created:
        console.print(f"Stored the quality return {label} as version {result.version}.")
    else:
        console.print(f"{label} is identical to version {result.version}; nothing new stored.")


@quality_app.command("load-ratings")
def load_ratings(
    file: Annotated[Path, typer.Argument(help="CQC ratings, .csv or .xlsx (sheet Ratings).")],
) -> None:
    """Record published CQC ratings (org_code, published, rating, source); all or nothing."""
    from openbook.quality.submit import read_file, record_ratings

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        new = record_ratings(db, *read_file(file), operator(db, settings))
    console.print(f"Recorded {new} new rating(s) from {file.name}.")


@quality_app.command("report")
def report(
    system: SystemOption,
    year: YearOption,
    month: MonthOption,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Each provider's quality measures for a month: value, SPC icons, funnel position."""
    from openbook.quality.metrics import format_value
    from openbook.quality.report import quality_report
    from openbook.quality.report_json import report_json

    financial_year, month_number = parse_period(year, month)
    db = database()
    with handled_errors():
        result = quality_report(db, system.upper(), financial_year, month_number)
    if output_format is OutputFormat.json:
        print_json(report_json(result))
        return
    header = ["Provider", "Measure", "Value", "Unit", "Months", "Variation", "Assurance"]
    header.append("Funnel")
    rows = [
        (
            kpi.org_code,
            kpi.measure.name,
            format_value(kpi.measure, kpi.value),
            kpi.measure.unit,
            str(kpi.points),
            kpi.variation_words,
            kpi.assurance_words,
            kpi.funnel_words,
        )
        for kpi in result.kpis
    ]
    if output_format is OutputFormat.csv:
        print_csv(header, rows)
        return
    label = f"{result.system_code} {financial_year.label} {month_label(month_number)}"
    print_table(f"Quality, {label}", header, rows, right_from=2)
    if result.missing:
        console.print(f"No quality return yet from: {', '.join(result.missing)}.")
    for org_code in result.rated:
        rating = result.latest_rating(org_code)
        if rating is not None:
            console.print(f"{org_code}: CQC {rating.rating.label} ({rating.published:%d %b %Y})")
