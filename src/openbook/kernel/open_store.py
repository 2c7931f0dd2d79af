"""Opening the store from an entry point: the shells never touch `openbook.store` directly."""

from __future__ import annotations

from openbook.config import DEFAULT_DATABASE_URL
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError
from openbook.kernel.setup import initialise_store, is_store_current

__all__ = ["Database", "open_database"]


def open_database(url: str, migrate: bool | None = None) -> Database:
    """A Database for `url`, migrated to the current schema.

    The embedded SQLite default is brought up to date automatically; any other store
    must be migrated deliberately with `openbook init` (production schema changes are
    a decision, not a side effect).
    """
    db = Database.from_url(url)
    should_migrate = url == DEFAULT_DATABASE_URL if migrate is None else migrate
    if should_migrate:
        initialise_store(db)
    elif not is_store_current(db):
        raise OpenbookError(
            f"the store at {_redact(url)} is not at the current schema",
            hint="run 'openbook init' to apply the migrations",
        )
    return db


def _redact(url: str) -> str:
    """Hide a password in a database URL before showing it."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
