"""`openbook regime pay`: agency pay as a share of the pay bill, month by month, against the
system's ceiling (the web's table and `GET /api/v1/systems/{s}/workforce-pay`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from openbook.cli.common import MonthOption, YearOption, database, parse_period
from openbook.cli.output import OutputFormat, console, handled_errors, print_json, print_table

RulesDir = Annotated[
    Path | None,
    typer.Option(
        "--rules-dir",
        envvar="OPENBOOK_REGIME_DIR",
        help="A system's own regime rules (YYYY-YY.yaml files) over the shipped ones.",
    ),
]  # as `openbook regime show` has it (cli.regime imports this module: no cycle)


def register_pay(regime_app: typer.Typer) -> None:
    regime_app.command("pay")(regime_pay)


def regime_pay(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: MonthOption,
    rules_dir: RulesDir = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Agency pay as a share of each member's and the system's pay bill (year to date),
    M1 to the month, against the ceiling: the system's agency_ceiling_pct setting, else
    last year's share less the regime's agency_reduction_pct. From 2019/20."""
    from openbook.regime.catalogue import get_regime
    from openbook.regime.pay_trend import get_pay_trend, pay_trend_to_dict
    from openbook.regime.position import require_regime_shape

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        regime = get_regime(financial_year, rules_dir)
        require_regime_shape(regime)
        trend = get_pay_trend(database(), system.upper(), financial_year, month_number, regime)
    payload = pay_trend_to_dict(trend)
    if output_format is OutputFormat.json:
        print_json(payload)
        return
    _render(payload)


def _render(payload: dict[str, Any]) -> None:
    series = [*payload["organisations"], payload["system"], *payload["associates"]]
    months = [m["month"] for m in payload["system"]["months"]]
    rows = [
        [
            s["code"] + (" (system)" if s["role"] == "system" else ""),
            *(m["agency_pct_of_pay"] or "–" for m in s["months"]),
            {True: "ABOVE", False: "no", None: "–"}[s["above_ceiling"]],
        ]
        for s in series
    ]
    title = (
        f"Agency pay, % of the pay bill (year to date), {payload['system_code']} "
        f"{payload['financial_year']} to {payload['month']}"
    )
    print_table(title, ["organisation", *months, "above ceiling"], rows)
    ceiling = payload["ceiling"]
    if ceiling["agency_pct_of_pay"] is None:
        console.print(f"No ceiling: {ceiling['label']}.")
    else:
        console.print(f"Ceiling {ceiling['agency_pct_of_pay']}%: {ceiling['label']}.")
