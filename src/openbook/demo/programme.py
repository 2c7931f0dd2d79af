"""The Dorset demonstration's programme: One NHS in Dorset, the acute collaboration, as the
seed sets it out (its progress and benefits synthetic, and labelled so in the file)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from openbook.kernel.access import Principal
from openbook.programme.load import LoadResult, record_programme_text

PROGRAMME_FILE = Path(__file__).parent / "data" / "dorset_programme.yaml"


def record_demo_programme(session: Session, by: Principal) -> LoadResult:
    text = PROGRAMME_FILE.read_text(encoding="utf-8")
    return record_programme_text(session, text, PROGRAMME_FILE.name, "QVV", by)
