"""Shared CLI output: Rich console, exit codes, error printing, table rendering."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from openbook.kernel.error import (
    DataIssue,
    InvalidDataError,
    NotFoundError,
    OpenbookError,
    cap_issues,
)
from openbook.kernel.table_writer import render_csv

EXIT_OK = 0
EXIT_BAD_DATA = 1
EXIT_USAGE = 2

# Finance tables are wide: when output is not a terminal (piped, CI), do not squeeze to 80.
console = Console(width=None if sys.stdout.isatty() else 140)
error_console = Console(stderr=True, width=None if sys.stderr.isatty() else 140)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def fail(message: str, code: int = EXIT_USAGE, hint: str | None = None) -> NoReturn:
    error_console.print(f"[bold red]error:[/] {message}", highlight=False)
    if hint:
        error_console.print(f"hint: {hint}", highlight=False)
    raise typer.Exit(code)


def store_label() -> str:
    """The store the command opened, as the user can find it (a password hidden)."""
    from openbook.config import Settings
    from openbook.kernel.database import redact_url

    url = Settings.from_env().database_url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        from pathlib import Path

        return f"{Path(url.removeprefix('sqlite:///')).resolve()} (SQLite)"
    return redact_url(url)


def report_issues(issues: Sequence[DataIssue], total: int | None = None) -> None:
    """Every data problem at once (the first MAX_ISSUES and a count of the rest), one per
    line, on stderr."""
    count = len(issues) if total is None else total
    error_console.print(f"[bold red]{count:,} problem(s) found; nothing was stored.[/]")
    for issue in cap_issues(list(issues)):
        error_console.print(str(issue), highlight=False, soft_wrap=True)


@contextmanager
def handled_errors() -> Iterator[None]:
    """Turn domain errors into exit codes: bad data 1, bad request or state 2."""
    try:
        yield
    except InvalidDataError as error:
        report_issues(error.issues, error.total_issues)
        raise typer.Exit(EXIT_BAD_DATA) from None
    except NotFoundError as error:
        error_console.print(f"store: {store_label()}", highlight=False)  # which one was empty
        fail(error.message, EXIT_USAGE, error.hint)
    except OpenbookError as error:
        fail(error.message, EXIT_USAGE, error.hint)


def print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")


def print_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """CSV on stdout, through the kernel's writer: formula-like text is written as text."""
    sys.stdout.write(render_csv(header, rows).decode("utf-8-sig"))  # no BOM on a terminal


def print_table(
    title: str, header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1
) -> None:
    """A Rich table; columns from `right_from` on are right-aligned (numbers)."""
    table = Table(title=title, title_justify="left")
    for index, name in enumerate(header):
        table.add_column(name, justify="right" if index >= right_from else "left")
    for row in rows:
        table.add_row(*row)
    console.print(table)
