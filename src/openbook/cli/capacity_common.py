"""What the `openbook capacity` commands share: errors, the progress bar, workers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from openbook.cli.output import EXIT_USAGE, error_console, handled_errors


@contextmanager
def handled() -> Iterator[None]:
    """Bad options exit 2 with every problem listed; bad files exit 1 (handled_errors)."""
    from openbook.capacity.request import InvalidRequestError

    with handled_errors():
        try:
            yield
        except InvalidRequestError as error:
            for issue in error.issues:
                error_console.print(f"[bold red]error:[/] {issue}", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_USAGE) from None


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal; no bar (None) otherwise."""
    if not error_console.is_terminal:
        yield None
        return
    columns = (TextColumn(label), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=error_console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def workers_for(workers: int | None, replications: int) -> int:
    from openbook.capacity.simulation.replication import default_workers

    return default_workers(replications) if workers is None else max(1, workers)
