"""`openbook pack` (write a meeting's pack: the issued copy, or a draft), `openbook
issue-pack` (freeze it) and `openbook packs` (the issued packs with their SHA-256)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import database, signed_in
from openbook.cli.governance import SystemOption, parse_day
from openbook.cli.output import OutputFormat, console, fail, handled_errors, print_json, print_table
from openbook.config import Settings
from openbook.kernel.clock import parse_as_at
from openbook.kernel.money import format_k
from openbook.kernel.period import FinancialYear, parse_month

AsAtOption = Annotated[
    str | None,
    typer.Option(
        "--as-at",
        help="Figures as known at this moment (2018-04-20 or 2018-04-20T09:00); "
        "default: the end of the meeting day, or now.",
    ),
]


def register(root: typer.Typer) -> None:
    root.command("pack")(pack)
    root.command("issue-pack")(issue)
    root.command("packs")(packs)


def _as_at(text: str | None) -> datetime | None:
    try:
        return None if text is None else parse_as_at(text)
    except ValueError as error:
        fail(f"--as-at: {error}")


def pack(
    system: SystemOption,
    body: Annotated[str, typer.Option(help="The body, e.g. ofrg.")],
    meeting_date: Annotated[str, typer.Option("--date", help="The meeting, e.g. 2018-04-20.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="pack.pdf, .html or .xlsx.")],
    year: Annotated[str | None, typer.Option("--year", "-y", help="Figures of this year.")] = None,
    month: Annotated[str | None, typer.Option("--month", "-m", help="... and month.")] = None,
    as_at: AsAtOption = None,
) -> None:
    """A body's board pack for a meeting: position, SPC charts, escalations, decisions,
    proposals. If the pack was issued, the issued copy exactly; otherwise a draft with the
    figures of the latest month in by the meeting (or --year/--month)."""
    from openbook.governance.pack import build_board_pack, render_board_pack
    from openbook.governance.pack_issue import get_issued_file

    day = parse_day(meeting_date, "--date")
    suffix = output.suffix.lower()
    if suffix not in (".pdf", ".html", ".xlsx"):
        fail(f"a pack is written as .pdf, .html or .xlsx, not {suffix or 'no suffix'}")
    if (year is None) != (month is None):
        fail("give both --year and --month, or neither")
    chosen_year = chosen_month = None
    if year is not None and month is not None:
        try:
            chosen_year, chosen_month = FinancialYear.parse(year), parse_month(month)
        except ValueError as error:
            fail(str(error))
    moment = _as_at(as_at)
    db = database()
    with handled_errors():
        issued = get_issued_file(db, system.upper(), body, day, suffix[1:])
        if issued is not None and chosen_year is None and moment is None:
            output.write_bytes(issued[1])
            meta = issued[0]
            console.print(
                f"Wrote {output}: the pack issued {meta.issued_at:%-d %B %Y %H:%M} UTC by "
                f"{meta.issued_by}, figures to {meta.period_label} as known at "
                f"{meta.as_at:%-d %B %Y %H:%M} UTC; SHA-256 {meta.sha256}."
            )
            return
        built = build_board_pack(
            db, system.upper(), body, day, chosen_year, chosen_month, as_at=moment
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(render_board_pack(built, suffix))
    console.print(
        f"Wrote {output}: DRAFT {built.body_name}, {day:%d %B %Y}, figures to "
        f"{built.period_label} as known at {built.as_at:%-d %B %Y %H:%M} UTC; "
        f"system gap {format_k(built.system.gap or Decimal(0))}; "
        f"{len(built.opened)} escalation(s) opened, {len(built.closed)} closed, "
        f"{len(built.overdue)} overdue since the last meeting."
    )


def issue(
    system: SystemOption,
    body: Annotated[str, typer.Option(help="The body, e.g. ofrg.")],
    meeting_date: Annotated[str, typer.Option("--date", help="The meeting, e.g. 2018-04-20.")],
    as_at: AsAtOption = None,
) -> None:
    """Issue a meeting's pack: its PDF, HTML and XLSX are stored with their SHA-256 and
    never regenerated (the body's chair or the system lead)."""
    from openbook.governance.pack_issue import issue_pack

    settings = Settings.from_env()
    day = parse_day(meeting_date, "--date")
    moment = _as_at(as_at)
    db = database(settings)
    with handled_errors():
        files = issue_pack(db, system.upper(), body, day, signed_in(db, settings), moment)
    console.print(
        f"Issued the {body} pack for {day:%-d %B %Y}: figures to {files[0].period_label} as "
        f"known at {files[0].as_at:%-d %B %Y %H:%M} UTC."
    )
    for f in files:
        console.print(f"  {f.file_format:<4} {f.size:>9,} bytes  SHA-256 {f.sha256}")


def packs(
    system: SystemOption,
    body: Annotated[str | None, typer.Option(help="Only this body, e.g. ofrg.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The issued packs, newest meeting first, with when, by whom and their SHA-256."""
    from openbook.governance.pack_issue import list_issued_packs

    with handled_errors():
        found = list_issued_packs(database(), system.upper(), body)
    if output_format is OutputFormat.json:
        print_json([f.as_dict() for f in found])
        return
    print_table(
        f"{system.upper()} issued packs",
        ["body", "meeting", "format", "figures to", "as at (UTC)", "issued by", "SHA-256"],
        [
            [
                f.body_code,
                f.meeting_date.isoformat(),
                f.file_format,
                f.period_label,
                f"{f.as_at:%Y-%m-%d %H:%M}",
                f.issued_by,
                f.sha256,
            ]
            for f in found
        ],
        right_from=99,
    )
