"""A system's own choices, with safe defaults: separation of duties for joint decisions, the
unit new control totals are rounded to, and the materiality threshold of the control-total
engine (below which it proposes no change), the deadline for monthly returns (a working
day of the month after the one reported), and the ceiling on agency pay as a share of the
pay bill (none: the regime's agency reduction on last year's share)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

KNOWN = (
    "control_total_unit",
    "proposer_may_approve_for_system",
    "proposer_may_enact",
    "materiality",
    "return_deadline_working_day",
    "agency_ceiling_pct",
)
DEFAULT_MATERIALITY = Decimal(100_000)
DEFAULT_DEADLINE_WORKING_DAY = 15
LAST_DEADLINE_WORKING_DAY = 18  # every month has at least 18 working days


@dataclass(frozen=True)
class SystemSettings:
    control_total_unit: Decimal = Decimal(1)  # whole pounds; a system may choose 1000 (£1k)
    proposer_may_approve_for_system: bool = False  # separation of duties, on by default
    proposer_may_enact: bool = False
    materiality: Decimal = DEFAULT_MATERIALITY  # pounds: no smaller change is proposed
    # Returns for a month are due by this working day of the next month (England and Wales).
    return_deadline_working_day: int = DEFAULT_DEADLINE_WORKING_DAY
    # Agency pay above this percentage of the pay bill is flagged; None: the regime's default.
    agency_ceiling_pct: Decimal | None = None

    def as_document(self) -> dict[str, Any]:
        ceiling = (
            {}
            if self.agency_ceiling_pct is None
            else {"agency_ceiling_pct": str(self.agency_ceiling_pct)}
        )
        return {
            "control_total_unit": str(self.control_total_unit),
            "proposer_may_approve_for_system": self.proposer_may_approve_for_system,
            "proposer_may_enact": self.proposer_may_enact,
            "materiality": str(self.materiality),
            "return_deadline_working_day": self.return_deadline_working_day,
            **ceiling,
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
    deadline = data.get("return_deadline_working_day", DEFAULT_DEADLINE_WORKING_DAY)
    if (
        isinstance(deadline, bool)
        or not isinstance(deadline, int)
        or not 1 <= deadline <= LAST_DEADLINE_WORKING_DAY
    ):
        problems.append(
            f"return_deadline_working_day must be a whole number from 1 to "
            f"{LAST_DEADLINE_WORKING_DAY} (a working day of the following month)"
        )
        deadline = DEFAULT_DEADLINE_WORKING_DAY
    ceiling, problem = _agency_ceiling(data.get("agency_ceiling_pct"))
    problems += problem
    flags = {}
    for key in ("proposer_may_approve_for_system", "proposer_may_enact"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            problems.append(f"{key} must be true or false")
            value = False
        flags[key] = value
    settings = SystemSettings(
        unit,
        materiality=materiality,
        return_deadline_working_day=deadline,
        agency_ceiling_pct=ceiling,
        **flags,
    )
    return settings, problems


def _agency_ceiling(value: Any) -> tuple[Decimal | None, list[str]]:
    """A percentage of the pay bill above 0 and at most 100, like "3.2"; absent: None."""
    if value is None:
        return None, []
    try:
        pct = None if isinstance(value, bool) else Decimal(str(value))
    except InvalidOperation:
        pct = None
    if pct is None or not pct.is_finite() or not Decimal(0) < pct <= Decimal(100):
        return None, [
            f"agency_ceiling_pct must be a percentage of the pay bill above 0 and at most "
            f"100, like 3.2; found {value!r}"
        ]
    return pct, []
