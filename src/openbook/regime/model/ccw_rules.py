"""The escalation rules on the capital, cash and workforce return, under the year's regime:
capital forecast above the envelope (each organisation's, or the system's where the envelope
is shared), cash days below a floor, BPPC below the regime's target, agency or bank pay not
down by the regime's reduction, WTE above plan (in all and by staff group). Pure: each
`find_*` reads figures only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openbook.kernel.money import ZERO, format_k
from openbook.kernel.rule import Condition, ProviderSettings, Remit
from openbook.regime.model.ccw import CONTRACTS, CcwFigures, CcwReturn
from openbook.regime.model.icb import calculate_icb_figures
from openbook.regime.model.regime import EnvelopeLevel, Regime
from openbook.regime.model.staff_group import StaffGroupFigures, calculate_staff_group_figures

CAPITAL_ABOVE = "capital-forecast-above-envelope"
CASH_DAYS_LOW = "cash-days-below-minimum"
BPPC_BELOW = "bppc-below-target"
AGENCY_ABOVE = "agency-spend-above-target"
BANK_ABOVE = "bank-spend-above-target"
WTE_ABOVE = "wte-above-plan"
WTE_GROUP_ABOVE = "wte-above-plan-by-staff-group"
RUNNING_COSTS_ABOVE = "icb-running-costs-above-allowance"


@dataclass(frozen=True)
class CcwSubject:
    """One partner's CCW return for the month, with the same month's a year before."""

    code: str
    name: str
    figures: CcwFigures
    current: CcwReturn
    year_before: CcwReturn | None
    provider: bool = True  # a trust (an ICB's cash is drawn down to need, month by month)

    @property
    def when(self) -> str:
        return f"M{self.current.month} {self.current.financial_year.label}"


def calculate_change_pct(now: Decimal, before: Decimal | None) -> Decimal | None:
    """The change on the year before, in per cent to two decimals (None without a base)."""
    if before is None or before == 0:
        return None
    return ((now - before) * 100 / before).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def find_capital_above(
    subjects: list[CcwSubject], regime: Regime, settings: ProviderSettings, system_code: str
) -> list[Condition]:
    """The forecast of envelope-funded (operational) capital above the envelope by more than
    the tolerance: each organisation's own where envelopes are the organisation's or the
    provider's, the partners' added up where the envelope is the system's (managed by the
    ICB)."""
    tolerance = settings["capital_overrun_pounds"]
    if regime.envelope_level is not EnvelopeLevel.SYSTEM:
        return [
            _capital_condition(s.code, Remit.FINANCE, s.figures, s.name, s.when, "its")
            for s in subjects
            if -s.figures.capital_headroom > tolerance
        ]
    headroom = sum((s.figures.capital_headroom for s in subjects), ZERO)
    if not subjects or -headroom <= tolerance:
        return []
    envelope = sum((s.figures.capital_envelope for s in subjects), ZERO)
    forecast = sum((s.figures.capital_forecast_by_source["operational"] for s in subjects), ZERO)
    over = ", ".join(
        f"{s.code} {format_k(-s.figures.capital_headroom)}"
        for s in subjects
        if s.figures.capital_headroom < 0
    )
    return [
        Condition(
            CAPITAL_ABOVE,
            system_code,
            Remit.SYSTEM,
            f"System capital forecast {format_k(-headroom)} above its envelope",
            f"The partners forecast {format_k(forecast)} of operational capital against the "
            f"system envelope of {format_k(envelope)} at {subjects[0].when} (the envelope is "
            f"set for the system and managed by the ICB). Over their shares: {over}.",
        )
    ]


def _capital_condition(
    subject: str, remit: Remit, f: CcwFigures, name: str, when: str, whose: str
) -> Condition:
    operational = f.capital_forecast_by_source["operational"]
    return Condition(
        CAPITAL_ABOVE,
        subject,
        remit,
        f"{subject} capital forecast {format_k(-f.capital_headroom)} above {whose} envelope",
        f"{name} forecasts {format_k(operational)} of operational capital against {whose} "
        f"envelope of {format_k(f.capital_envelope)} at {when}.",
    )


def find_cash_low(subjects: list[CcwSubject], settings: ProviderSettings) -> list[Condition]:
    """A provider's cash at month end below the minimum days of operating expenditure (an
    ICB draws its cash down to need each month, so it is not judged)."""
    minimum = settings["cash_days_minimum"]
    return [
        Condition(
            CASH_DAYS_LOW,
            s.code,
            Remit.FINANCE,
            f"{s.code} cash {s.figures.cash_days} days, below {minimum:f}",
            f"{s.name} holds {format_k(s.figures.cash_balance)} at the end of {s.when}: "
            f"{s.figures.cash_days} days of operating expenditure, below the minimum of "
            f"{minimum:f} days.",
        )
        for s in subjects
        if s.provider and s.figures.cash_days is not None and s.figures.cash_days < minimum
    ]


def find_bppc_below(subjects: list[CcwSubject], regime: Regime) -> list[Condition]:
    """Invoices paid within 30 days below the regime's BPPC target (only in years that set
    one)."""
    target = regime.bppc_target_pct
    if target is None:
        return []
    return [
        Condition(
            BPPC_BELOW,
            s.code,
            Remit.FINANCE,
            f"{s.code} paid {s.figures.bppc_pct}% of invoices within 30 days, below {target}%",
            f"{s.name} paid {s.figures.bppc_pct}% of its invoices within 30 days year to date "
            f"at {s.when}; the {regime.financial_year.label} regime's Better Payment Practice "
            f"Code target is {target}%.",
        )
        for s in subjects
        if s.figures.bppc_pct is not None and s.figures.bppc_pct < target
    ]


def find_pay_above(subjects: list[CcwSubject], regime: Regime) -> list[Condition]:
    """Agency (or bank) pay year to date not down on the same month of the year before by the
    regime's reduction (only in years that set one, and with the year before's return)."""
    found = []
    for rule, contract, target in (
        (AGENCY_ABOVE, "agency", regime.agency_reduction_pct),
        (BANK_ABOVE, "bank", regime.bank_reduction_pct),
    ):
        if target is None:
            continue
        for s in subjects:
            before = (
                None if s.year_before is None else s.year_before.amount(f"pay.{contract}", "actual")
            )
            now = s.figures.pay_actual_ytd[contract]
            change = calculate_change_pct(now, before)
            if change is None or before is None or change <= -target:
                continue
            found.append(_pay_condition(rule, contract, s, now, before, change, target))
    return found


def _pay_condition(
    rule: str, contract: str, s: CcwSubject, now: Decimal, before: Decimal, change: Decimal,
    target: Decimal,
) -> Condition:  # fmt: skip
    moved = f"down {-change}%" if change < 0 else f"up {change}%" if change > 0 else "unchanged"
    return Condition(
        rule,
        s.code,
        Remit.WORKFORCE,
        f"{s.code} {contract} pay {moved} on last year; the target is down {target}%",
        f"{s.name} spent {format_k(now)} on {contract} staff to {s.when} against "
        f"{format_k(before)} to the same month a year before ({moved}); the "
        f"{s.current.financial_year.label} regime asks for {contract} spending down at least "
        f"{target}%, a ceiling of {format_k(before * (100 - target) / 100)}.",
    )


def find_wte_above(subjects: list[CcwSubject], settings: ProviderSettings) -> list[Condition]:
    """WTE in post (all contracts) above the month's plan by more than the share."""
    share = settings["wte_above_plan_pct"]
    found = []
    for s in subjects:
        plan = sum((s.current.amount(f"wte.{c}", "plan") for c in CONTRACTS), ZERO)
        actual = s.figures.wte_actual
        if plan <= 0 or (actual - plan) * 100 <= plan * share:
            continue
        pct = ((actual - plan) * 100 / plan).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        mix = ", ".join(f"{c} {s.figures.wte_by_contract[c]:.2f}" for c in CONTRACTS)
        found.append(
            Condition(
                WTE_ABOVE,
                s.code,
                Remit.WORKFORCE,
                f"{s.code} WTE {pct}% above plan",
                f"{s.name} had {actual:.2f} WTE in post at {s.when} ({mix}) against a plan of "
                f"{plan:.2f}: {actual - plan:.2f} WTE ({pct}%) over, more than {share:f}%.",
            )
        )
    return found


def _over_pct(g: StaffGroupFigures) -> Decimal:
    return (g.wte_over_plan * 100 / g.wte_plan).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def find_wte_above_by_staff_group(
    subjects: list[CcwSubject], settings: ProviderSettings
) -> list[Condition]:
    """A staff group's WTE in post (all contracts) above its plan by more than the share,
    for returns with the staff-group section: one condition per organisation, naming the
    largest over-run (in WTE) and listing every group over."""
    share = settings["staff_group_wte_above_plan_pct"]
    found = []
    for s in subjects:
        groups = calculate_staff_group_figures([s.current]) or []
        over = [g for g in groups if g.wte_plan > 0 and g.wte_over_plan * 100 > g.wte_plan * share]
        if not over:
            continue
        over.sort(key=lambda g: g.wte_over_plan, reverse=True)
        top = over[0]
        others = f" (and {len(over) - 1} other staff group{'s' if len(over) > 2 else ''})"
        listed = "; ".join(
            f"{g.short_name} {g.wte_actual:.2f} against {g.wte_plan:.2f}, "
            f"{g.wte_over_plan:.2f} ({_over_pct(g)}%) over"
            for g in over
        )
        found.append(
            Condition(
                WTE_GROUP_ABOVE,
                s.code,
                Remit.WORKFORCE,
                f"{s.code} {top.short_name} WTE {_over_pct(top)}% above plan"
                f"{others if len(over) > 1 else ''}",
                f"{s.name}'s largest over-run at {s.when} is {top.label.lower()}: "
                f"{top.wte_actual:.2f} WTE in post (agency {top.wte_by_contract['agency']:.2f}, "
                f"bank {top.wte_by_contract['bank']:.2f}) against a plan of {top.wte_plan:.2f}. "
                f"Staff groups more than {share:f}% over plan: {listed}.",
            )
        )
    return found


def find_running_costs_above(subjects: list[CcwSubject]) -> list[Condition]:
    """A commissioner's running costs forecast above its running cost allowance."""
    found = []
    for s in subjects:
        icb = calculate_icb_figures(s.current)
        if icb is None or icb.running_costs_within_allowance:
            continue
        found.append(
            Condition(
                RUNNING_COSTS_ABOVE,
                s.code,
                Remit.FINANCE,
                f"{s.code} running costs {format_k(-icb.running_costs_headroom)} above its "
                "allowance",
                f"{s.name} forecasts {format_k(icb.running_costs_forecast)} of running costs "
                f"for the year at {s.when} against a running cost allowance of "
                f"{format_k(icb.running_cost_allowance)} ({format_k(icb.running_costs_ytd)} "
                "spent to date).",
            )
        )
    return found
