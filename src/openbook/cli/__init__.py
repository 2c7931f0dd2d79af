"""The `openbook` command line (Typer + Rich).

One module per feature (or command group); each exposes `register(root)`, so adding a
feature's commands is one line in `COMMANDS`. Commands reach the store only through the
features' use cases, acting as a named user (see `openbook.cli.identity`).
"""

from __future__ import annotations

import importlib

import typer

from openbook.cli.help_text import reflow_help

COMMANDS = (
    "store",
    "accounts",
    "finance",
    "book",
    "return_diff",
    "forecast",
    "pay",
    "returns",
    "reference",
    "activity",
    "quality",
    "governance",
    "decisions",
    "packs",
    "proposals",
    "rebalancing",
    "spc",
    "funnel",
    "capacity",
    "stroke_units",
    "rota",
    "passport",
    "planning",
    "serve",
    "mail",
    "backup",
    "regime",
    "programme",
    "cluster",
    "national",
    "jobs",
)

app = typer.Typer(
    name="openbook",
    help="openbook: one open book for an NHS integrated care system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for name in COMMANDS:
    importlib.import_module(f"openbook.cli.{name}").register(app)

reflow_help(app)


def main() -> None:
    """Console-script entry point: builds only the command asked for (openbook.cli.start)."""
    import sys

    from openbook.cli.start import app_for

    app_for(app, sys.argv[1:])()
