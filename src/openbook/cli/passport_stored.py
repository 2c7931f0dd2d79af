"""`openbook passport load|people|person|warn|versions`: the stored passport register. A load
is all or nothing (every problem with its line and YAML path) and a new version, audited;
the rest read the version in force."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import database, operator
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
from openbook.kernel.database import Database

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f")]
OnOpt = Annotated[
    str | None, typer.Option("--on", help="As of this date, e.g. 2018-04-20 (today).")
]


def register(group: typer.Typer) -> None:
    group.command("load")(passport_load)
    group.command("people")(passport_people)
    group.command("person")(passport_person)
    group.command("warn")(passport_warn)
    group.command("versions")(passport_versions)


def _day(text: str | None, db: Database) -> date:
    """The date given, or the register's default (today; the SYNTHETIC demo's 2018-04-02)."""
    if text is None:
        from openbook.workforce.query import default_date, get_passport

        with handled_errors():
            return default_date(get_passport(db), datetime.now(UTC).date())
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"'{text}' is not a date like 2018-04-02")


def passport_load(
    file: Annotated[
        Path, typer.Argument(help="A passport register (YAML); 'dorset' for the shipped one.")
    ],
) -> None:
    """Store a register as a new version, all or nothing (identical: nothing new)."""
    from openbook.workforce.dorset import REGISTER, data_path
    from openbook.workforce.record import load_passport, read_register_file

    path = data_path(REGISTER) if str(file) == "dorset" else file
    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        loaded = load_passport(db, *read_register_file(path), operator(db, settings))
    label = " (SYNTHETIC)" if loaded.register.synthetic else ""
    if loaded.created:
        console.print(
            f"Stored the passport register{label} from {path.name} as version {loaded.version}: "
            f"{len(loaded.register.people)} people, {len(loaded.register.credentials)} "
            f"credentials, {len(loaded.register.rules)} acceptance rules, "
            f"{len(loaded.register.moves)} move agreements."
        )
    else:
        console.print(f"{path.name} is identical to version {loaded.version}; nothing new stored.")


def passport_people(
    search: Annotated[
        str, typer.Option("--search", help="Id, name, employer or role contains.")
    ] = "",
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """The people in the register in force."""
    from openbook.workforce.query import get_passport, people_dict, search_people

    db = database()
    with handled_errors():
        stored = get_passport(db)
    people = search_people(stored.register, search)
    if output_format is OutputFormat.json:
        print_json(people_dict(stored, people))
        return
    rows = [[p.person_id, p.name, p.org_code, p.role, p.manager or ""] for p in people]
    header = ["person", "name", "employer", "role", "manager"]
    if output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        label = " (SYNTHETIC)" if stored.register.synthetic else ""
        print_table(f"Passport register v{stored.version.version}{label}", header, rows)


def passport_person(
    person_id: Annotated[str, typer.Argument(help="The person's id, e.g. S03.")],
    on: OnOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """A person's credentials, and at each site and service whether they may work, and why not."""
    from openbook.workforce.query import credential_status, person_passport

    db = database()
    with handled_errors():
        found = person_passport(db, person_id, _day(on, db))
    if output_format is OutputFormat.json:
        print_json(found.as_dict())
        return
    p = found.person
    synthetic = " (SYNTHETIC)" if found.synthetic else ""
    console.print(
        f"[bold]{p.person_id}[/] {p.name}{synthetic}: {p.role}, employed by "
        f"{p.org_code}; manager {p.manager or '-'}",
        highlight=False,
    )
    print_table(
        f"Credentials on {found.on}",
        ["credential", "kind", "issuer", "valid from", "valid to", "evidence", "status"],
        [
            [
                c.check,
                c.kind.label,
                c.issuer,
                c.valid_from.isoformat(),
                c.valid_to.isoformat() if c.valid_to else "",
                c.evidence_ref,
                credential_status(c, found.on),
            ]
            for c in found.credentials
        ],
    )
    print_table(
        f"Where {p.person_id} may work on {found.on}",
        ["site", "service", "eligible", "why not"],
        [
            [e.place.site, e.place.service, "yes" if e.eligible else "no", "; ".join(e.reasons)]
            for e in found.eligibility
        ],
    )
    for w in found.warnings:
        console.print(f"warning to {w.manager or 'no manager'}: {w.message}", highlight=False)


def passport_warn(
    within: Annotated[int, typer.Option("--within", help="Days ahead.")] = 30,
    on: OnOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Credentials lapsing within N days with no renewal on record, to each person's manager."""
    from openbook.workforce.query import expiry_warnings, warning_dict

    db = database()
    with handled_errors():
        warnings = expiry_warnings(db, _day(on, db), within)
    if output_format is OutputFormat.json:
        print_json([warning_dict(w) for w in warnings])
        return
    header = ["manager", "person", "credential", "valid to", "days left"]
    rows = [
        [w.manager or "", w.person_id, w.check, w.valid_to.isoformat(), str(w.days_left)]
        for w in warnings
    ]
    if output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table(f"Credentials lapsing within {within} days", header, rows, right_from=4)


def passport_versions(output_format: FormatOpt = OutputFormat.table) -> None:
    """Every version of the register stored: when, by whom, from which file."""
    from openbook.workforce.query import list_passport_versions

    db = database()
    with handled_errors():
        versions = list_passport_versions(db)
    header = ["version", "loaded at", "loaded by", "source", "synthetic", "content hash"]
    rows = [
        [
            str(v.version),
            v.loaded_at.isoformat(timespec="seconds"),
            v.loaded_by,
            v.source,
            "yes" if v.synthetic else "no",
            v.content_hash[:12],
        ]
        for v in versions
    ]
    if output_format is OutputFormat.json:
        print_json([{"version": v.version, "loaded_at": v.loaded_at.isoformat(),
                     "loaded_by": v.loaded_by, "source": v.source, "synthetic": v.synthetic,
                     "content_hash": v.content_hash} for v in versions])  # fmt: skip
    elif output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table("Passport register versions", header, rows)
