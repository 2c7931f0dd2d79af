"""`openbook activity elective-value | terms | set-terms | elective-target`: elective value
against 2019/20 and aligned payment contract terms."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any

import typer

from openbook.cli.common import YearOption, database, operator
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.config import Settings
from openbook.kernel.money import format_thousands
from openbook.kernel.period import FinancialYear, parse_month

if TYPE_CHECKING:
    from openbook.activity.elective_value import ElectiveValueReport
    from openbook.activity.model.aligned_payment import AlignedPayment

VALUE_HEADER = (
    "level",
    "provider",
    "commissioner",
    "month",
    "value",
    "baseline_value",
    "percent",
    "variation_icon",
)


def _year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ValueError as error:
        fail(str(error))


def _decimal(option: str, text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        fail(f"{option} {text!r} is not a number")


def value_rows(report: ElectiveValueReport, by_month: bool) -> list[list[Any]]:
    """The rows for CSV: year to date (month 'YTD'), or a row per month."""
    from openbook.activity.elective_value import elective_value_to_dict

    rows: list[list[Any]] = []
    for line in elective_value_to_dict(report)["lines"]:
        key = [line["level"], line["provider"] or "", line["commissioner"] or ""]
        if by_month:
            rows += [
                [*key, m["month"], m["value"], m["baseline_value"], m["percent"] or "", ""]
                for m in line["months"]
            ]
        else:
            ytd = [line["value_ytd"], line["baseline_ytd"], line["percent_ytd"] or ""]
            rows.append([*key, "YTD", *ytd, line["variation_icon"] or ""])
    return rows


def _print_value(report: ElectiveValueReport) -> None:
    from openbook.activity.model.elective_value import BASELINE_YEAR

    title = (
        f"{report.system_code} elective value, year to date (YTD) {report.financial_year.label}"
        f" to M{report.month}: % of {BASELINE_YEAR.label} at {report.financial_year.label} prices"
    )
    if report.synthetic:
        title += " (includes synthetic demonstration activity)"
    rows = [
        [
            line.provider_code or "all",
            line.commissioner_code or "all",
            format_thousands(line.value_ytd),
            format_thousands(line.baseline_ytd),
            "-" if line.percent_ytd is None else f"{line.percent_ytd}%",
            report.icons.get(line.provider_code or "system", ("", None))[0]
            if line.commissioner_code == ""
            else "",
        ]
        for line in report.lines
    ]
    header = ["provider", "commissioner", "value YTD £000", "2019/20 £000", "% YTD", "SPC"]
    print_table(title, header, rows, right_from=2)
    target = "none" if report.target is None else f"{report.target}%"
    console.print(f"Target: {target} ({report.target_source}).", highlight=False)
    if report.unpriced:
        console.print(f"Unpriced, left out: {', '.join(report.unpriced)}.", highlight=False)


def elective_value(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: Annotated[
        str | None, typer.Option("--month", "-m", help="Up to this month (default the latest).")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(help="Target % of 2019/20 (default the system's, else the national)."),
    ] = None,
    by_month: Annotated[bool, typer.Option("--by-month", help="CSV: a row per month.")] = False,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Value-weighted elective activity (ordinary, day case, first outpatient, outpatient
    procedures) at the year's prices as a % of 2019/20, per provider and commissioner."""
    from openbook.activity.elective_value import elective_value_report, elective_value_to_dict

    month_number = None
    if month is not None:
        try:
            month_number = parse_month(month)
        except ValueError as error:
            fail(str(error))
    with handled_errors():
        report = elective_value_report(
            database(),
            system.upper(),
            _year(year),
            month_number,
            target=_decimal("--target", target),
        )
    if output_format is OutputFormat.table:
        _print_value(report)
    elif output_format is OutputFormat.csv:
        print_csv(VALUE_HEADER, value_rows(report, by_month))
    else:
        print_json(elective_value_to_dict(report))


def terms(
    year: YearOption,
    provider: Annotated[str | None, typer.Option("--provider", help="One provider.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The aligned payment terms in force for the year (the latest version of each)."""
    from openbook.activity.contract_terms import list_contract_terms

    with handled_errors():
        held = list_contract_terms(database(), _year(year), provider.upper() if provider else None)
    header = [
        "commissioner",
        "provider",
        "version",
        "fixed_element",
        "elective_baseline",
        "variable_rate",
        "low_value_threshold",
        "block",
    ]
    rows = [
        [
            t.commissioner_code,
            t.provider_code,
            t.version,
            str(t.fixed_element),
            str(t.elective_baseline),
            str(t.variable_rate),
            str(t.low_value_threshold),
            "yes" if t.is_block else "no",
        ]
        for t in held
    ]
    if output_format is OutputFormat.json:
        print_json([dict(zip(header, row, strict=True)) for row in rows])
    elif output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table(f"Aligned payment terms {year}", header, [[str(c) for c in r] for r in rows])


def set_terms(
    commissioner: Annotated[str, typer.Option("--commissioner", help="ODS code, e.g. 11J.")],
    provider: Annotated[str, typer.Option("--provider", help="ODS code, e.g. RBD.")],
    year: YearOption,
    fixed: Annotated[str, typer.Option("--fixed", help="Fixed element, pounds a year.")],
    baseline: Annotated[
        str, typer.Option("--baseline", help="Elective value the fixed element funds, pounds.")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why the terms are set or changed.")],
    variable_rate: Annotated[
        str, typer.Option(help="% of unit price paid above (or taken back below) the baseline.")
    ] = "100",
    low_value_threshold: Annotated[
        str, typer.Option(help="Below this fixed element a block applies, pounds.")
    ] = "500000",
) -> None:
    """Record a new version of an aligned payment contract's terms (audited)."""
    from openbook.activity.contract_terms import record_contract_terms
    from openbook.activity.model.aligned_payment import ContractTerms

    values = [
        _decimal(option, text)
        for option, text in (
            ("--fixed", fixed),
            ("--baseline", baseline),
            ("--variable-rate", variable_rate),
            ("--low-value-threshold", low_value_threshold),
        )
    ]
    fixed_value, baseline_value, rate, threshold = (v or Decimal(0) for v in values)
    settings = Settings.from_env()
    db = database(settings)
    wanted = ContractTerms(
        commissioner.upper(),
        provider.upper(),
        _year(year),
        fixed_value,
        baseline_value,
        rate,
        threshold,
    )
    with handled_errors():
        stored = record_contract_terms(db, wanted, reason, operator(db, settings))
    kind = "a block (below the low-value threshold)" if stored.is_block else "aligned payment"
    console.print(
        f"Stored the {stored.financial_year.label} terms of {stored.commissioner_code}-"
        f"{stored.provider_code} as version {stored.version}: {kind}.",
        highlight=False,
    )


def elective_target(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    percent: Annotated[str, typer.Option("--percent", help="Target, % of 2019/20.")],
    source: Annotated[str, typer.Option("--source", help="The plan or guidance it comes from.")],
) -> None:
    """Record the system's elective value target for a year (a new version, audited)."""
    from openbook.activity.contract_terms import record_elective_target

    settings = Settings.from_env()
    db = database(settings)
    financial_year = _year(year)
    value = _decimal("--percent", percent) or Decimal(0)
    with handled_errors():
        version = record_elective_target(
            db, system.upper(), financial_year, value, source, operator(db, settings)
        )
    console.print(
        f"Stored {system.upper()}'s {financial_year.label} elective value target {value}%"
        f" as version {version}.",
        highlight=False,
    )


def print_aligned(payments: tuple[AlignedPayment, ...], month: int) -> None:
    if not payments:
        return
    rows = [
        [
            f"{p.commissioner_code}-{p.provider_code}",
            format_thousands(p.fixed),
            format_thousands(p.elective_value),
            format_thousands(p.baseline),
            format_thousands(p.variable),
            format_thousands(p.payment),
            "block" if p.block else "aligned",
        ]
        for p in payments
    ]
    print_table(
        f"Aligned payment, year to date (YTD) to M{month} (£000)",
        [
            "contract",
            "fixed YTD",
            "elective value YTD",
            "baseline YTD",
            "variable YTD",
            "payment YTD",
            "terms",
        ],
        rows,
    )


def register_value(app: typer.Typer) -> None:
    app.command("elective-value")(elective_value)
    app.command("terms")(terms)
    app.command("set-terms")(set_terms)
    app.command("elective-target")(elective_target)
