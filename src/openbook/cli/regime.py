"""The finance regime of each year (rules as data), and the capital, cash and workforce
return: `openbook regime list|show|template|check|submit|pay`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from openbook.regime.model.regime import Regime

from openbook.cli.output import OutputFormat, console, fail, handled_errors, print_json, print_table

RulesDirOption = Annotated[
    Path | None,
    typer.Option(
        "--rules-dir",
        envvar="OPENBOOK_REGIME_DIR",
        help="A system's own regime rules (YYYY-YY.yaml files) over the shipped ones.",
    ),
]


def register(root: typer.Typer) -> None:
    regime_app = typer.Typer(
        help="The NHS finance regime of each year; the capital, cash and workforce return.",
        no_args_is_help=True,
    )
    regime_app.command("list")(regime_list)
    regime_app.command("show")(regime_show)
    from openbook.cli.regime_return import register_return

    register_return(regime_app)
    from openbook.cli.regime_pay import register_pay

    register_pay(regime_app)
    root.add_typer(regime_app, name="regime")


def regime_list(
    rules_dir: RulesDirOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Every financial year with a regime: its name, accountable unit and tests."""
    from openbook.regime.catalogue import list_regimes
    from openbook.regime.regime_dict import regime_to_dict

    with handled_errors():
        regimes = list_regimes(rules_dir)
    if output_format is OutputFormat.json:
        print_json([regime_to_dict(r) for r in regimes])
        return
    rows = [
        [
            r.financial_year.label,
            r.name,
            r.accountable_unit.value,
            r.organisation_test.value,
            r.system_test.value,
            ", ".join(f.code for f in r.incentive_funds) or "–",
            "shipped" if r.files == (f"openbook/regime/rules/{_name(r)}",) else "local",
        ]
        for r in regimes
    ]
    print_table(
        "Finance regimes by year",
        ["year", "regime", "accountable", "organisation test", "system test", "funds", "rules"],
        rows,
        right_from=99,
    )


def _name(regime: Regime) -> str:
    from openbook.regime.file import year_file_name

    return year_file_name(regime.financial_year)


def regime_show(
    year: Annotated[str, typer.Argument(help="Financial year, e.g. 2026/27.")],
    rules_dir: RulesDirOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """One year's regime: what is measured, who is accountable, incentive funds and their
    conditions, RAG thresholds, and where each rule comes from."""
    from openbook.kernel.period import FinancialYear
    from openbook.regime.catalogue import get_regime
    from openbook.regime.regime_dict import regime_to_dict

    try:
        financial_year = FinancialYear.parse(year)
    except ValueError as error:
        fail(str(error))
    with handled_errors():
        regime = get_regime(financial_year, rules_dir)
    if output_format is OutputFormat.json:
        print_json(regime_to_dict(regime))
        return
    say = console.print
    say(f"[bold]{regime.financial_year.label}: {regime.name}[/]", highlight=False)
    say(regime.summary, highlight=False)
    say(f"Measured: {regime.measured_basis}, excluding {', '.join(regime.excludes)}.")
    say(f"Accountable: {regime.accountable_unit.label}.", highlight=False)
    say(f"Organisation test: {regime.organisation_test.label}.", highlight=False)
    say(f"System test: {regime.system_test.label}.", highlight=False)
    for fund in regime.incentive_funds:
        say(f"Fund {fund.code} ({fund.name}): {'; '.join(fund.conditions)}.", highlight=False)
    say(f"Capital envelopes: {regime.envelope_level.value} level.", highlight=False)
    say(
        f"RAG: red when the forecast is below {regime.rag.target.target_label} "
        f"(margin {regime.rag.amber_margin_pct}% of operating expenditure); amber once net "
        "risks and mitigations are applied; green otherwise.",
        highlight=False,
    )
    for rule in regime.local_rules:
        say(f"Local rule: {rule}", highlight=False)
    say("Sources:", style="dim")
    for source in regime.sources:
        say(f"  {source}", style="dim", highlight=False)
    say(f"Rules file(s): {', '.join(regime.files)}", style="dim", highlight=False)
