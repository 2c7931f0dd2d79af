"""What every command module shares: opening the store, reading periods, who is acting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from openbook.cli.identity import acting_user, user_or_operator
from openbook.cli.output import fail, handled_errors
from openbook.config import Settings
from openbook.kernel.access import Principal
from openbook.kernel.period import FinancialYear, parse_month

if TYPE_CHECKING:
    from openbook.kernel.database import Database

YearOption = Annotated[str, typer.Option("--year", "-y", help="Financial year, e.g. 2017/18.")]
MonthOption = Annotated[
    str, typer.Option("--month", "-m", help="Month: 1-12 or M1-M12 (M1 is April).")
]
SystemOption = Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")]


def database(settings: Settings | None = None) -> Database:
    settings = settings or Settings.from_env()
    with handled_errors():
        from openbook.compose import open_store, with_anchors, with_regime_dir

        db = open_store(settings.database_url, migrate=settings.uses_default_store)
        return with_regime_dir(with_anchors(db, settings), settings)


def parse_period(year: str, month: str) -> tuple[FinancialYear, int]:
    try:
        return FinancialYear.parse(year), parse_month(month)
    except ValueError as error:
        fail(str(error))


def signed_in(db: Database, settings: Settings | None = None) -> Principal:
    """The named user this command acts as (exit 2 with how to sign in if none)."""
    with handled_errors():
        return acting_user(db, settings or Settings.from_env())


def operator(db: Database, settings: Settings | None = None) -> Principal:
    """The signed-in user, or the local operator for administration."""
    with handled_errors():
        return user_or_operator(db, settings or Settings.from_env())
