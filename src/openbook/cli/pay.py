"""`openbook pay`: pay by contract and agency as a share of the pay bill from the monthly
finance return, M1 to the month, against the system's agency ceiling (the pay and agency
section of the overview and organisation pages, `GET /api/v1/systems/{s}/pay-agency`).
Any year with finance returns; for 2019/20 on, `openbook regime pay` has the same share
from the capital, cash and workforce return."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import typer

from openbook.cli.common import MonthOption, YearOption, database, parse_period
from openbook.cli.output import OutputFormat, console, handled_errors, print_json, print_table
from openbook.kernel.money import format_thousands

FLAGS = {True: "ABOVE", False: "no", None: "–"}


def register(root: typer.Typer) -> None:
    root.command("pay")(pay)


def pay(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: MonthOption,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Pay YTD by contract (substantive, bank, agency) from each member's finance return,
    agency as a % of the pay bill (YTD and in the month) M1 to the month, against the
    system's agency_ceiling_pct (none when it sets none) and against the agency plan."""
    from openbook.finance.pay_agency import get_pay_agency, pay_agency_to_dict

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        report = get_pay_agency(database(), system.upper(), financial_year, month_number)
    payload = pay_agency_to_dict(report)
    if output_format is OutputFormat.json:
        print_json(payload)
        return
    _render(payload)


def _k(text: str | None) -> str:
    return "–" if text is None else format_thousands(Decimal(text))


def _render(payload: dict[str, Any]) -> None:
    series = [*payload["organisations"], payload["system"], *payload["associates"]]
    rows = []
    for s in series:
        last = s["months"][-1]
        pay = last["pay_ytd"] or {}
        rows.append(
            [
                s["code"] + (" (system)" if s["role"] == "system" else ""),
                *(_k(pay.get(c)) for c in ("substantive", "bank", "agency")),
                _k(last["agency_plan_ytd"]),
                last["agency_pct_of_pay_ytd"] or "–",
                last["agency_pct_of_pay_in_month"] or "–",
                FLAGS[s["above_ceiling"]],
                FLAGS[s["above_plan"]],
            ]
        )
    where = f"{payload['system_code']} {payload['financial_year']} {payload['month']}"
    print_table(
        f"Pay and agency, year to date (£000), {where}",
        [
            "organisation",
            "substantive",
            "bank",
            "agency",
            "agency plan",
            "agency % YTD",
            "agency % in month",
            "above ceiling",
            "above plan",
        ],
        rows,
    )
    months = [m["month"] for m in payload["system"]["months"]]
    trend = [
        [
            s["code"] + (" (system)" if s["role"] == "system" else ""),
            *(m["agency_pct_of_pay_ytd"] or "–" for m in s["months"]),
        ]
        for s in series
    ]
    print_table(
        "Agency, % of the pay bill (year to date), by month", ["organisation", *months], trend
    )
    ceiling = payload["ceiling"]
    if ceiling["agency_pct_of_pay"] is None:
        console.print(f"No ceiling: {ceiling['label'].removeprefix('no ceiling: ')}.")
    else:
        console.print(f"Ceiling {ceiling['agency_pct_of_pay']}%: {ceiling['label']}.")
