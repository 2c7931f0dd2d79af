"""The store itself: create or migrate it, build the demonstration system, check the audit
log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from openbook.cli.common import database
from openbook.cli.output import (
    EXIT_BAD_DATA,
    OutputFormat,
    console,
    error_console,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.config import Settings

if TYPE_CHECKING:
    from openbook.kernel.audit_anchor import AnchorTarget
    from openbook.kernel.database import Database


def register(root: typer.Typer) -> None:
    root.command("init")(init)
    root.command("demo")(demo)
    audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    audit_app.command("verify")(audit_verify)
    audit_app.command("anchor")(audit_anchor)
    audit_app.command("list")(audit_list)
    root.add_typer(audit_app, name="audit")


def init() -> None:
    """Create the store, or bring it to the current schema (Alembic migrations)."""
    from openbook.compose import from_url
    from openbook.kernel.database import initialise_store

    settings = Settings.from_env()
    with handled_errors():
        db = from_url(settings.database_url)
        before, after = initialise_store(db)
    from openbook.cli.output import store_label

    if before == after:
        console.print(f"Store is up to date (schema {after}): {store_label()}.")
    else:
        console.print(f"Store migrated from {before or 'empty'} to {after}: {store_label()}.")
    if settings.uses_default_store:
        console.print(
            "This is your own store, which every openbook command uses from any folder; "
            "set OPENBOOK_DATABASE_URL to use another (e.g. PostgreSQL)."
        )


def demo(
    recent: Annotated[
        bool,
        typer.Option(
            "--recent",
            help="Also build 2020/21 to 2026/27 (to M6) under today's regimes: R0D from "
            "1 October 2020, capital, cash and workforce returns (synthetic).",
        ),
    ] = False,
    england: Annotated[
        bool,
        typer.Option(
            "--england",
            help="Also build England: every NHS trust in the shipped A&E file in 42 systems "
            "(Dorset and 41 of a SYNTHETIC grouping), 2017/18 to 2021/22 (synthetic).",
        ),
    ] = False,
) -> None:
    """Build the Dorset demonstration system (2017/18 and 2018/19, synthetic finances,
    real NHS England A&E activity; with --recent, 2020/21 to 2026/27 too; with --england,
    41 more systems of a synthetic grouping, 2017/18 to 2021/22)."""
    from openbook.demo.build import build_demo

    db = database()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    ) as progress:
        task = progress.add_task("Building the Dorset demonstration system", total=None)

        def say(message: str) -> None:
            progress.update(task, description=f"Building Dorset: {message}")

        built = build_demo(db, say)
    if built:
        from openbook.governance.escalation_view import list_escalation_views

        open_now = list_escalation_views(db, "QVV", status="open")
        console.print(
            "Built the Dorset demonstration system (QVV): 2017/18 and 2018/19. "
            "Finances and non-A&E activity are synthetic; A&E activity is real NHS England "
            f"data. Five governance bodies; the escalation rules leave {len(open_now)} "
            "escalations open (openbook escalations list --system QVV)."
        )
    else:
        console.print("The Dorset demonstration system is already built; nothing to do.")
    if recent:
        _build_recent(db)
    if england:
        _build_england(db)
    _print_dorset_rotas()
    from openbook.cli.demo_capacity import print_dorset_capacity

    print_dorset_capacity()


def _build_recent(db: Database) -> None:
    from openbook.demo.recent import build_recent_demo

    with error_console.status("Building Dorset 2020/21 to 2026/27"):
        built = build_recent_demo(db)
    if built:
        console.print(
            "Added 2020/21 to 2026/27 (M6), SYNTHETIC: RD3 and RDZ to September 2020, R0D "
            "from 1 October 2020; capital, cash and workforce returns; each year read under "
            "its own regime (openbook regime list)."
        )
    else:
        console.print("Dorset 2020/21 to 2026/27 is already built; nothing to do.")
    from openbook.demo.cluster import build_cluster_demo

    if build_cluster_demo(db):
        console.print(
            "Added Wessex Vale (QZZ), a SYNTHETIC neighbour, and the 2026/27 cluster DSW of "
            "Dorset and Wessex Vale (openbook position --cluster DSW --year 2026/27 --month 6)."
        )


def _build_england(db: Database) -> None:
    from time import perf_counter

    from openbook.demo.england import build_england_demo

    started = perf_counter()
    with error_console.status("Building England") as status:
        built = build_england_demo(db, lambda message: status.update(f"England: {message}"))
    if built is None:
        console.print("England is already built; nothing to do.")
        return
    console.print(
        f"Added England in {perf_counter() - started:.0f} s: {built.systems} SYNTHETIC systems "
        f"(a documented grouping of the A&E file's NHS trusts, docs/demo.md) beside Dorset, "
        f"{built.organisations} organisations, {built.returns} monthly returns from 2017/18 to "
        f"2021/22, real A&E where the file has it; the escalation rules raised "
        f"{built.escalations_open} escalations (openbook national, the page /national)."
    )


def _print_dorset_rotas() -> None:
    """The workforce cases: each Dorset rota as three site rotas against one shared rota."""
    from openbook.demo.workforce import compare_dorset_rotas

    header = ["arrangement", "staff on rota", "staff needed", "cover short", "requests unmet",
              "weekends max"]  # fmt: skip
    for case in compare_dorset_rotas():
        rows = []
        for a in (case.comparison.separate, case.comparison.shared):
            needed = "-" if a.staff_needed is None else str(a.staff_needed)
            weekends = max(a.weekends.values(), default=0)
            rows.append([a.name, str(a.staff_on_rota), needed, str(a.shortfall),
                         str(a.unmet_requests), str(weekends)])  # fmt: skip
        print_table(case.name, header, rows)
        people = sorted({(p, why) for p, _day, _shift, why in case.exclusions})
        for person, why in people:
            line = f"  {person} kept off some shifts by the passport: {why}"
            console.print(line, highlight=False)


AnchorFileOption = Annotated[
    Path | None,
    typer.Option(
        "--anchor",
        help="Also check every anchor of this store in this anchor file (written by "
        "'openbook audit anchor').",
    ),
]
AnchorDatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="A second database URL holding anchors (table audit_anchor); default "
        "OPENBOOK_ANCHOR_DATABASE_URL for 'anchor'.",
    ),
]


def audit_verify(
    anchor: AnchorFileOption = None,
    anchor_database: AnchorDatabaseOption = None,
    deep: Annotated[
        bool,
        typer.Option(
            "--deep",
            help="Also rebuild returns, control totals, roles and proposal states from the "
            "events and compare them with the tables.",
        ),
    ] = False,
    system: Annotated[
        str | None,
        typer.Option("--system", help="Check only this system's chain (default: every chain)."),
    ] = None,
) -> None:
    """Check the audit log's hash chains (the store's and each system's) and its anchors (those
    given, else the configured anchor file and database); exit 1 if any row was changed or
    deleted, or history no longer matches an anchor."""
    from openbook.kernel.audit_log import get_audit_heads, verify_audit_log

    db = database()
    sources = _anchor_sources(db, anchor, anchor_database)
    chain = None if system is None else system.upper()
    count, problems = verify_audit_log(db, sources, chain)
    for problem in problems:
        where = "end of log" if problem.sequence is None else f"event {problem.sequence}"
        error_console.print(f"{where}: {problem.message}", highlight=False, soft_wrap=True)
    differences = _deep_differences(db) if deep else []
    if problems:
        error_console.print(
            f"[bold red]Audit log is NOT intact: {len(problems)} problem(s) in {count} events.[/]"
        )
    if differences:
        error_console.print(
            f"[bold red]The tables do NOT match the audit events: "
            f"{len(differences)} difference(s).[/]"
        )
    if problems or differences:
        raise typer.Exit(EXIT_BAD_DATA)
    checked = f", {len(sources)} anchor source(s) matched" if sources else ""
    chains = "1 chain" if chain else f"{len(get_audit_heads(db))} chain(s)"
    console.print(f"Audit log intact: {count} events in {chains}, hash chains verified{checked}.")
    if deep:
        console.print("Deep check: the tables match what the audit events record.")


def _anchor_sources(
    db: Database, anchor: Path | None, anchor_database: str | None
) -> list[AnchorTarget]:
    """The sources asked for; without any, the configured ones that hold an anchor of this
    store (the anchor file and database of the settings), as the audit page checks."""
    from openbook.kernel.audit_anchor import DatabaseAnchors, FileAnchors, anchor_targets
    from openbook.kernel.audit_log import last_anchor

    sources: list[AnchorTarget] = []
    if anchor is not None:
        sources.append(FileAnchors(anchor))
    if anchor_database:
        sources.append(DatabaseAnchors(anchor_database))
    if not sources:
        sources = [t for t in anchor_targets(db) if last_anchor(db, t) is not None]
    for source in sources:
        console.print(f"Checking the anchors in {source.name}.", highlight=False, soft_wrap=True)
    return sources


def _deep_differences(db: Database) -> list[str]:
    from openbook.kernel.audit_deep import deep_verify

    report = deep_verify(db)
    lines = [str(difference) for difference in report.differences]
    for line in lines:
        error_console.print(line, highlight=False, soft_wrap=True)
    console.print(f"Deep check covered: {', '.join(report.covered)}.", highlight=False)
    return lines


def audit_anchor(
    to: Annotated[
        Path | None,
        typer.Option(
            "--to", help="Anchor file to append to (default OPENBOOK_ANCHOR_FILE, see docs)."
        ),
    ] = None,
    anchor_database: AnchorDatabaseOption = None,
) -> None:
    """Append the audit chain's head (sequence, hash, time, store) to the anchor file, and to
    the anchor database if one is configured; 'audit verify --anchor FILE' checks it later."""
    from openbook.compose import anchor_targets_of
    from openbook.kernel.audit_anchor import FileAnchors
    from openbook.kernel.audit_log import record_anchor

    settings = Settings.from_env()
    db = database(settings)
    targets: list[AnchorTarget] = anchor_targets_of(settings, anchor_database)
    if to is not None:
        targets[0] = FileAnchors(to)
    with handled_errors():
        anchors = record_anchor(db, targets)
    for target in targets:
        for anchor in anchors:
            chain = "" if anchor.chain == "store" else f"chain {anchor.chain} "
            console.print(
                f"Anchored {chain}event {anchor.sequence} ({anchor.hash}) of {anchor.store} "
                f"to {target.name}.",
                highlight=False,
            )


def audit_list(
    limit: Annotated[int, typer.Option(help="How many of the latest events.")] = 20,
    entity: Annotated[str | None, typer.Option(help="Only events about this entity id.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. pack.issued.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this user's events.")] = None,
    chain: Annotated[
        str | None, typer.Option(help="Only this chain: 'store' or a system's code.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The latest audit events: who, when, what, why and what changed (before → after), and
    the chain each is in (the store's, or a system's) with its place there."""
    from openbook.kernel.audit_diff import change_of
    from openbook.kernel.audit_log import list_audit_events

    if chain is not None:
        chain = "store" if chain.lower() == "store" else chain.upper()
    events = list_audit_events(database(), limit, entity, action, actor, chain)
    header = ["sequence", "occurred_at", "actor", "action", "entity_id", "reason", "change"]
    header += ["chain", "chain_sequence"]
    rows = [
        [
            str(e.sequence),
            e.occurred_at.isoformat(timespec="seconds"),
            e.actor,
            e.action,
            e.entity_id,
            e.reason or "",
            change_of(e.payload),
            e.chain,
            str(e.chain_sequence),
        ]
        for e in events
    ]
    if output_format is OutputFormat.json:
        print_json([dict(zip(header, row, strict=True)) for row in rows])
    elif output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table("Audit log (latest first)", header, rows, right_from=99)
