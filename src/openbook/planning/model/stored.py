"""What the store holds: named documents with versions that only append."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class StoredVersion:
    """One version of a stored scenario or assumption set."""

    name: str
    version: int
    document: dict[str, Any]
    reason: str | None
    recorded_at: datetime
    recorded_by: str
    basis: str | None = None  # a scenario: the assumption set applied ("name v2"), if any
    copied_from: str | None = None  # a scenario copied from another ("name v3")

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"
