"""`openbook activity`: load activity, set plans and prices, report against the ambition."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from openbook.activity.model.activity import POINTS_OF_DELIVERY, PlanBasis
from openbook.cli.activity_value import register_value
from openbook.cli.activity_view import print_report, report_rows
from openbook.cli.common import YearOption, database, operator, parse_period
from openbook.cli.output import (
    OutputFormat,
    console,
    error_console,
    fail,
    handled_errors,
    print_csv,
    print_json,
)
from openbook.config import Settings
from openbook.kernel.period import FinancialYear, parse_month

if TYPE_CHECKING:
    from openbook.activity.load import LoadResult
    from openbook.kernel.database import Database


class LoadKindOption(StrEnum):
    ae = "ae"
    return_ = "return"
    extract = "extract"


activity_app = typer.Typer(
    help="Activity by point of delivery: load, plan, price and report.", no_args_is_help=True
)


def register(root: typer.Typer) -> None:
    root.add_typer(activity_app, name="activity")


def _year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ValueError as error:
        fail(str(error))


@activity_app.command("load")
def load(
    file: Annotated[
        Path,
        typer.Argument(
            help="The file: .csv, .xlsx or (extract) .parquet, or (extract) a folder "
            "partitioned by month, month=YYYY-MM/*.parquet, loaded incrementally."
        ),
    ],
    kind: Annotated[
        LoadKindOption,
        typer.Option(
            "--kind",
            help="ae: NHS England's A&E file; return: a provider's activity return; "
            "extract: a patient-level extract.",
        ),
    ],
    org: Annotated[
        list[str] | None,
        typer.Option("--org", help="ae only: load just this trust (repeatable); default all."),
    ] = None,
) -> None:
    """Check a file whole and store its monthly counts; nothing is stored unless all is valid."""
    from openbook.activity import load as activity_load

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        if kind is LoadKindOption.ae:
            orgs = frozenset(code.upper() for code in org) if org else None
            result = activity_load.load_ae_file(db, file, operator(db, settings), org_codes=orgs)
        elif kind is LoadKindOption.return_:
            result = activity_load.load_activity_return(db, file, operator(db, settings))
        else:
            loaded = _load_extract(db, file, settings)
            if loaded is None:
                return
            result = loaded
    s = result.summary
    months = (
        f"{result.first_month:%b %Y} to {result.last_month:%b %Y}" if result.first_month else "-"
    )
    console.print(
        f"Loaded {file.name}: {s.rows:,} monthly counts for {len(result.providers)} provider(s),"
        f" {months}: {s.added:,} new, {s.changed:,} changed (earlier values kept),"
        f" {s.unchanged:,} unchanged."
    )


def _load_extract(db: Database, file: Path, settings: Settings) -> LoadResult | None:
    """A file extract, or a folder partitioned by month read incrementally (its months
    read, skipped and changed printed first); None when no month needed reading."""
    from openbook.activity.load import load_extract
    from openbook.activity.partitioned_load import load_partitioned_extract
    from openbook.cli.activity_partitions import print_partitions

    with Progress(
        TextColumn("aggregating {task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(file.name, total=100)
        by = operator(db, settings)

        def advance(done: float) -> None:
            progress.update(task, completed=done)

        if not file.is_dir():
            return load_extract(db, file, by, progress=advance)
        loaded = load_partitioned_extract(db, file, by, progress=advance)
    print_partitions(loaded)
    return loaded.result


@activity_app.command("report")
def report(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: Annotated[
        str | None, typer.Option("--month", "-m", help="Up to this month (default the latest).")
    ] = None,
    provider: Annotated[str | None, typer.Option("--provider", help="One provider.")] = None,
    pod: Annotated[
        str | None,
        typer.Option("--pod", help=f"One point of delivery: {', '.join(POINTS_OF_DELIVERY)}."),
    ] = None,
    by_month: Annotated[
        bool, typer.Option("--by-month", help="A row per month instead of year to date.")
    ] = False,
    flag_percent: Annotated[
        str, typer.Option(help="Flag year-to-date activity this % or more above plan.")
    ] = "2.0",
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    charts: Annotated[
        Path | None,
        typer.Option(help="Also draw each series' SPC chart, as DIR/<provider>-<pod>.svg."),
    ] = None,
) -> None:
    """Activity against plan per provider and point of delivery, with SPC icons, flags and
    shadow Payment by Results against the fixed contracts."""
    from openbook.activity.report import activity_report, activity_report_to_dict

    financial_year = _year(year)
    month_number = None
    if month is not None:
        try:
            month_number = parse_month(month)
        except ValueError as error:
            fail(str(error))
    if pod is not None and pod not in POINTS_OF_DELIVERY:
        fail(f"unknown point of delivery {pod!r}", hint=", ".join(POINTS_OF_DELIVERY))
    try:
        threshold = Decimal(flag_percent)
    except InvalidOperation:
        fail(f"--flag-percent {flag_percent!r} is not a number")
    db = database()
    with handled_errors():
        result = activity_report(
            db,
            system.upper(),
            financial_year,
            month_number,
            provider=provider.upper() if provider else None,
            pod=pod,
            flag_percent=threshold,
        )
    if charts is not None:
        _write_charts(charts, system.upper(), financial_year, result.month, provider, pod)
    if output_format is OutputFormat.table:
        print_report(result, by_month)
        return
    header, rows = report_rows(result, by_month)
    if output_format is OutputFormat.csv:
        print_csv(header, rows)
        return
    print_json(activity_report_to_dict(result))


def _write_charts(
    folder: Path,
    system: str,
    year: FinancialYear,
    month: int,
    provider: str | None,
    pod: str | None,
) -> None:
    from openbook.activity.report import activity_series_charts, render_chart_svg

    with handled_errors():
        drawn = activity_series_charts(
            database(),
            system,
            year,
            month,
            provider=provider.upper() if provider else None,
            pod=pod,
        )
        folder.mkdir(parents=True, exist_ok=True)
        for chart in drawn:
            path = folder / f"{chart.provider_code}-{chart.pod}.svg"
            path.write_text(render_chart_svg(chart.spec), encoding="utf-8")
    error_console.print(f"Drew {len(drawn)} SPC chart(s) in {folder}.")


@activity_app.command("plan")
def plan(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    basis: Annotated[
        PlanBasis,
        typer.Option(help="flat: same month last year; growth: last year plus --growth %."),
    ] = PlanBasis.FLAT,
    growth: Annotated[str, typer.Option(help="Growth % for --basis growth, e.g. 2.5.")] = "0",
) -> None:
    """Set every provider's monthly plan from last year's actual activity."""
    from openbook.activity.load import set_plans

    try:
        growth_percent = Decimal(growth)
    except InvalidOperation:
        fail(f"--growth {growth!r} is not a number")
    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        result = set_plans(
            db, system.upper(), _year(year), basis, operator(db, settings), growth_percent
        )
    s = result.summary
    console.print(
        f"Planned {result.source}: {s.rows:,} monthly plans, {s.added:,} new,"
        f" {s.changed:,} changed (earlier plans kept), {s.unchanged:,} unchanged."
    )


@activity_app.command("prices")
def prices(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX with columns pod, price (pounds).")],
    year: YearOption,
) -> None:
    """Load the price per point of delivery used for shadow Payment by Results."""
    from openbook.activity.load import load_prices

    settings = Settings.from_env()
    db = database(settings)
    financial_year = _year(year)
    with handled_errors():
        version = load_prices(db, file, financial_year, operator(db, settings))
    console.print(f"Stored {financial_year.label} prices from {file.name} as version {version}.")


@activity_app.command("template")
def template(
    provider: Annotated[str, typer.Option("--provider", help="ODS code, e.g. RBD.")],
    year: YearOption,
    month: Annotated[str, typer.Option("--month", "-m", help="M1-M12 (M1 is April).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .csv or .xlsx.")],
) -> None:
    """Write a blank monthly activity return for a provider."""
    from openbook.activity.template import write_activity_template

    financial_year, month_number = parse_period(year, month)
    db = database()
    with handled_errors():
        count = write_activity_template(db, provider.upper(), financial_year, month_number, output)
    console.print(f"Wrote {output} ({count} rows) for {provider.upper()} {financial_year.label}.")


@activity_app.command("generate-extract")
def generate_extract(
    rows: Annotated[int, typer.Option("--rows", help="Number of rows (attendances and spells).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File: .parquet or .csv.")],
    year: Annotated[str, typer.Option("--year", "-y", help="First financial year.")] = "2018/19",
    years: Annotated[int, typer.Option(help="Number of financial years covered.")] = 1,
    seed: Annotated[int, typer.Option(help="The same seed gives the same file.")] = 2018,
) -> None:
    """Write a synthetic patient-level extract of Dorset acute activity (clearly synthetic)."""
    from openbook.activity.generate_extract import generate_synthetic_extract

    if rows < 0 or years < 1:
        fail("--rows must be 0 or more and --years 1 or more")
    with handled_errors():
        generate_synthetic_extract(output, rows, _year(year), years, seed)
    console.print(f"Wrote {rows:,} synthetic rows to {output}.")


@activity_app.command("cube")
def cube_command(
    file: Annotated[
        str,
        typer.Argument(
            help="A patient-level extract: .parquet, .csv, a folder of .parquet, or (Spark) a "
            "cluster's URI such as s3a://bucket/extract/."
        ),
    ],
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (one machine) or spark (local or a cluster).")
    ] = "duckdb",
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """The provider x commissioner x point of delivery x month cube of an extract, without
    storing it: the same query on DuckDB or on Apache Spark (docs/scale.md)."""
    from datetime import UTC, datetime

    from openbook.activity.cube import (
        CUBE_COLUMNS,
        Engine,
        cube_document,
        cube_rows,
        extract_cube,
        source_name,
    )

    try:
        chosen = Engine(engine.lower())
    except ValueError:
        fail(f"--engine must be duckdb or spark; found {engine!r}")
    with handled_errors():
        cube = extract_cube(file, chosen, datetime.now(UTC).date())
    if output_format is OutputFormat.json:
        print_json(cube_document(cube, source_name(file), chosen))
    elif output_format is OutputFormat.csv:
        print_csv(CUBE_COLUMNS, cube_rows(cube))
    else:
        from openbook.cli.output import print_table

        rows = [[*map(str, r[:4]), f"{r[4]:,}"] for r in cube_rows(cube)]
        print_table(
            f"{source_name(file)} on {chosen.value}", list(CUBE_COLUMNS), rows, right_from=4
        )
        console.print(f"{sum(r.rows for r in cube):,} rows in {len(cube):,} cells.")


register_value(activity_app)  # elective-value, terms, set-terms, elective-target
