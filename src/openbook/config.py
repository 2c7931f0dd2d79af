"""Settings, declared as data with help text; read from OPENBOOK_* environment variables.

Read only in entry points (the CLI, the web app factory); everything else is
given what it needs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

APP_NAME = "openbook"
STORE_FILE = "openbook.db"  # the embedded store, in the var folder
ANCHOR_FILE = "audit-anchors.jsonl"


def default_var_dir() -> Path:
    """The platform's per-user data folder, so every command finds one store whichever
    folder it is run from: ~/.local/share/openbook on Linux (under $XDG_DATA_HOME when set),
    ~/Library/Application Support/openbook on macOS, %LOCALAPPDATA%\\openbook on Windows."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def store_url_in(var_dir: Path) -> str:
    """The embedded SQLite store in a var folder."""
    return f"sqlite:///{Path(var_dir) / STORE_FILE}"


def _default_credentials() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "openbook" / "credentials.json"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(
        default="",
        metadata={
            "help": "SQLAlchemy URL of the store: empty means the embedded SQLite file "
            "openbook.db in the var folder (one per user), postgresql+psycopg://user@host/db "
            "in production."
        },
    )
    token: str = field(
        default="",
        metadata={
            "help": "A personal API token the command line acts with (for scripts). Without "
            "it the command line uses the sign-in saved by 'openbook login'."
        },
    )
    credentials: Path = field(
        default_factory=_default_credentials,
        metadata={
            "help": "Where 'openbook login' keeps its token (readable by you only). Default "
            "~/.config/openbook/credentials.json (or under $XDG_CONFIG_HOME)."
        },
    )
    secret_key: str = field(
        default="",
        metadata={
            "help": "Key that signs web sessions; set it in production. Empty means a "
            "key is generated and kept in var/secret_key."
        },
    )
    smtp_url: str = field(
        default="",
        metadata={
            "help": "SMTP server for notifications, e.g. smtp://localhost:1025. Empty "
            "means notifications are kept in-app only."
        },
    )
    smtp_timeout: float = field(
        default=10.0,
        metadata={
            "help": "Seconds the email sender waits for the SMTP server at each step "
            "(connect, greeting, each command) before it gives up and tries later."
        },
    )
    mail_max_attempts: int = field(
        default=6,
        metadata={
            "help": "Attempts to email a notification before it becomes a dead letter "
            "(shown to administrators, who may retry it)."
        },
    )
    mail_retry_seconds: int = field(
        default=60,
        metadata={
            "help": "Wait before the first retry of a failed email; doubled after each "
            "failure (at most 6 hours)."
        },
    )
    mail_in_web: int = field(
        default=1,
        metadata={
            "help": "1: each web server process runs an email sender when OPENBOOK_SMTP_URL "
            "is set; 0: run 'openbook mail worker' instead."
        },
    )
    var_dir: Path = field(
        default_factory=default_var_dir,
        metadata={
            "help": "Folder for the embedded database, the generated key and reports. "
            "Default the platform's per-user data folder (~/.local/share/openbook on Linux, "
            "or under $XDG_DATA_HOME)."
        },
    )
    anchor_file: str = field(
        default="",
        metadata={
            "help": "Append-only JSON-lines file the audit chain's head is anchored to "
            "('openbook audit anchor', and every issued board pack). Empty means "
            "audit-anchors.jsonl in the var folder; in production put it where the "
            "store's database user cannot write (docs/security.md)."
        },
    )
    anchor_database_url: str = field(
        default="",
        metadata={
            "help": "A second database the head is also anchored to (table audit_anchor), "
            "which the application may only insert into. Empty means none."
        },
    )

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", store_url_in(self.var_dir))

    @property
    def uses_default_store(self) -> bool:
        """The embedded store in the var folder: created and migrated on first use."""
        return self.database_url == store_url_in(self.var_dir)

    def anchor_path(self) -> Path:
        """The anchor file: the setting, or audit-anchors.jsonl in the var folder."""
        return Path(self.anchor_file) if self.anchor_file else Path(self.var_dir) / ANCHOR_FILE

    max_request_bytes: int = field(
        default=1_000_000,
        metadata={
            "help": "Largest request body (forms, JSON) the web app reads, in bytes; larger "
            "ones get 413 before any route or sign-in check reads them. Default 1 MB."
        },
    )
    max_upload_bytes: int = field(
        default=20_000_000,
        metadata={
            "help": "Largest request body on the file upload routes (returns, governance "
            "files), in bytes. Default 20 MB; each route also caps the file itself."
        },
    )
    escalations_per_hour: int = field(
        default=20,
        metadata={
            "help": "How many escalations one person may raise by hand in an hour "
            "(the system lead is not limited). Default 20."
        },
    )
    escalations: str = field(
        default="inline",
        metadata={
            "help": "Where the web app runs the escalation rules after a return, an enactment "
            "or a load changes the figures: 'inline' in that request (the default), or "
            "'background' as one job per system in the store's job queue, run by the web "
            "processes' workers while the request answers at once. 'openbook serve --workers "
            "N' on PostgreSQL uses background unless this is set."
        },
    )
    regime_dir: str = field(
        default="",
        metadata={
            "help": "A system's own finance regime rules (a directory of YYYY-YY.yaml files) "
            "over the shipped ones, read by positions, escalation rules, rebalancing, packs "
            "and the web pages and API, as --rules-dir is by the command line. Empty: the "
            "shipped rules only."
        },
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        values: dict[str, object] = {}
        for setting in fields(cls):
            raw = env.get(f"OPENBOOK_{setting.name.upper()}")
            if raw is not None and raw != "":
                values[setting.name] = _convert(setting.name, str(setting.type), raw)
        return cls(**values)  # type: ignore[arg-type]


SWITCHES = frozenset({"mail_in_web"})


def _convert(name: str, kind: str, raw: str) -> object:
    """An environment variable's text as the setting's type (Path, int, float or str);
    every number setting is a limit, a count or a time, so it must be above 0, except a
    switch (OPENBOOK_MAIL_IN_WEB), which is 0 or 1."""
    if kind in ("Path", str(Path)):
        return Path(raw)
    if kind in ("int", str(int), "float", str(float)):
        whole = kind in ("int", str(int))
        try:
            value: float = int(raw.replace("_", "")) if whole else float(raw)
        except ValueError:
            value = -1
        if name in SWITCHES and raw.strip() in ("0", "1"):
            return int(raw)
        if not value > 0:  # also refuses NaN
            expected = "a whole number" if whole else "a number"
            raise ValueError(f"OPENBOOK_{name.upper()} must be {expected} above 0; found {raw!r}")
        return value
    return raw


DEFAULT_LABELS = {  # the defaults that depend on the user and platform, as docs show them
    "credentials": "~/.config/openbook/credentials.json",
    "var_dir": "~/.local/share/openbook",
    "database_url": "sqlite:///OPENBOOK_VAR_DIR/openbook.db",
}


def describe_settings() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, for docs and --help."""
    rows = []
    for setting in fields(Settings):
        default = DEFAULT_LABELS.get(setting.name, str(setting.default))
        rows.append((f"OPENBOOK_{setting.name.upper()}", default, setting.metadata["help"]))
    return rows
