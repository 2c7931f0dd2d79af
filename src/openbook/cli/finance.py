"""Finance returns and positions: template, check, submit, history, position; closing months."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import MonthOption, YearOption, database, parse_period, signed_in
from openbook.cli.output import (
    OutputFormat,
    console,
    error_console,
    fail,
    handled_errors,
    print_json,
    print_table,
)
from openbook.config import Settings
from openbook.kernel.clock import parse_as_at
from openbook.kernel.money import format_thousands
from openbook.kernel.period import FinancialYear, month_label


def register(root: typer.Typer) -> None:
    root.command("template")(template)
    root.command("check")(check)
    root.command("submit")(submit)
    root.command("history")(history)
    root.command("position")(position)
    root.command("trend")(trend)
    period_app = typer.Typer(help="Open and closed months.", no_args_is_help=True)
    period_app.command("close")(period_close)
    period_app.command("reopen")(period_reopen)
    root.add_typer(period_app, name="period")


def template(
    org: Annotated[str, typer.Option("--org", help="ODS code of the organisation, e.g. RBD.")],
    year: YearOption,
    month: MonthOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .csv or .xlsx.")],
) -> None:
    """Write a blank monthly finance return, pre-filled with the lines and agreed plan."""
    from openbook.finance.template import write_template

    financial_year, month_number = parse_period(year, month)
    db = database()
    with handled_errors():
        count = write_template(db, org.upper(), financial_year, month_number, output)
    console.print(
        f"Wrote {output} ({count} lines) for {org.upper()} {financial_year.label} "
        f"{month_label(month_number)}."
    )


def check(file: Annotated[Path, typer.Argument(help="A return, .csv or .xlsx.")]) -> None:
    """Validate a return without storing it. Exit 1 and every problem if it is not valid."""
    from openbook.finance.submit import check_return_file

    db = database()
    with handled_errors():
        parsed = check_return_file(db, file)
    console.print(
        f"{file.name} is a valid return for {parsed.org_code} "
        f"{parsed.financial_year.label} {month_label(parsed.month)} "
        f"({len(parsed.lines)} lines, {len(parsed.risks)} risks and mitigations)."
    )


def submit(file: Annotated[Path, typer.Argument(help="A return, .csv or .xlsx.")]) -> None:
    """Validate and store a return as a new version; nothing is stored unless it is valid."""
    from openbook.finance.submit import submit_return_file

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        result = submit_return_file(db, file, signed_in(db, settings))
    r, v = result.finance_return, result.version
    label = f"{r.org_code} {r.financial_year.label} {month_label(r.month)}"
    if result.created:
        console.print(f"Stored {label} as version {v.version}.")
    else:
        console.print(f"{label} is identical to version {v.version}; nothing new was stored.")


def history(
    org: Annotated[str, typer.Option("--org", help="ODS code, e.g. RBD.")],
    year: YearOption,
    month: MonthOption,
    version: Annotated[
        int | None, typer.Option(help="With --output: this version (default the latest).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write a version as a return file, .csv or .xlsx."),
    ] = None,
) -> None:
    """Every version of an organisation's return for a month; earlier versions stay."""
    from openbook.finance.model.account import CONTROL_TOTAL_LINE
    from openbook.finance.submit import export_return, list_history

    financial_year, month_number = parse_period(year, month)
    db = database()
    if output is not None:
        with handled_errors():
            data, chosen = export_return(
                db, org.upper(), financial_year, month_number, output.suffix.lower(), version
            )
        output.write_bytes(data)
        console.print(f"Wrote version {chosen.version} to {output}.")
        return
    versions = list_history(db, org.upper(), financial_year, month_number)
    if not versions:
        fail(f"no returns for {org.upper()} {financial_year.label} {month_label(month_number)}")
    rows = [
        [
            str(v.version),
            v.submitted_at.strftime("%Y-%m-%d %H:%M"),
            v.submitted_by,
            v.source_name,
            format_thousands(r.amount(CONTROL_TOTAL_LINE, "actual_ytd")),
            format_thousands(r.amount(CONTROL_TOTAL_LINE, "forecast_outturn")),
            v.content_hash[:12],
        ]
        for v, r in versions
    ]
    title = f"{org.upper()} {financial_year.label} {month_label(month_number)}"
    print_table(
        f"{title}: return versions (£000)",
        ["version", "submitted", "by", "file", "YTD actual", "forecast", "hash"],
        rows,
        right_from=4,
    )


def position(
    year: YearOption,
    month: MonthOption,
    system: Annotated[str | None, typer.Option("--system", help="System code, e.g. QVV.")] = None,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", help="A cluster of systems viewed as one, e.g. DSW."),
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write the table to a .csv or .xlsx file."),
    ] = None,
    as_at: Annotated[
        str | None,
        typer.Option(
            "--as-at",
            help="As it was known then: a date (its end) or a time, e.g. 2018-05-01.",
        ),
    ] = None,
    rules_dir: Annotated[
        Path | None,
        typer.Option(
            "--rules-dir",
            envvar="OPENBOOK_REGIME_DIR",
            help="A system's own regime rules (YYYY-YY.yaml files) over the shipped ones.",
        ),
    ] = None,
) -> None:
    """Each organisation's and the system's position against control total: as it stands, or
    as it was known at --as-at (the return versions, control totals and transfers recorded
    by then). Read under the year's finance regime (`openbook regime show YEAR`): from
    2019/20 the JSON adds the regime's tests and each organisation's capital, cash and
    workforce."""
    from openbook.cli.position_view import render_position
    from openbook.finance.position_report import get_system_position, render_position_file
    from openbook.regime.catalogue import get_regime
    from openbook.regime.model.regime import PositionShape
    from openbook.regime.position import get_regime_position

    financial_year, month_number = parse_period(year, month)
    try:
        moment = None if as_at is None else parse_as_at(as_at)
    except ValueError as error:
        fail(f"--as-at: {error}")
    if (system is None) == (cluster is None):
        fail("give one of --system (e.g. QVV) or --cluster (e.g. DSW)")
    if cluster is not None:
        _cluster_position(cluster, financial_year, month_number, output_format, moment)
        return
    system = str(system)
    with handled_errors():
        regime = get_regime(financial_year, rules_dir)
        db = database()
        report = get_system_position(db, system.upper(), financial_year, month_number, moment)
        if output is not None:
            output.write_bytes(render_position_file(report, output.suffix.lower()))
        extended = None
        if regime.position_shape is PositionShape.REGIME and output_format is not OutputFormat.csv:
            extended = get_regime_position(
                db, system.upper(), financial_year, month_number, regime, moment
            )
    if extended is not None and output_format is OutputFormat.json:
        print_json(extended)
    else:
        render_position(report, output_format)
        if extended is not None:
            from openbook.cli.regime_view import render_regime_position

            render_regime_position(extended)
    if output is not None:
        error_console.print(f"Wrote {output}.")


def _cluster_position(
    cluster: str,
    year: FinancialYear,
    month: int,
    output_format: OutputFormat,
    moment: datetime | None,
) -> None:
    from openbook.cli.cluster import render_cluster_position
    from openbook.regime.cluster_position import get_cluster_position

    if output_format is OutputFormat.csv:
        fail("--format csv is for a system; a cluster's position is a table or json")
    with handled_errors():
        report = get_cluster_position(database(), cluster.upper(), year, month, moment)
    render_cluster_position(report, output_format is OutputFormat.json)


def trend(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: MonthOption,
    org: Annotated[
        str | None, typer.Option("--org", help="One organisation (ODS code); default the system.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Month by month from M1 to --month: forecast outturn, gap to control total, YTD
    variance and run rate (YTD actual extrapolated to twelve months), each month as its
    position stood."""
    from openbook.cli.trend_view import render_trend
    from openbook.finance.trend import get_trends

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        trends = get_trends(database(), system.upper(), financial_year, month_number)
    wanted = trends[0].code if org is None else org.upper()
    chosen = [t for t in trends if t.code == wanted]
    if not chosen:
        known = ", ".join(t.code for t in trends[1:])
        fail(f"--org: {wanted} is not a member of {system.upper()} (members: {known})")
    render_trend(chosen[0], financial_year, output_format)


def period_close(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: MonthOption,
) -> None:
    """Close a month for a system: no more returns can be submitted for it."""
    from openbook.finance.period_close import close_period

    financial_year, month_number = parse_period(year, month)
    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        closed = close_period(
            db, system.upper(), financial_year, month_number, signed_in(db, settings)
        )
    label = f"{system.upper()} {financial_year.label} {month_label(month_number)}"
    console.print(f"Closed {label}." if closed else f"{label} was already closed.")


def period_reopen(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: MonthOption,
    reason: Annotated[str, typer.Option(help="Why the month is reopened (audited).")],
) -> None:
    """Reopen a closed month (the system finance lead): returns can be submitted again."""
    from openbook.finance.period_close import reopen_period

    financial_year, month_number = parse_period(year, month)
    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        reopened = reopen_period(
            db, system.upper(), financial_year, month_number, reason, signed_in(db, settings)
        )
    label = f"{system.upper()} {financial_year.label} {month_label(month_number)}"
    console.print(f"Reopened {label}." if reopened else f"{label} was not closed.")
