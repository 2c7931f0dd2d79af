"""`openbook programme`: an acute collaboration programme's file, report and timeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from openbook.cli.common import SystemOption, database, operator
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

programme_app = typer.Typer(
    help="Programmes: service lines, milestones, investment and benefits, tied to the money.",
    no_args_is_help=True,
)
FileArgument = Annotated[Path, typer.Argument(help="A programme file (.yaml).")]
FileOption = Annotated[
    Path | None,
    typer.Option("--file", help="Report a programme file instead of the stored programme."),
]
TodayOption = Annotated[
    str | None, typer.Option("--today", help="The date to judge overdue milestones on.")
]


def register(root: typer.Typer) -> None:
    root.add_typer(programme_app, name="programme")


def _today(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--today {text!r} is not a date like 2016-08-15")


def _report(system: str | None, file: Path | None, today: date | None) -> dict[str, Any]:
    if file is not None:
        from openbook.programme.load import check_programme_file
        from openbook.programme.report import build_report

        with handled_errors():
            from openbook.kernel.clock import SystemClock

            return build_report(check_programme_file(file), today or SystemClock().today())
    if system is None:
        fail("say which: --system CODE (the stored programme) or --file FILE")
    from openbook.programme.load import get_programme_report

    db = database()
    with handled_errors():
        return get_programme_report(db, system, today)


@programme_app.command("check")
def check(file: FileArgument) -> None:
    """Validate a programme file without storing it (exit 1 with every problem)."""
    from openbook.programme.load import check_programme_file
    from openbook.programme.model import calculate_total

    with handled_errors():
        programme = check_programme_file(file)
    console.print(
        f"{file.name} is a valid programme: {programme.name}, {len(programme.workstreams)} "
        f"lines, {len(programme.milestones)} milestones, investment "
        f"£{calculate_total(programme.cost_lines):,.2f}."
    )


@programme_app.command("load")
def load(file: FileArgument, system: SystemOption) -> None:
    """Check and store a programme as a new version (audited); post its investment into the
    spending organisations' plans."""
    from openbook.programme.load import load_programme_file

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        result = load_programme_file(db, file, system, operator(db, settings))
    if result.unchanged:
        console.print(f"{result.code} v{result.version} is already this file; nothing recorded.")
        return
    console.print(f"Loaded {result.code} as version {result.version}.")
    for posting in result.postings:
        where = f"plan v{posting.plan_version} from M{posting.effective_month}"
        console.print(
            f"  {posting.org_code} {posting.financial_year}: £{posting.amount:,.2f} "
            f"{where if posting.plan_version else posting.note}"
        )


@programme_app.command("report")
def report(
    system: Annotated[str | None, typer.Option("--system", help="System code, e.g. QVV.")] = None,
    file: FileOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    today: TodayOption = None,
) -> None:
    """Investment by year, the lines, milestones and benefits."""
    payload = _report(system, file, _today(today))
    if output_format is OutputFormat.json:
        print_json(payload)
        return
    header = ["year", "planned", "committed", "spent"]
    rows = [
        [year, *(f"£{float(v[k]):,.0f}" for k in ("planned", "committed", "spent"))]
        for year, v in payload["spend_by_year"].items()
    ]
    if output_format is OutputFormat.csv:
        print_csv(header, rows)
        return
    print_table(f"{payload['programme']['name']}: investment", header, rows)
    console.print(f"Total investment £{float(payload['total_investment']):,.0f}")
    print_table(
        "Lines",
        ["line", "kind", "lead", "confidence", "investment"],
        [
            [
                ln["name"],
                ln["kind"],
                ln["lead_org"] or "",
                ln["confidence"] or "",
                f"£{float(ln['investment']):,.0f}",
            ]
            for ln in payload["lines"]
        ],
        right_from=4,
    )
    print_table(
        "Benefits",
        ["benefit", "baseline", "trajectory", "progress", "off trajectory"],
        [
            [
                b["name"],
                f"{b['baseline']} ({b['baseline_year']})",
                ", ".join(f"{y}: {v}" for y, v in b["trajectory"].items()),
                ", ".join(f"{y}: {v}" for y, v in b["progress"].items()),
                ", ".join(b["off_trajectory"]),
            ]
            for b in payload["benefits"]
        ],
        right_from=5,
    )
    from openbook.programme.report import SAVINGS_HEADER, savings_rows

    print_table(
        "Financial benefits against the investment and the gap",
        SAVINGS_HEADER,
        savings_rows(payload),
    )
    if payload["programme"]["progress_note"]:
        console.print(payload["programme"]["progress_note"])


@programme_app.command("timeline")
def timeline(
    system: Annotated[str | None, typer.Option("--system", help="System code, e.g. QVV.")] = None,
    file: FileOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    today: TodayOption = None,
) -> None:
    """Milestones in baseline order, with forecast, actual and slippage against baseline."""
    from openbook.programme.report import TIMELINE_HEADER, timeline_rows

    payload = _report(system, file, _today(today))
    rows = timeline_rows(payload)
    if output_format is OutputFormat.json:
        print_json([dict(zip(TIMELINE_HEADER, row, strict=True)) for row in rows])
    elif output_format is OutputFormat.csv:
        print_csv(TIMELINE_HEADER, rows)
    else:
        print_table(f"Timeline (as of {payload['as_of']})", TIMELINE_HEADER, rows, right_from=6)


@programme_app.command("history")
def history(system: SystemOption) -> None:
    """Every stored version of the system's programmes: when, who, from which file."""
    from openbook.programme.load import list_programme_versions

    db = database()
    with handled_errors():
        versions = list_programme_versions(db, system)
    print_table(
        f"Programmes of {system.upper()}",
        ["programme", "version", "recorded", "by", "file", "sha-256"],
        [
            [
                v.code,
                str(v.version),
                v.recorded_at.strftime("%Y-%m-%d %H:%M"),
                v.recorded_by,
                v.source_name,
                v.content_hash[:12],
            ]
            for v in versions
        ],
        right_from=6,
    )
