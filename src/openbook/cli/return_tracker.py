"""`openbook returns tracker` (who has submitted a month's return, who is late against the
system's deadline) and `openbook returns remind` (remind the submitters of late returns,
once per organisation, month and deadline)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from openbook.cli.common import (
    MonthOption,
    SystemOption,
    YearOption,
    database,
    parse_period,
    signed_in,
)
from openbook.cli.output import (
    OutputFormat,
    console,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)

if TYPE_CHECKING:
    from openbook.finance.model.submission import SubmissionTracker

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f")]
COLUMNS = ["org_code", "role", "status_label", "days_late", "first_submitted_at"]
HEADER = ["Org", "Role", "Status", "Days late", "First submitted", "Version", "Reminded"]


def _day(moment: Any) -> str:
    return "" if moment is None else str(moment)[:16].replace("T", " ")


def show_tracker(tracker: SubmissionTracker, output_format: OutputFormat) -> None:
    from openbook.finance.tracker import tracker_row_to_dict, tracker_to_dict

    if output_format is OutputFormat.json:
        print_json(tracker_to_dict(tracker))
        return
    shapes = [tracker_row_to_dict(row) for row in tracker.rows]
    if output_format is OutputFormat.csv:
        keys = list(shapes[0]) if shapes else []
        print_csv(keys, [[shape[k] for k in keys] for shape in shapes])
        return
    rows = [
        [
            row.org_code,
            row.role,
            row.status.label,
            str(row.days_late) if row.days_late else "",
            _day(row.first_submitted_at and row.first_submitted_at.isoformat()),
            "" if row.latest_version is None else f"v{row.latest_version}",
            _day(row.reminded_at and row.reminded_at.isoformat()),
        ]
        for row in tracker.rows
    ]
    title = (
        f"{tracker.system_code} {tracker.financial_year.label} M{tracker.month}: returns due "
        f"{tracker.deadline:%a %d %b %Y} (working day {tracker.deadline_working_day})"
    )
    print_table(title, HEADER, rows, right_from=99)


def tracker(
    system: SystemOption,
    year: YearOption,
    month: MonthOption,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Who has submitted the month's return, who is late against the system's deadline
    (the return_deadline_working_day setting of its system file, a working day of the
    following month), and who was reminded."""
    from openbook.finance.tracker import get_return_tracker

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        found = get_return_tracker(database(), system.upper(), financial_year, month_number)
    show_tracker(found, output_format)


def remind(
    system: SystemOption,
    year: YearOption,
    month: MonthOption,
    org: Annotated[
        list[str] | None,
        typer.Option("--org", help="Only this organisation (ODS code); repeat for more."),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Remind the submitters of every organisation whose return is late and not in (in-app,
    and by email through the outbox). An organisation is reminded at most once for a month
    and deadline; each reminder is audited."""
    from openbook.finance.tracker import send_return_reminders

    financial_year, month_number = parse_period(year, month)
    db = database()
    codes = None if not org else frozenset(code.upper() for code in org)
    with handled_errors():
        result = send_return_reminders(
            db, system.upper(), financial_year, month_number, signed_in(db), codes
        )
    if output_format is OutputFormat.table:
        reminded = ", ".join(result.reminded) or "nobody"
        console.print(f"Reminded: {reminded}.")
        if result.already:
            console.print(f"Reminded before for this deadline: {', '.join(result.already)}.")
    show_tracker(result.tracker, output_format)
