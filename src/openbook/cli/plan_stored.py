"""`openbook plan record|list|history|show|copy|amend|apply|programme-benefits|assumptions`:
stored scenarios and assumption sets, each change a new version, every write audited
(docs/planning.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from openbook.cli.common import database, signed_in
from openbook.cli.output import console, fail, handled_errors, print_json, print_table
from openbook.kernel.error import DataIssue, InvalidDataError

ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why: kept in the audit log.")]
NameArg = Annotated[str, typer.Argument(help="The scenario's name.")]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON instead of a table.")]


def register(plan_app: typer.Typer) -> None:
    for name, command in (
        ("record", record_command),
        ("list", list_command),
        ("history", history_command),
        ("show", show_command),
        ("copy", copy_command),
        ("amend", amend_command),
        ("apply", apply_command),
        ("programme-benefits", programme_benefits_command),
    ):
        plan_app.command(name)(command)
    assumptions = typer.Typer(help="Stored, versioned assumption sets.", no_args_is_help=True)
    assumptions.command("record")(assumptions_record_command)
    assumptions.command("list")(assumptions_list_command)
    plan_app.add_typer(assumptions, name="assumptions")


def _document(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        issue = DataIssue(path.name, f"cannot be read: {error}")
    except json.JSONDecodeError as error:
        issue = DataIssue(path.name, f"not valid JSON: {error.msg}", error.lineno, str(error.colno))
    with handled_errors():
        raise InvalidDataError(f"{path.name} cannot be read", [issue])


def _said(stored: Any, what: str) -> None:
    console.print(f"{what} [bold]{stored.label}[/] (by {stored.recorded_by})", highlight=False)


def record_command(
    path: Annotated[Path, typer.Argument(help="A scenario file (JSON).")],
    reason: ReasonOption = None,
    expected_version: Annotated[
        int | None, typer.Option(help="Refuse if the stored scenario is not at this version.")
    ] = None,
) -> None:
    """Store a scenario file under its name (a new version if the name is stored)."""
    from openbook.planning.record import record_scenario

    db = database()
    user = signed_in(db)
    with handled_errors():
        stored = record_scenario(db, user, _document(path), path.name, reason, expected_version)
    _said(stored, "Recorded")


def list_command(as_json: JsonOption = False) -> None:
    """Every stored scenario at its latest version."""
    from openbook.planning.query import list_scenarios

    found = list_scenarios(database())
    rows = [
        [s.name, str(s.version), s.recorded_at.isoformat(timespec="minutes"), s.recorded_by]
        for s in found
    ]
    if as_json:
        print_json(
            [
                dict(zip(["name", "version", "recorded_at", "recorded_by"], r, strict=True))
                for r in rows
            ]
        )
        return
    print_table("Stored scenarios", ["Name", "Version", "Recorded", "By"], rows, right_from=1)


def history_command(name: NameArg, as_json: JsonOption = False) -> None:
    """Every version of a scenario: when, who, why, and what it came from."""
    from openbook.planning.query import scenario_history

    with handled_errors():
        found = scenario_history(database(), name)
    rows = [
        [
            str(v.version),
            v.recorded_at.isoformat(timespec="minutes"),
            v.recorded_by,
            v.reason or "",
            v.basis or v.copied_from or "",
        ]
        for v in found
    ]
    if as_json:
        keys = ["version", "recorded_at", "recorded_by", "reason", "from"]
        print_json([dict(zip(keys, r, strict=True)) for r in rows])
        return
    print_table(name, ["Version", "Recorded", "By", "Reason", "From"], rows, right_from=9)


def show_command(
    name: NameArg,
    version: Annotated[int | None, typer.Option(help="Default: the latest.")] = None,
    document: Annotated[bool, typer.Option("--document", help="The file, not the result.")] = (
        False
    ),
) -> None:
    """A stored scenario's result (the JSON of `openbook plan scenario`), or its file."""
    from openbook.planning.query import calculate_stored, get_scenario

    db = database()
    with handled_errors():
        print_json(
            get_scenario(db, name, version).document
            if document
            else calculate_stored(db, name, version)
        )


def copy_command(
    name: NameArg, new_name: Annotated[str, typer.Argument()], reason: ReasonOption = None
) -> None:
    """Copy a stored scenario's latest version into a new scenario."""
    from openbook.planning.record import copy_scenario

    db = database()
    user = signed_in(db)
    with handled_errors():
        _said(copy_scenario(db, user, name, new_name, reason), "Copied to")


def amend_command(
    name: NameArg,
    changes: Annotated[
        list[str],
        typer.Option(
            "--set", help='RATE=NUMBER or RATE={"2018/19": 0, ...}, e.g. --set uplift_pct=0.'
        ),
    ],
    reason: ReasonOption = None,
) -> None:
    """A new version of a stored scenario with some assumptions changed."""
    from openbook.planning.record import amend_assumptions

    parsed: dict[str, Any] = {}
    for change in changes:
        rate, sep, value = change.partition("=")
        try:
            parsed[rate.strip()] = json.loads(value)
        except json.JSONDecodeError:
            sep = ""
        if not sep:
            fail(f"--set {change!r} is not RATE=NUMBER", hint="e.g. --set uplift_pct=1.0")
    db = database()
    user = signed_in(db)
    with handled_errors():
        _said(amend_assumptions(db, user, name, parsed, reason), "Recorded")


def apply_command(
    name: NameArg,
    assumption_set: Annotated[str, typer.Argument(help="The assumption set's name.")],
    set_version: Annotated[int | None, typer.Option(help="Default: the latest.")] = None,
    reason: ReasonOption = None,
) -> None:
    """A new version of a stored scenario with every assumption from an assumption set."""
    from openbook.planning.record import apply_assumption_set

    db = database()
    user = signed_in(db)
    with handled_errors():
        _said(apply_assumption_set(db, user, name, assumption_set, set_version, reason), "Recorded")


def assumptions_record_command(
    path: Annotated[Path, typer.Argument(help="An assumption set (JSON).")],
    reason: ReasonOption = None,
) -> None:
    """Store an assumption set under its name (a new version if the name is stored)."""
    from openbook.planning.record import record_assumption_set

    db = database()
    user = signed_in(db)
    with handled_errors():
        _said(record_assumption_set(db, user, _document(path), path.name, reason), "Recorded")


def assumptions_list_command(as_json: JsonOption = False) -> None:
    """Every version of every assumption set."""
    from openbook.planning.query import list_assumption_sets

    found = list_assumption_sets(database())
    if as_json:
        print_json([{"name": s.name, "version": s.version, **s.document} for s in found])
        return
    rows = [
        [s.name, str(s.version), s.recorded_by, json.dumps(s.document["assumptions"])]
        for s in found
    ]
    print_table("Assumption sets", ["Name", "Version", "By", "Assumptions"], rows, right_from=9)


def programme_benefits_command(
    name: NameArg,
    programme: Annotated[str, typer.Option("--programme", help="The programme's code.")],
    benefits: Annotated[
        list[str] | None,
        typer.Option("--benefit", help="A benefit's ref (repeat; default every financial one)."),
    ] = None,
    reason: ReasonOption = None,
) -> None:
    """A new version of a stored scenario with its "Programme benefits" mitigation taken
    from a stored programme's financial benefits, by organisation and plan year."""
    from openbook.planning.record import fill_programme_benefits

    db = database()
    user = signed_in(db)
    with handled_errors():
        stored = fill_programme_benefits(db, user, name, programme, tuple(benefits or ()), reason)
    _said(stored, "Recorded")
