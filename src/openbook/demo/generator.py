"""Deterministic generation of plans and monthly returns from a year's profile.

The plan is phased with a gentle winter peak; actuals follow the outturn with a
little seeded noise (±1%) and close exactly on it at M12; the forecast moves from
plan to outturn as the year goes on, as a finance team's would.
"""

from __future__ import annotations

import math
import random
from decimal import ROUND_HALF_UP, Decimal

from openbook.demo.dorset import ProviderYear
from openbook.finance.model.account import (
    CIP_NON_RECURRENT_LINE,
    CIP_RECURRENT_LINE,
    OTHER_PATIENT_CARE_LINE,
    PATIENT_CARE_PREFIX,
    PAY_AGENCY_LINE,
    SUSTAINABILITY_LINE,
    AccountLine,
    LineKind,
)
from openbook.finance.model.finance_return import (
    FinanceReturn,
    ReturnLine,
    RiskItem,
    RiskKind,
    fill_subtotals,
)
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear

Lines = dict[str, Decimal]
_SEASON = [1 + 0.04 * math.cos(2 * math.pi * (m - 10) / 12) for m in range(1, 13)]
SEASONAL = [Decimal(w / sum(_SEASON)) for w in _SEASON]
RAMP = [Decimal(m) / Decimal(78) for m in range(1, 13)]  # savings ramp up: 1..12 of 78


def _pounds(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def phase(annual: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Whole pounds per month; M12 takes the rounding so the months sum to the annual."""
    months = [_pounds(annual * w) for w in weights[:11]]
    return [*months, annual - sum(months, ZERO)]


def provider_plan_lines(profile: ProviderYear, contract_value: Decimal, commissioner: str) -> Lines:
    """Annual plan by input line; non-pay balances the plan onto the control total."""
    income = contract_value + profile.other_patient_care + profile.other_operating
    pay = profile.pay_substantive + profile.pay_bank + profile.pay_agency
    non_pay = income - profile.finance_costs - pay - profile.control_total
    cip_recurrent = _pounds(profile.cip_plan * Decimal("0.7"))
    return {
        f"{PATIENT_CARE_PREFIX}{commissioner}": contract_value,
        OTHER_PATIENT_CARE_LINE: profile.other_patient_care,
        "income.other_operating": profile.other_operating,
        SUSTAINABILITY_LINE: profile.sustainability,
        "pay.substantive": profile.pay_substantive,
        "pay.bank": profile.pay_bank,
        PAY_AGENCY_LINE: profile.pay_agency,
        "non_pay": non_pay,
        "finance_costs": profile.finance_costs,
        CIP_RECURRENT_LINE: cip_recurrent,
        CIP_NON_RECURRENT_LINE: profile.cip_plan - cip_recurrent,
    }


def provider_outturn_lines(plan: Lines, profile: ProviderYear) -> Lines:
    """The year as it turned out: an overspend lands on agency and non-pay, an underspend
    on non-pay; savings delivered at the profile's rate, less of it recurrent."""
    outturn = dict(plan)
    delta = profile.outturn_delta
    if delta < 0:
        outturn[PAY_AGENCY_LINE] += _pounds(-delta * Decimal("0.4"))
        outturn["non_pay"] += -delta - _pounds(-delta * Decimal("0.4"))
    else:
        outturn["non_pay"] -= delta
    delivered = _pounds(profile.cip_plan * profile.cip_delivery)
    recurrent = min(plan[CIP_RECURRENT_LINE], _pounds(delivered * Decimal("0.65")))
    outturn[CIP_RECURRENT_LINE], outturn[CIP_NON_RECURRENT_LINE] = recurrent, delivered - recurrent
    return outturn


def plan_weights(line_code: str) -> list[Decimal]:
    return RAMP if line_code.startswith("cip.") else SEASONAL


def _actual_months(outturn: Decimal, weights: list[Decimal], rng: random.Random) -> list[Decimal]:
    noisy = [
        _pounds(outturn * w * Decimal(str(round(rng.uniform(0.99, 1.01), 4)))) for w in weights[:11]
    ]
    return [*noisy, outturn - sum(noisy, ZERO)]


def _forecast(plan: Decimal, outturn: Decimal, month: int) -> Decimal:
    """The finance team sees the outturn coming: fully by M10."""
    known = min(Decimal(1), Decimal(month) / Decimal(10))
    return _pounds(plan + (outturn - plan) * known)


def build_returns(
    org_code: str,
    year: FinancialYear,
    chart: tuple[AccountLine, ...],
    plan: Lines,
    outturn: Lines,
    risks: list[tuple[str, str, Decimal, int]],
) -> list[FinanceReturn]:
    """Twelve monthly returns; `risks` are (kind, description, annual gross, likelihood %)."""
    rng = random.Random(f"{org_code}/{year.label}")  # noqa: S311 - reproducible demo noise
    plan_months = {code: phase(amount, plan_weights(code)) for code, amount in plan.items()}
    actual_months = {code: _actual_months(outturn[code], plan_weights(code), rng) for code in plan}
    inputs = [line.line_code for line in chart if line.kind is LineKind.INPUT]
    returns = []
    for month in range(1, 13):
        lines = {
            code: ReturnLine(
                code,
                annual_plan=plan.get(code, ZERO),
                plan_ytd=sum(plan_months.get(code, [ZERO] * 12)[:month], ZERO),
                actual_ytd=sum(actual_months.get(code, [ZERO] * 12)[:month], ZERO),
                forecast_outturn=_forecast(plan.get(code, ZERO), outturn.get(code, ZERO), month),
            )
            for code in inputs
        }
        returns.append(
            FinanceReturn(
                org_code, year, month, fill_subtotals(lines, chart), _risk_items(risks, month)
            )
        )
    return returns


def _risk_items(risks: list[tuple[str, str, Decimal, int]], month: int) -> tuple[RiskItem, ...]:
    """Risks shrink as the year runs out; none remain in the year-end return."""
    remaining = Decimal(12 - month) / Decimal(12)
    items = []
    for index, (kind, description, gross, likelihood) in enumerate(risks, start=1):
        value = _pounds(gross * remaining)
        if value > 0:
            items.append(
                RiskItem(str(index), RiskKind(kind), description, value, Decimal(likelihood))
            )
    return tuple(items)


def provider_risks(profile: ProviderYear) -> list[tuple[str, str, Decimal, int]]:
    """Risks and mitigations in proportion to the provider's size and savings gap."""
    scale = profile.pay_substantive / Decimal(150_000_000)
    risks = [("risk", "Winter escalation beds above plan", _pounds(1_200_000 * scale), 50)]
    if profile.cip_delivery < 1:
        gap = profile.cip_plan * (1 - profile.cip_delivery)
        risks.append(("risk", "CIP schemes not yet identified", _pounds(gap * Decimal("1.2")), 60))
    risks.append(
        (
            "mitigation",
            "Vacancy control and release of non-recurrent reserves",
            _pounds(800_000 * scale),
            75,
        )
    )
    return risks
