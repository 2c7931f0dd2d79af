"""`openbook backup -o PATH` and `openbook restore PATH`: the store to a file and back, each
proved against the manifest written beside the backup (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import database, operator
from openbook.cli.identity import LOCAL_OPERATOR
from openbook.cli.output import console, handled_errors, print_json
from openbook.config import Settings
from openbook.kernel.database import redact_url

JsonOption = Annotated[bool, typer.Option("--json", help="JSON instead of sentences.")]


def register(root: typer.Typer) -> None:
    root.command("backup")(backup_command)
    root.command("restore")(restore_command)


def backup_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write.")],
    as_json: JsonOption = False,
) -> None:
    """Back up the store (SQLite: online backup; PostgreSQL: pg_dump on one snapshot), with
    a manifest of every table's rows and the audit chain's head beside it."""
    from dataclasses import asdict

    from openbook.kernel.backup import backup_store, manifest_path

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        manifest = backup_store(db, settings.database_url, output)
    if as_json:
        print_json({"backup": str(output), **asdict(manifest)})
        return
    console.print(
        f"Backed up {redact_url(settings.database_url)} to {output}: "
        f"{len(manifest.tables)} tables, {manifest.rows:,} rows, audit chain at event "
        f"{manifest.audit_sequence:,}. Manifest: {manifest_path(output)}",
        highlight=False,
    )


def restore_command(
    backup: Annotated[Path, typer.Argument(help="A backup written by 'openbook backup'.")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace a store that holds data (backed up first)."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Restore a backup into the store, then prove it: every table's rows and the whole
    audit chain checked against the backup's manifest. Stop the web app first."""
    from openbook.compose import from_url
    from openbook.kernel.backup import holds_data, restore_store

    settings = Settings.from_env()
    with handled_errors():
        # The store may be new and empty (no schema yet): who acts is asked of it only if
        # it holds data, when a signed-in user must exist in it.
        db = from_url(settings.database_url)
        actor = LOCAL_OPERATOR.username
        if holds_data(settings.database_url):
            actor = operator(database(settings), settings).username
        report = restore_store(db, backup, settings.database_url, actor, replace)
    manifest = report.manifest
    if as_json:
        print_json(
            {
                "backup": str(backup),
                "tables_checked": report.tables_checked,
                "rows": manifest.rows,
                "events_verified": report.events_verified,
                "kept_current": None if report.kept_current is None else str(report.kept_current),
            }
        )
        return
    if report.kept_current is not None:
        console.print(f"The store it replaced is kept in {report.kept_current}.", highlight=False)
    console.print(
        f"Restored {backup} ({manifest.created_at}): {report.tables_checked} tables and "
        f"{manifest.rows:,} rows as backed up; the audit chain's {report.events_verified:,} "
        "events verify.",
        highlight=False,
    )
