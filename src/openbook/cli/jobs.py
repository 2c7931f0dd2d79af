"""`openbook jobs list|show`: the store's background jobs (the capacity simulations the web
runs), whichever web process or instance made them: status, progress, attempts and error."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from openbook.cli.common import database
from openbook.cli.output import OutputFormat, console, handled_errors, print_json, print_table

jobs_app = typer.Typer(help="Background jobs: what is queued, running, done or failed.",
                       no_args_is_help=True)  # fmt: skip
HEADER = ["job", "kind", "status", "progress", "attempts", "asked by", "created", "error"]


def register(root: typer.Typer) -> None:
    root.add_typer(jobs_app, name="jobs")


def _progress(job: dict[str, Any]) -> str:
    return f"{job['done']} of {job['total']}" if job["total"] is not None else f"{job['done']}"


@jobs_app.command("list")
def jobs_list(
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 200,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Every job on the store, newest first."""
    from openbook.jobs.queue import list_jobs

    with handled_errors():
        jobs = [job.to_dict() for job in list_jobs(database(), limit)]
    if output_format is OutputFormat.json:
        print_json(jobs)
        return
    rows = [
        [
            job["job"],
            job["kind"],
            job["status"],
            _progress(job),
            str(job["attempts"]),
            job["requested_by"],
            job["created_at"][:19].replace("T", " "),
            job["error"] or "",
        ]
        for job in jobs
    ]
    print_table(f"{len(rows)} job(s)", HEADER, rows, right_from=len(HEADER))


@jobs_app.command("show")
def jobs_show(
    key: Annotated[str, typer.Argument(help="The job's key, as `openbook jobs list` shows.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """One job: its status, progress, attempts, worker and error."""
    from openbook.jobs.queue import show_job

    with handled_errors():
        job = show_job(database(), key).to_dict()
    if output_format is OutputFormat.json:
        print_json(job)
        return
    console.print(f"Job {job['job']} ({job['kind']}): {job['status']}, {_progress(job)} done",
                  highlight=False, markup=False)  # fmt: skip
    for label, name in [
        ("Asked by", "requested_by"),
        ("Created", "created_at"),
        ("Started", "started_at"),
        ("Finished", "finished_at"),
        ("Attempts", "attempts"),
        ("Worker", "worker"),
        ("Heartbeat", "heartbeat"),
        ("Error", "error"),
    ]:
        if job[name] is not None:
            console.print(f"{label}: {job[name]}", highlight=False, markup=False)
