"""`openbook rebalance`: year-end transfers and control-total rebalancing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from openbook.cli.common import database, parse_period, signed_in
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_json,
    print_table,
)
from openbook.kernel.error import OpenbookError
from openbook.kernel.money import format_thousands, parse_money
from openbook.rebalancing.file import Limits, parse_limits


def register(root: typer.Typer) -> None:
    group = typer.Typer(
        help="Move money or control totals so everyone gets over the line.", no_args_is_help=True
    )
    group.command("transfers")(rebalance_transfers)
    group.command("control-totals")(rebalance_control_totals)
    root.add_typer(group, name="rebalance")


ScenarioArg = Annotated[
    Path | None,
    typer.Argument(help="A scenario file (JSON, see docs/rebalance.md); or use --system."),
]
SystemOpt = Annotated[
    str | None, typer.Option("--system", help="Solve on the stored positions of this system.")
]
YearOpt = Annotated[str | None, typer.Option("--year", "-y", help="With --system: e.g. 2017/18.")]
MonthOpt = Annotated[str | None, typer.Option("--month", "-m", help="With --system: M1-M12.")]
AcknowledgeOpt = Annotated[
    bool,
    typer.Option(
        "--acknowledge-worse",
        help="With --propose: you have seen that it leaves partners worse off (a worse RAG, "
        "more funding at risk) and propose it anyway.",
    ),
]
ProposeOpt = Annotated[
    bool,
    typer.Option(
        "--propose", help="With --system: record the answer as a proposal for joint decision."
    ),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f")]
MaterialityOpt = Annotated[
    str | None,
    typer.Option(
        "--materiality",
        help="Propose no change below this many pounds (default: the system's setting, "
        "else 100000; 0 to propose any).",
    ),
]


def _limits(
    max_give: list[str] | None, max_take_on: list[str] | None, materiality: str | None
) -> Limits:
    amount = None
    if materiality is not None:
        amount = parse_money(materiality)
        if amount is None or amount < 0:
            fail(f"--materiality {materiality!r} is not an amount of pounds, zero or more")
    try:
        return Limits(
            parse_limits(",".join(max_give or []), "--max-give"),
            parse_limits(",".join(max_take_on or []), "--max-take-on"),
            amount,
        )
    except OpenbookError as error:
        fail(error.message)


def _stored(system: str | None, year: str | None, month: str | None, scenario: Path | None) -> bool:
    if (scenario is None) == (system is None):
        fail("give a scenario file or --system (with --year and --month), not both")
    if system is not None and (year is None or month is None):
        fail("--system needs --year and --month")
    return system is not None


def _k(text: str) -> str:
    return format_thousands(Decimal(text))


def _print_transfers(result: dict[str, Any]) -> None:
    rows = [
        [
            o["org_code"],
            _k(o["position_before"]),
            _k(o["position_after"]),
            _k(o["control_total"]),
            "yes" if o["meets_control_total"] else "NO",
            _k(o["sustainability_funding_earned"]),
        ]
        for o in result["organisations"]
    ]
    print_table(
        f"Year-end transfers {result['financial_year']}: {result['status']} (£000)",
        ["Org", "Before", "After", "Control total", "Meets", "Funding earned"],
        rows,
    )
    for line in result["explanation"]:
        console.print(f"· {line}", highlight=False)


def rebalance_transfers(
    scenario: ScenarioArg = None,
    system: SystemOpt = None,
    year: YearOpt = None,
    month: MonthOpt = None,
    min_transfer: Annotated[
        str, typer.Option(help="With --system: smallest transfer, pounds.")
    ] = "0",
    max_give: Annotated[
        list[str] | None,
        typer.Option(
            "--max-give",
            help="CODE=POUNDS: the most an organisation is willing to give, e.g. "
            "RDY=500000 (repeat, or separate with commas).",
        ),
    ] = None,
    materiality: MaterialityOpt = None,
    propose: ProposeOpt = False,
    acknowledge_worse: AcknowledgeOpt = False,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Find transfers that earn the most sustainability funding, moving the least money in
    the fewest transfers; no giver drops below its own control total."""
    from openbook.rebalancing.solve import solve_transfers_file, solve_transfers_from_store

    proposal = None
    limits = _limits(max_give, None, materiality)
    with handled_errors():
        if _stored(system, year, month, scenario):
            financial_year, month_number = parse_period(str(year), str(month))
            db = database()
            result, proposal = solve_transfers_from_store(
                db,
                str(system).upper(),
                financial_year,
                month_number,
                parse_money(min_transfer) or Decimal(0),
                signed_in(db) if propose else None,
                acknowledge_worse,
                limits,
            )
        else:
            result = solve_transfers_file(Path(str(scenario)), limits)
    if output_format is OutputFormat.json:
        print_json(result if proposal is None else {**result, "proposal": proposal.ref})
    else:
        _print_transfers(result)
    if proposal is not None and output_format is not OutputFormat.json:
        console.print(f"Proposed as {proposal.ref}; awaiting {', '.join(proposal.missing)}.")
        for line in (proposal.preview or {}).get("worse", []):
            console.print(f"  [bold]worse:[/] {line}", highlight=False)


def _print_control_totals(result: dict[str, Any]) -> None:
    rows = [
        [
            o["org_code"],
            _k(o["control_total"]),
            _k(o["new_control_total"]),
            _k(o["change"]),
            _k(o["cip_required"]),
            f"{o['cip_pct']}%",
            "yes" if o["willing_to_exceed"] else "no",
        ]
        for o in result["organisations"]
    ]
    print_table(
        f"Control totals {result['financial_year']}: {result['status']} (£000)",
        ["Org", "Control total", "New", "Change", "CIP required", "CIP %", "Willing"],
        rows,
    )
    for line in result["explanation"]:
        console.print(f"· {line}", highlight=False)


def rebalance_control_totals(
    scenario: ScenarioArg = None,
    system: SystemOpt = None,
    year: YearOpt = None,
    month: MonthOpt = None,
    willing: Annotated[
        str,
        typer.Option(
            help="With --system: organisations willing to exceed "
            "their control totals, e.g. RDZ,RDY."
        ),
    ] = "",
    max_cip_pct: Annotated[
        str,
        typer.Option(help="With --system: the largest credible CIP, % of operating expenditure."),
    ] = "4",
    max_take_on: Annotated[
        list[str] | None,
        typer.Option(
            "--max-take-on",
            help="CODE=POUNDS: the most control total an organisation is willing to take "
            "on, e.g. RDY=3000000 (makes it willing; repeat, or separate with commas).",
        ),
    ] = None,
    materiality: MaterialityOpt = None,
    propose: ProposeOpt = False,
    acknowledge_worse: AcknowledgeOpt = False,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Move control totals so every CIP is achievable, keeping the system control total:
    minimise the largest CIP %, then the total change."""
    from openbook.rebalancing.solve import (
        solve_control_totals_file,
        solve_control_totals_from_store,
    )

    proposal = None
    limits = _limits(None, max_take_on, materiality)
    with handled_errors():
        if _stored(system, year, month, scenario):
            financial_year, month_number = parse_period(str(year), str(month))
            db = database()
            codes = {code.strip().upper() for code in willing.split(",") if code.strip()}
            result, proposal = solve_control_totals_from_store(
                db,
                str(system).upper(),
                financial_year,
                month_number,
                codes,
                parse_money(max_cip_pct) or Decimal(4),
                signed_in(db) if propose else None,
                acknowledge_worse,
                limits,
            )
        else:
            result = solve_control_totals_file(Path(str(scenario)), limits)
    if output_format is OutputFormat.json:
        print_json(result if proposal is None else {**result, "proposal": proposal.ref})
    else:
        _print_control_totals(result)
    if proposal is not None and output_format is not OutputFormat.json:
        console.print(f"Proposed as {proposal.ref}; awaiting {', '.join(proposal.missing)}.")
        for line in (proposal.preview or {}).get("worse", []):
            console.print(f"  [bold]worse:[/] {line}", highlight=False)
