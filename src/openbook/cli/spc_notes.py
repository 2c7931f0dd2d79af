"""`openbook spc annotate|rebase|agree|withdraw|annotations|chart`: notes on openbook's SPC
charts, recorded as decisions (who, when, why), and a stored chart drawn with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

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
    error_console,
    fail,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.config import Settings

ChartOption = Annotated[
    str,
    typer.Option(
        "--chart",
        help="The chart: quality/ORG/MEASURE, activity/ORG/POD or ae-4h/ORG "
        "('*' for any one part, e.g. quality/*/mortality).",
    ),
]
DecisionOption = Annotated[
    str | None, typer.Option("--decision", help="The decision it rests on, e.g. D-QVV-0003.")
]
NOTE_HEADER = ["ref", "chart", "kind", "status", "from", "until", "label", "by", "agreed_by"]


def register(app: typer.Typer) -> None:
    app.command("annotate")(annotate)
    app.command("rebase")(rebase)
    app.command("agree")(agree)
    app.command("withdraw")(withdraw)
    app.command("annotations")(list_annotations)
    app.command("chart")(chart)


def _show(note_dict: dict[str, object], output_format: OutputFormat) -> None:
    if output_format is OutputFormat.json:
        print_json(note_dict)
        return
    console.print(
        f"{note_dict['ref']}: {note_dict['kind']} on {note_dict['chart']} from "
        f"{note_dict['day']}, {note_dict['status']} ({note_dict['label']})"
    )


def annotate(
    system: SystemOption,
    chart_key: ChartOption,
    day: Annotated[str, typer.Option("--date", help="When: YYYY-MM or YYYY-MM-DD.")],
    label: Annotated[str, typer.Option(help="What happened, in a few words (drawn).")],
    note: Annotated[str, typer.Option(help="More: why it matters, where to read.")] = "",
    until: Annotated[str | None, typer.Option(help="The end of a period, if it is one.")] = None,
    decision: DecisionOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Annotate a chart (an intervention, a change of pathway): drawn at once."""
    from openbook.governance.model.spc_note import parse_note_day
    from openbook.governance.spc_notes import note_to_dict, record_annotation

    db = database()
    by = signed_in(db)
    with handled_errors():
        found = record_annotation(
            db,
            system.upper(),
            chart=chart_key,
            day=parse_note_day(day),
            label=label,
            by=by,
            note=note,
            until=None if until is None else parse_note_day(until, "--until"),
            decision_ref=decision,
        )
    _show(note_to_dict(found), output_format)


def rebase(
    system: SystemOption,
    chart_key: ChartOption,
    month: Annotated[str, typer.Option("--from", help="The first month of the new limits.")],
    reason: Annotated[str, typer.Option(help="Why the process changed.")],
    label: Annotated[str, typer.Option(help="A few words for the chart.")] = "",
    decision: DecisionOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Propose recalculating a chart's limits from a month on; applied once a second
    person agrees it (openbook spc agree REF)."""
    from openbook.governance.model.spc_note import parse_note_day
    from openbook.governance.spc_notes import note_to_dict, propose_rebase

    db = database()
    by = signed_in(db)
    with handled_errors():
        found = propose_rebase(
            db,
            system.upper(),
            chart=chart_key,
            day=parse_note_day(month, "--from"),
            reason=reason,
            by=by,
            label=label,
            decision_ref=decision,
        )
    _show(note_to_dict(found), output_format)


def agree(
    ref: Annotated[str, typer.Argument(help="The proposed rebase, e.g. N-QVV-0002.")],
    reason: Annotated[str, typer.Option(help="Why you agree.")] = "",
    decision: DecisionOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Agree a rebase someone else proposed: the limits split from its month."""
    from openbook.governance.spc_notes import agree_rebase, note_to_dict

    db = database()
    by = signed_in(db)
    with handled_errors():
        found = agree_rebase(db, ref.upper(), by=by, reason=reason, decision_ref=decision)
    _show(note_to_dict(found), output_format)


def withdraw(
    ref: Annotated[str, typer.Argument(help="The note, e.g. N-QVV-0001.")],
    reason: Annotated[str, typer.Option(help="Why it is withdrawn.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Withdraw an annotation or a rebase (its versions are kept)."""
    from openbook.governance.spc_notes import note_to_dict, withdraw_note

    db = database()
    by = signed_in(db)
    with handled_errors():
        found = withdraw_note(db, ref.upper(), by=by, reason=reason)
    _show(note_to_dict(found), output_format)


def list_annotations(
    system: SystemOption,
    chart_key: Annotated[str | None, typer.Option("--chart", help="Only this chart key.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Every note on the system's charts, each with its status and who agreed it."""
    from openbook.governance.spc_notes import list_notes, notes_to_dict

    with handled_errors():
        found = notes_to_dict(system.upper(), list_notes(database(), system.upper(), chart_key))
    if output_format is OutputFormat.json:
        print_json(found)
        return
    rows = [
        [
            n["ref"],
            n["chart"],
            n["kind"],
            n["status"],
            n["day"],
            n["until"] or "",
            n["label"],
            n["recorded_by"],
            n["agreed_by"] or "",
        ]
        for n in found["notes"]
    ]
    if output_format is OutputFormat.csv:
        print_csv(NOTE_HEADER, rows)
    else:
        print_table(f"{system.upper()} notes on SPC charts", NOTE_HEADER, rows, right_from=99)


def chart(
    system: SystemOption,
    chart_key: Annotated[str, typer.Option("--chart", help="E.g. quality/RBD/mortality.")],
    year: YearOption,
    month: MonthOption,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Draw it: OUT.svg, OUT.png or OUT.json.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """A stored chart as openbook draws it, with its annotations and rebased limits."""
    from openbook.governance.spc_chart import stored_chart
    from openbook.spc.chart import render_png, render_svg

    fy, m = parse_period(year, month)
    with handled_errors():
        found = stored_chart(database(Settings.from_env()), system.upper(), chart_key, fy, m)
    if out is not None:
        suffix = out.suffix.lower()
        if suffix == ".svg":
            out.write_text(render_svg(found.spec), encoding="utf-8")
        elif suffix == ".png":
            out.write_bytes(render_png(found.spec))
        elif suffix == ".json":
            out.write_text(json.dumps(found.spec, indent=2), encoding="utf-8")
        else:
            fail("a chart is written to .svg, .png or .json (Vega-Lite)")
        error_console.print(f"Chart written to {out}")
    if output_format is OutputFormat.json:
        print_json({"chart": found.key, "description": found.description, "points": found.limits()})
        return
    console.print(found.description)
    rows = [
        [
            p["x"],
            _num(p["y"]),
            _num(p["mean"]),
            _num(p["lpl"]),
            _num(p["upl"]),
            str(p["group"]),
            str(p["point_type"]),
        ]
        for p in found.limits()
    ]
    print_table(
        found.key,
        ["month", "value", "mean", "lower", "upper", "group", "point"],
        rows,
        right_from=1,
    )


def _num(value: object) -> str:
    return "" if value is None else f"{float(str(value)):.4g}"
