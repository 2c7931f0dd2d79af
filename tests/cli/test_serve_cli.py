"""Where `openbook serve` runs the escalation rules: as OPENBOOK_ESCALATIONS says when it is
set; otherwise in the background for several processes on PostgreSQL, inline for one
process or on SQLite; and a value that is neither is refused with the two it may be."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbook.cli.serve import escalation_mode
from openbook.compose import from_url, with_escalation_jobs
from openbook.config import Settings
from openbook.jobs.queue import JobQueue
from openbook.kernel.error import OpenbookError

PG = "postgresql+psycopg://postgres@db.example/openbook"


@pytest.mark.parametrize(
    ("url", "configured", "workers", "mode"),
    [
        (PG, None, 4, "background"),
        (PG, None, 1, "inline"),
        ("sqlite:////tmp/openbook.db", None, 4, "inline"),
        (PG, "inline", 4, "inline"),
        ("sqlite:////tmp/openbook.db", "background", 1, "background"),
    ],
)
def test_the_escalation_mode(url: str, configured: str | None, workers: int, mode: str) -> None:
    settings = Settings.from_env(
        {
            "OPENBOOK_DATABASE_URL": url,
            **({"OPENBOOK_ESCALATIONS": configured} if configured else {}),
        }
    )
    assert escalation_mode(settings, configured, workers) == mode


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    db = from_url(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(
        OpenbookError, match="OPENBOOK_ESCALATIONS is 'later'; expected one of inline, background"
    ):
        with_escalation_jobs(db, Settings(escalations="later", var_dir=tmp_path), JobQueue(db))
    db.dispose()
