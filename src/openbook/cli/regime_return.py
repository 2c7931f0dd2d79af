"""`openbook regime template|check|submit|history`: the capital, cash and workforce return."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import MonthOption, YearOption, database, parse_period, signed_in
from openbook.cli.output import console, fail, handled_errors, print_table
from openbook.config import Settings
from openbook.kernel.money import format_thousands
from openbook.kernel.period import month_label


def register_return(regime_app: typer.Typer) -> None:
    regime_app.command("template")(ccw_template)
    regime_app.command("check")(ccw_check)
    regime_app.command("submit")(ccw_submit)
    regime_app.command("history")(ccw_history)
    regime_app.command("lineage")(lineage)


def ccw_template(
    org: Annotated[str, typer.Option("--org", help="ODS code of the organisation, e.g. RBD.")],
    year: YearOption,
    month: MonthOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .csv or .xlsx.")],
) -> None:
    """Write a blank capital, cash and workforce return (capital by category and funding
    source, envelope; cash and BPPC; WTE and pay by substantive, bank and agency)."""
    from openbook.regime.ccw_submit import write_ccw_template

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        count = write_ccw_template(database(), org.upper(), financial_year, month_number, output)
    console.print(
        f"Wrote {output} ({count} lines) for {org.upper()} {financial_year.label} "
        f"{month_label(month_number)}."
    )


def ccw_check(file: Annotated[Path, typer.Argument(help="A CCW return, .csv or .xlsx.")]) -> None:
    """Validate a capital, cash and workforce return without storing it (exit 1 and every
    problem if it is not valid)."""
    from openbook.regime.ccw_submit import check_ccw_file

    db = database()
    with handled_errors():
        parsed = check_ccw_file(db, file)
    console.print(
        f"{file.name} is a valid capital, cash and workforce return for {parsed.org_code} "
        f"{parsed.financial_year.label} {month_label(parsed.month)} ({len(parsed.lines)} lines)."
    )


def ccw_submit(file: Annotated[Path, typer.Argument(help="A CCW return, .csv or .xlsx.")]) -> None:
    """Validate and store a capital, cash and workforce return as a new version (audited);
    nothing is stored unless it is valid."""
    from openbook.regime.ccw_submit import submit_ccw_file

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        result = submit_ccw_file(db, file, signed_in(db, settings))
    r, v = result.ccw_return, result.version
    label = f"{r.org_code} {r.financial_year.label} {month_label(r.month)} CCW return"
    if result.created:
        console.print(f"Stored {label} as version {v.version}.")
    else:
        console.print(f"{label} is identical to version {v.version}; nothing new was stored.")


def ccw_history(
    org: Annotated[str, typer.Option("--org", help="ODS code, e.g. RBD.")],
    year: YearOption,
    month: MonthOption,
) -> None:
    """Every version of an organisation's capital, cash and workforce return for a month."""
    from openbook.regime.ccw_submit import list_ccw_history
    from openbook.regime.model.ccw import CASH_LINE, ENVELOPE_LINE

    financial_year, month_number = parse_period(year, month)
    versions = list_ccw_history(database(), org.upper(), financial_year, month_number)
    title = f"{org.upper()} {financial_year.label} {month_label(month_number)}"
    if not versions:
        fail(f"no capital, cash and workforce returns for {title}")
    rows = [
        [
            str(v.version),
            v.submitted_at.strftime("%Y-%m-%d %H:%M"),
            v.submitted_by,
            v.source_name,
            format_thousands(r.amount(ENVELOPE_LINE, "plan")),
            format_thousands(r.amount(CASH_LINE, "actual")),
            v.content_hash[:12],
        ]
        for v, r in versions
    ]
    print_table(
        f"{title}: CCW return versions (£000)",
        ["version", "submitted", "by", "file", "envelope", "cash", "hash"],
        rows,
        right_from=4,
    )


def lineage(
    org: Annotated[str, typer.Option("--org", help="ODS code, e.g. R0D.")],
    year: YearOption,
) -> None:
    """An organisation's year month by month joined to its predecessors' (R0D's 2020/21:
    RD3 and RDZ to September, R0D from October), each month counted once (£000)."""
    from openbook.kernel.period import FinancialYear
    from openbook.regime.lineage import get_joined_history

    try:
        financial_year = FinancialYear.parse(year)
    except ValueError as error:
        fail(str(error))
    with handled_errors():
        history = get_joined_history(database(), org.upper(), [financial_year])
    rows = [
        [
            month_label(h.month),
            " + ".join(h.reported_by) or "–",
            format_thousands(h.in_month),
            ", ".join(h.missing) or "",
        ]
        for h in history
    ]
    print_table(
        f"{org.upper()} {financial_year.label} with its predecessors: in-month surplus (£000)",
        ["month", "reported by", "in month", "no return"],
        rows,
        right_from=2,
    )
