"""Challenging forecasts: `openbook run-rate` (each forecast against its run rate and last
year's phasing) and `openbook bridge` (what moved the forecast since last month)."""

from __future__ import annotations

from decimal import Decimal
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

SystemOption = Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f")]
RUN_RATE_HEADER = [
    "Org",
    "YTD actual",
    "Run rate a month",
    "Run-rate outturn",
    "Phased outturn",
    "Forecast",
    "Needed a month",
    "Change a month",
    "Threshold",
    "Flag",
]


def register(root: typer.Typer) -> None:
    root.command("run-rate")(run_rate)
    root.command("bridge")(bridge)


def _k(value: Decimal | None) -> str:
    return "–" if value is None else format_thousands(value)


def run_rate(
    system: SystemOption,
    year: YearOption,
    month: MonthOption,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Each forecast outturn against the year-to-date run rate extrapolated and last year's
    phasing; flags a forecast whose remaining months must beat the run rate by more than the
    threshold (the system's rule settings, docs/positions.md)."""
    from openbook.finance.rules import FinanceRules
    from openbook.finance.run_rate import (
        describe_run_rate_challenge,
        get_run_rate_challenges,
        run_rate_report_to_dict,
        thresholds_from_settings,
    )
    from openbook.governance.config import get_provider_settings

    financial_year, month_number = parse_period(year, month)
    db = database()
    with handled_errors():
        settings = get_provider_settings(db, system.upper(), FinanceRules())
        report = get_run_rate_challenges(
            db, system.upper(), financial_year, month_number, thresholds_from_settings(settings)
        )
    data = run_rate_report_to_dict(report)
    if output_format is OutputFormat.json:
        print_json(data)
        return
    if output_format is OutputFormat.csv:
        keys = list(data["organisations"][0]) if data["organisations"] else []
        print_csv(keys, [[row[k] for k in keys] for row in data["organisations"]])
        return
    rows = [
        [
            c.code,
            _k(c.ytd_actual),
            _k(c.monthly_run_rate),
            _k(c.run_rate_outturn),
            _k(c.phased_outturn),
            _k(c.forecast_outturn),
            _k(c.needed_per_month),
            _k(c.required_change_per_month),
            _k(c.threshold),
            "FLAG" if c.flagged else "",
        ]
        for c in report.challenges
    ]
    title = f"{report.system_code} {financial_year.label} M{month_number}: run-rate challenge"
    print_table(f"{title} (£000)", RUN_RATE_HEADER, rows, right_from=1)
    console.print(describe_run_rate_challenge(report))


def bridge(
    system: SystemOption,
    year: YearOption,
    month: MonthOption,
    org: Annotated[
        str | None,
        typer.Option("--org", help="One organisation (ODS code), by line; default the system."),
    ] = None,
    by_line: Annotated[
        bool, typer.Option("--by-line", help="For the system: by line instead of by partner.")
    ] = False,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """From last month's forecast outturn to this month's: the system by partner (or
    --by-line), or one organisation (--org) by line. The steps add up to the change between
    the two months' positions."""
    from openbook.finance.bridge import bridge_to_dict, get_forecast_bridge

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        found = get_forecast_bridge(database(), system.upper(), financial_year, month_number)
        chosen = (
            (found.system_by_line if by_line else found.system)
            if org is None
            else found.bridge_for(org.upper())
        )
    data = bridge_to_dict(chosen)
    if output_format is OutputFormat.json:
        print_json(data)
        return
    if output_format is OutputFormat.csv:
        print_csv(
            ["code", "label", "amount"],
            [[s["code"], s["label"], s["amount"]] for s in data["steps"]],
        )
        return
    rows = [
        [f"Forecast outturn at M{chosen.month - 1}", "", _k(chosen.start)],
        *[[s.label, s.code, _k(s.amount)] for s in chosen.steps],
        [f"Forecast outturn at M{chosen.month}", "", _k(chosen.end)],
    ]
    title = f"{chosen.code} {chosen.name}: forecast bridge M{chosen.month - 1} to M{chosen.month}"
    print_table(f"{title} (£000)", ["Step", "Code", "Change"], rows, right_from=2)
