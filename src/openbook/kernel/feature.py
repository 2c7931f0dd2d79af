"""What a feature package offers the composition root: its tables, its migrations, its
escalation rule providers and its deep-verification checks. Each feature declares one
`FEATURE` in its `feature.py`; `openbook.compose` lists them, so adding a feature is one line
there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from openbook.kernel.audit_deep import StateCheck
from openbook.kernel.rule import RuleProvider

if TYPE_CHECKING:
    from openbook.kernel.database import Database


@dataclass(frozen=True)
class Feature:
    name: str
    tables: ModuleType | None = None  # the module declaring its tables (for Alembic)
    migrations: Path | None = None  # its own migration scripts, chained after the kernel's
    rule_providers: tuple[RuleProvider, ...] = ()
    # What `openbook audit verify --deep` rebuilds of this feature's state from its events.
    state_checks: tuple[StateCheck, ...] = ()
    # Called once per store by the composition root, e.g. to subscribe to other features'
    # events; receives the store and every feature's rule providers.
    wire: Callable[[Database, tuple[RuleProvider, ...]], None] | None = field(default=None)
