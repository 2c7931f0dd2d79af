"""The `openbook` command line (Typer + Rich).

One module per command group; each exposes `register(root)` so that the root
app stays a short list. The CLI imports services, domain and config only.
"""

from __future__ import annotations

import typer

from openbook.cli import (
    activity_commands,
    decision_commands,
    governance_commands,
    main_commands,
    proposal_commands,
    rebalance_commands,
    serve,
    spc_commands,
    system_commands,
)

app = typer.Typer(
    name="openbook",
    help="openbook: one open book for an NHS integrated care system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (
    main_commands,
    system_commands,
    activity_commands,
    governance_commands,
    decision_commands,
    proposal_commands,
    rebalance_commands,
    spc_commands,
    serve,
):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
