"""Who the command line acts as: a named user, proved by a personal API token.

- `OPENBOOK_TOKEN`: a personal token (from the dashboard's account page), for scripts;
- otherwise the token `openbook login` saved in the credentials file (readable by you only),
  one per store;
- for administration and the demonstration only (`init`, `demo`, `users`, loading a system,
  its governance or activity, running the rules), the **local operator**: whoever can open
  the store directly could change it with SQL anyway, so the command line lets them
  administer it, as the administrator role, recorded as `operator` in the audit log. The
  operator can never submit a return, approve, propose or enact: those need a named user.

The same role checks as the web apply, inside the use cases.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from openbook.config import Settings
from openbook.kernel.access import Principal, Role
from openbook.kernel.error import AuthenticationError

if TYPE_CHECKING:
    from openbook.kernel.database import Database

LOCAL_OPERATOR = Principal(0, "operator", "Local operator", "", Role.ADMINISTRATOR)
SIGN_IN_HINT = "sign in with 'openbook login', or set OPENBOOK_TOKEN to a personal API token"


def _store_key(settings: Settings) -> str:
    from openbook.kernel.database import redact_url

    return redact_url(settings.database_url)


def saved_token(settings: Settings) -> str | None:
    try:
        saved = json.loads(settings.credentials.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    token = saved.get(_store_key(settings)) if isinstance(saved, dict) else None
    return token if isinstance(token, str) else None


def save_token(settings: Settings, token: str | None) -> Path:
    """Keep (or, with None, forget) this store's token; the file is the user's alone."""
    path = settings.credentials
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if token is None:
        saved.pop(_store_key(settings), None)
    else:
        saved[_store_key(settings)] = token
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(saved, handle, indent=2)
    return path


def acting_user(db: Database, settings: Settings) -> Principal:
    """The named user the command acts as; AuthenticationError if there is none."""
    from openbook.accounts.account import authenticate_token

    token = settings.token or saved_token(settings)
    if not token:
        raise AuthenticationError("this command acts as a named user", hint=SIGN_IN_HINT)
    return authenticate_token(db, token)


def user_or_operator(db: Database, settings: Settings) -> Principal:
    """The signed-in user if there is one, otherwise the local operator (administration)."""
    if settings.token or saved_token(settings):
        return acting_user(db, settings)
    return LOCAL_OPERATOR
