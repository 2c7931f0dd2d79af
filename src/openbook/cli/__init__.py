"""The `openbook` command line (Typer + Rich).

One module per command group; each exposes `register(root)` so that the root
app stays a short list. The CLI imports services, domain and config only.
"""

from __future__ import annotations

import typer

from openbook.cli import activity as activity_commands
from openbook.cli import decisions as decision_commands
from openbook.cli import finance as main_commands
from openbook.cli import governance as governance_commands
from openbook.cli import passport as passport_commands
from openbook.cli import proposals as proposal_commands
from openbook.cli import rebalancing as rebalance_commands
from openbook.cli import reference as system_commands
from openbook.cli import rota as rota_commands
from openbook.cli import (
    serve,
)
from openbook.cli import spc as spc_commands

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
    rota_commands,
    passport_commands,
    serve,
):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
