"""Escalation rules as providers: each feature declares the rules it runs on its own
figures, with their settings and documented defaults; governance holds the registry and
reconciles what they find with the escalations held.

A provider is pure in what it decides (the same figures always give the same conditions
with the same keys, which makes evaluation idempotent); it reads its figures through the
store handle it is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from openbook.kernel.period import FinancialYear

if TYPE_CHECKING:
    from openbook.kernel.database import Database


class Remit(StrEnum):
    """What a governance body looks after; a condition goes to the body whose remit fits."""

    FINANCE = "finance"
    ACTIVITY = "activity"
    QUALITY = "quality"
    WORKFORCE = "workforce"
    SYSTEM = "system"  # the whole system: the last stop of every path


@dataclass(frozen=True)
class Condition:
    """What a rule found: one per rule and subject (and metric, where a rule has several)."""

    rule: str  # e.g. "org-behind-control-total"
    subject: str  # an org code, or the system code
    remit: Remit
    title: str
    detail: str
    extra: str = ""  # distinguishes conditions of one rule on one subject (a metric)

    @property
    def key(self) -> str:
        """Names the condition, so that evaluating the same figures again finds the same
        escalation instead of opening a second one (stored with the escalation)."""
        return "|".join(part for part in (self.rule, self.subject, self.extra) if part)


@dataclass(frozen=True)
class RuleSetting:
    name: str
    default: Decimal
    help: str


@dataclass(frozen=True)
class Rule:
    code: str
    description: str
    remit: Remit


@dataclass(frozen=True)
class ProviderSettings:
    """One provider's settings for a system: its section of the governance file with the
    defaults filled in, and which of its rules the system turned off."""

    values: Mapping[str, Decimal]
    disabled: frozenset[str] = frozenset()

    def __getitem__(self, name: str) -> Decimal:
        return self.values[name]

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled


class RuleProvider(Protocol):
    """A feature's escalation rules. `section` names its settings in the governance file."""

    @property
    def section(self) -> str: ...

    @property
    def rules(self) -> tuple[Rule, ...]: ...

    @property
    def settings(self) -> tuple[RuleSetting, ...]: ...

    def find(
        self,
        db: Database,
        system_code: str,
        year: FinancialYear,
        month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:
        """Every condition its rules find in the month's figures."""
        ...
