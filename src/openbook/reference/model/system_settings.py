"""A system's own choices, with safe defaults: separation of duties for joint decisions, the
unit new control totals are rounded to, and the materiality threshold of the control-total
engine (below which it proposes no change)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

KNOWN = (
    "control_total_unit",
    "proposer_may_approve_for_system",
    "proposer_may_enact",
    "materiality",
)
DEFAULT_MATERIALITY = Decimal(100_000)


@dataclass(frozen=True)
class SystemSettings:
    control_total_unit: Decimal = Decimal(1)  # whole pounds; a system may choose 1000 (£1k)
    proposer_may_approve_for_system: bool = False  # separation of duties, on by default
    proposer_may_enact: bool = False
    materiality: Decimal = DEFAULT_MATERIALITY  # pounds: no smaller change is proposed

    def as_document(self) -> dict[str, Any]:
        return {
            "control_total_unit": str(self.control_total_unit),
            "proposer_may_approve_for_system": self.proposer_may_approve_for_system,
            "proposer_may_enact": self.proposer_may_enact,
            "materiality": str(self.materiality),
        }


def parse_system_settings(data: Any) -> tuple[SystemSettings, list[str]]:
    """Settings from a system file's `settings:` mapping (or the stored form), with every
    unknown key or bad value named."""
    if data is None:
        return SystemSettings(), []
    if not isinstance(data, dict):
        return SystemSettings(), ["settings must be a mapping"]
    problems = [
        f"unknown setting {key!r} (known: {', '.join(KNOWN)})" for key in data if key not in KNOWN
    ]
    unit = Decimal(1)
    if "control_total_unit" in data:
        try:
            unit = Decimal(str(data["control_total_unit"]))
        except InvalidOperation:
            unit = Decimal(0)
        if not unit.is_finite() or unit not in (Decimal("0.01"), Decimal(1), Decimal(1000)):
            problems.append("control_total_unit must be 0.01, 1 or 1000 (pounds)")
            unit = Decimal(1)
    materiality = DEFAULT_MATERIALITY
    if "materiality" in data:
        try:
            materiality = Decimal(str(data["materiality"]))
        except InvalidOperation:
            materiality = Decimal(-1)
        if not materiality.is_finite() or materiality < 0 or isinstance(data["materiality"], bool):
            problems.append("materiality must be an amount of pounds, zero or more")
            materiality = DEFAULT_MATERIALITY
    flags = {}
    for key in ("proposer_may_approve_for_system", "proposer_may_enact"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            problems.append(f"{key} must be true or false")
            value = False
        flags[key] = value
    return SystemSettings(unit, materiality=materiality, **flags), problems
