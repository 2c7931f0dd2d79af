"""`openbook passport`: the county staff passport register: check it, who may work where
(and why not), and the credentials about to lapse."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from openbook.cli import passport_stored
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.kernel.error import InvalidDataError

if TYPE_CHECKING:
    from openbook.workforce.model.passport import Register


def register(root: typer.Typer) -> None:
    group = typer.Typer(help="The county staff passport register.", no_args_is_help=True)
    group.command("check")(passport_check)
    group.command("eligibility")(passport_eligibility)
    group.command("expiring")(passport_expiring)
    passport_stored.register(group)
    root.add_typer(group, name="passport")


RegisterArg = Annotated[
    Path, typer.Argument(help="A passport register (YAML); 'dorset' for the shipped one.")
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f")]


def _load(path: Path) -> Register:
    from openbook.workforce.dorset import REGISTER, data_path
    from openbook.workforce.file.register import load_register

    register_path = data_path(REGISTER) if str(path) == "dorset" else path
    with handled_errors():
        people, issues = load_register(register_path)
        if people is None:
            raise InvalidDataError(f"{register_path.name} is not a valid register", issues)
    return people


def _day(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"'{text}' is not a date like 2018-04-02")


def passport_check(file: RegisterArg) -> None:
    """Check a register whole: every problem with its YAML path; exit 1 if any."""
    people = _load(file)
    label = " (SYNTHETIC)" if people.synthetic else ""
    console.print(
        f"valid{label}: {len(people.people)} people, {len(people.credentials)} credentials, "
        f"{len(people.rules)} acceptance rules, {len(people.moves)} move agreements"
    )


def passport_eligibility(
    file: RegisterArg,
    shift: Annotated[str, typer.Option("--shift", help="Where: SITE/SERVICE, e.g. DCH/stroke.")],
    on: Annotated[str | None, typer.Option("--on", help="Date, e.g. 2018-04-20 (today).")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Only people of this role.")] = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Who may work a shift at a site and service on a date, and every reason why not."""
    from openbook.workforce.model.passport import list_eligibility, required_checks

    people = _load(file)
    site, _, service = shift.partition("/")
    place = people.place(site, service) if service else None
    if place is None:
        known = ", ".join(s.site for s in people.sites)
        fail(f"'{shift}' is not SITE/SERVICE with a known site", hint=f"sites: {known}")
    when = _day(on)
    verdicts = list_eligibility(people, place, when, role)
    rows = [[v.person_id, "yes" if v.eligible else "no", "; ".join(v.reasons)] for v in verdicts]
    if output_format is OutputFormat.json:
        from openbook.workforce.query import eligibility_dict

        print_json(eligibility_dict(people, place, when, role))
    elif output_format is OutputFormat.csv:
        print_csv(["person_id", "eligible", "reasons"], rows)
    else:
        needs = ", ".join(required_checks(people, place))
        print_table(f"Eligibility for {place} on {when} (needs {needs})",
                    ["person", "eligible", "why not"], rows, right_from=3)  # fmt: skip


def passport_expiring(
    file: RegisterArg,
    on: Annotated[str | None, typer.Option("--on", help="From this date (today).")] = None,
    within: Annotated[int, typer.Option("--within", help="Days ahead.")] = 60,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Credentials lapsing within N days with no renewal on record, to each person's manager."""
    from openbook.workforce.model.passport import list_expiry_warnings

    warnings = list_expiry_warnings(_load(file), _day(on), within)
    rows = [[w.manager or "", w.person_id, w.check, w.valid_to.isoformat(), str(w.days_left)]
            for w in warnings]  # fmt: skip
    header = ["manager", "person", "credential", "valid to", "days left"]
    if output_format is OutputFormat.json:
        print_json([dict(zip(header, row, strict=True)) for row in rows])
    elif output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table(f"Credentials lapsing within {within} days", header, rows, right_from=4)
