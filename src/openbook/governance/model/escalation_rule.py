"""Escalation rules: which figures raise an escalation, with documented default thresholds.

Each rule is a pure function of positions (or flags) to the conditions it finds. The same
figures always give the same conditions with the same keys, which is what makes
evaluation idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from openbook.finance.model.position import Position
from openbook.governance.model.governance import Condition, Remit
from openbook.kernel.money import format_thousands

ORG_BEHIND = "org-behind-control-total"
SYSTEM_BEHIND = "system-behind-control-total"
WORSENING = "forecast-worsening"
CIP_BEHIND = "cip-behind-plan"
ACTIVITY_CONCERN = "activity-special-cause"
ACTIVITY_ABOVE = "activity-above-plan"
QUALITY_CONCERN = "quality-special-cause"
RULES = (
    ORG_BEHIND,
    SYSTEM_BEHIND,
    WORSENING,
    CIP_BEHIND,
    ACTIVITY_CONCERN,
    ACTIVITY_ABOVE,
    QUALITY_CONCERN,
)


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds per system; defaults documented in docs/governance.md."""

    org_shortfall_pounds: Decimal = Decimal(500_000)
    org_shortfall_turnover_pct: Decimal = Decimal("0.25")  # % of operating expenditure
    system_shortfall_pounds: Decimal = Decimal(500_000)
    worsening_pounds: Decimal = Decimal(250_000)  # per month, two months running
    cip_behind_pct: Decimal = Decimal(10)  # % of the year-to-date CIP plan
    cip_behind_pounds: Decimal = Decimal(250_000)
    activity_above_pct: Decimal = Decimal(2)  # year to date above plan ...
    activity_min_months: Decimal = Decimal(3)  # ... once this many months are in
    disabled: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> tuple[RuleSettings, list[str]]:
        """Settings from a YAML mapping, with every unknown key or bad value named."""
        known = {f.name for f in fields(cls)}
        problems = [f"unknown rule setting {key!r}" for key in values if key not in known]
        parsed: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                continue
            if key == "disabled":
                unknown = [r for r in value or () if r not in RULES]
                problems += [f"disabled: {r!r} is not a rule ({', '.join(RULES)})" for r in unknown]
                parsed[key] = tuple(value or ())
                continue
            try:
                parsed[key] = Decimal(str(value))
            except ArithmeticError:
                problems.append(f"{key}: {value!r} is not a number")
        return cls(**parsed), problems

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled


def _k(value: Decimal) -> str:
    """£000 in words' company: £1,500k, and a deficit in brackets, (£4,800k)."""
    text = f"£{format_thousands(abs(value))}k"
    return f"({text})" if value < 0 else text


def find_org_behind(positions: list[Position], settings: RuleSettings) -> list[Condition]:
    """An organisation's forecast below its control total by more than the greater of
    £500k and 0.25% of its operating expenditure (the defaults)."""
    found = []
    for p in positions:
        gap = p.gap
        if gap is None:
            continue
        threshold = max(
            settings.org_shortfall_pounds,
            p.operating_expenditure * settings.org_shortfall_turnover_pct / 100,
        )
        if -gap > threshold:
            found.append(
                Condition(
                    ORG_BEHIND,
                    p.code,
                    Remit.FINANCE,
                    f"{p.code} forecast {_k(-gap)} behind its control total",
                    f"{p.name} forecasts {_k(p.forecast_outturn)} against a control total of "
                    f"{_k(p.control_total or Decimal(0))} at M{p.month} {p.financial_year.label}: "
                    f"{_k(-gap)} short, more than the {_k(threshold)} threshold.",
                )
            )
    return found


def find_system_behind(system: Position, settings: RuleSettings) -> list[Condition]:
    gap = system.gap
    if gap is None or -gap <= settings.system_shortfall_pounds:
        return []
    return [
        Condition(
            SYSTEM_BEHIND,
            system.code,
            Remit.SYSTEM,
            f"System forecast {_k(-gap)} behind the system control total",
            f"The partners together forecast {_k(system.forecast_outturn)} against a system "
            f"control total of {_k(system.control_total or Decimal(0))} at M{system.month} "
            f"{system.financial_year.label}.",
        )
    ]


def find_worsening(history: list[list[Position]], settings: RuleSettings) -> list[Condition]:
    """A forecast worse than the month before by more than £250k (default) two months
    running. `history` is the positions of three consecutive months, oldest first."""
    if len(history) < 3:
        return []
    found = []
    by_month = [{p.code: p for p in month} for month in history]
    for code, latest in by_month[2].items():
        chain = [month.get(code) for month in by_month]
        if any(p is None or not p.has_return for p in chain):
            continue
        first, middle, last = (p.forecast_outturn for p in chain if p is not None)
        drops = (first - middle, middle - last)
        if all(drop > settings.worsening_pounds for drop in drops):
            found.append(
                Condition(
                    WORSENING,
                    code,
                    Remit.FINANCE,
                    f"{code} forecast worsening two months running",
                    f"{latest.name}'s forecast fell by {_k(drops[0])} and then {_k(drops[1])} "
                    f"to {_k(last)} at M{latest.month} {latest.financial_year.label}.",
                )
            )
    return found


def find_cip_behind(positions: list[Position], settings: RuleSettings) -> list[Condition]:
    """CIP delivered year to date behind plan by more than 10% of the plan and £250k."""
    found = []
    for p in positions:
        behind = -p.cip_variance_ytd
        if p.cip_plan_ytd <= 0 or not p.has_return:
            continue
        pct = behind * 100 / p.cip_plan_ytd
        if behind > settings.cip_behind_pounds and pct > settings.cip_behind_pct:
            found.append(
                Condition(
                    CIP_BEHIND,
                    p.code,
                    Remit.FINANCE,
                    f"{p.code} CIP {pct:.0f}% behind plan",
                    f"{p.name} has delivered {_k(p.cip_actual_ytd)} of savings against a plan "
                    f"of {_k(p.cip_plan_ytd)} to M{p.month} {p.financial_year.label}.",
                )
            )
    return found


def find_activity(flags: list[tuple[str, str, str, str]]) -> list[Condition]:
    """Activity flags (provider, point of delivery, kind, reason): one condition per
    provider and kind, listing its points of delivery."""
    grouped: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for provider, pod, kind, reason in flags:
        grouped.setdefault((provider, kind), []).append((pod, reason))
    found = []
    for (provider, kind), items in sorted(grouped.items()):
        rule = ACTIVITY_CONCERN if kind == "special-cause" else ACTIVITY_ABOVE
        what = "special-cause concern" if kind == "special-cause" else "activity above plan"
        pods = ", ".join(pod for pod, _ in items)
        found.append(
            Condition(
                rule,
                provider,
                Remit.ACTIVITY,
                f"{provider} {what}: {pods}",
                " ".join(f"{pod}: {reason}." for pod, reason in items),
            )
        )
    return found


def find_quality(concerns: list[tuple[str, str, str]]) -> list[Condition]:
    """Quality metrics (provider, metric, description) whose SPC shows special-cause
    concern."""
    return [
        Condition(
            QUALITY_CONCERN,
            provider,
            Remit.QUALITY,
            f"{provider} {metric}: special-cause concern",
            description,
            extra=metric,
        )
        for provider, metric, description in concerns
    ]
