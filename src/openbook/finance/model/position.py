"""Positions: where an organisation, and the system, stand at a month.

Every amount is measured on the control-total basis (adjusted financial performance
excluding sustainability funding), plus any transfers the partners agreed.

RAG rules (documented in docs/positions.md):
- green: the risk-adjusted forecast meets the control total;
- amber: the forecast meets the control total, but not once net risks and
  mitigations are applied;
- red:   the forecast is below the control total;
- grey:  no return for the month, or no control total, so no judgement is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from openbook.finance.model.account import (
    CIP_NON_RECURRENT_LINE,
    CIP_RECURRENT_LINE,
    CIP_TOTAL_LINE,
    CONTROL_TOTAL_LINE,
    OPERATING_EXPENDITURE_LINE,
)
from openbook.finance.model.finance_return import FinanceReturn, RiskKind
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear
from openbook.reference.model.sustainability import (
    SustainabilityAllocation,
    calculate_finance_element_at_risk,
)


@dataclass(frozen=True)
class PositionAddition:
    """Spend another feature put into an organisation's plan that its return does not carry
    (a programme's investment in a year already returned): the gross spend, and its effect
    on the control-total basis (minus the part not funded from outside), which the position
    adds to its plan, actual and forecast. The feature that supplies it decides what the
    return already carries, so nothing is counted twice (docs/programme.md)."""

    source: str  # e.g. "One NHS in Dorset: programme investment"
    spend_annual_plan: Decimal
    spend_plan_ytd: Decimal
    spend_actual_ytd: Decimal
    spend_forecast: Decimal
    net_plan_ytd: Decimal
    net_actual_ytd: Decimal
    net_forecast: Decimal


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


@dataclass(frozen=True)
class Position:
    """The figures every partner sees for one organisation (or the system) at a month."""

    code: str
    name: str
    financial_year: FinancialYear
    month: int
    has_return: bool
    return_version: int | None
    control_total: Decimal | None
    ytd_plan: Decimal
    ytd_actual: Decimal
    forecast_outturn: Decimal
    transfers: Decimal
    cip_plan_annual: Decimal
    cip_plan_ytd: Decimal
    cip_actual_ytd: Decimal
    cip_recurrent_ytd: Decimal
    cip_non_recurrent_ytd: Decimal
    cip_forecast: Decimal
    operating_expenditure: Decimal
    risks_gross: Decimal
    risks_net: Decimal
    mitigations_gross: Decimal
    mitigations_net: Decimal
    sustainability_funding: Decimal
    sustainability_at_risk: Decimal
    additions: tuple[PositionAddition, ...] = ()  # in plan, actual and forecast already

    @property
    def ytd_variance(self) -> Decimal:
        return self.ytd_actual - self.ytd_plan

    @property
    def gap(self) -> Decimal | None:
        """Forecast outturn less control total: positive is headroom, negative a shortfall.
        Unknown without a control total or a return to forecast from."""
        if self.control_total is None or not self.has_return:
            return None
        return self.forecast_outturn - self.control_total

    @property
    def risk_adjusted_forecast(self) -> Decimal:
        return self.forecast_outturn - self.risks_net + self.mitigations_net

    @property
    def cip_variance_ytd(self) -> Decimal:
        return self.cip_actual_ytd - self.cip_plan_ytd

    @property
    def cip_pct(self) -> Decimal | None:
        """Annual CIP plan as a share of operating expenditure (the national measure)."""
        if self.operating_expenditure == 0:
            return None
        return self.cip_plan_annual / self.operating_expenditure

    @property
    def meets_control_total(self) -> bool | None:
        gap = self.gap
        return None if gap is None else gap >= 0

    @property
    def rag(self) -> Rag:
        return calculate_rag(
            self.has_return, self.control_total, self.forecast_outturn, self.risk_adjusted_forecast
        )


def calculate_rag(
    has_return: bool,
    control_total: Decimal | None,
    forecast_outturn: Decimal,
    risk_adjusted_forecast: Decimal,
) -> Rag:
    if not has_return or control_total is None:
        return Rag.GREY
    if forecast_outturn < control_total:
        return Rag.RED
    if risk_adjusted_forecast < control_total:
        return Rag.AMBER
    return Rag.GREEN


def calculate_position(
    *,
    code: str,
    name: str,
    financial_year: FinancialYear,
    month: int,
    finance_return: FinanceReturn | None,
    return_version: int | None,
    control_total: Decimal | None,
    transfers: Decimal,
    allocation: SustainabilityAllocation | None,
    additions: tuple[PositionAddition, ...] = (),
) -> Position:
    """One organisation's position from its latest return, control total and transfers.

    Agreed system transfers are added to YTD actual and forecast (they are money the
    organisation will have) but not to plan, so the variance shows their effect. Additions
    (spend the return does not carry) count in plan, actual and forecast by their net effect.
    """
    r = finance_return
    amount = (lambda _line, _column: ZERO) if r is None else r.amount
    added = {
        name: sum((getattr(a, name) for a in additions), ZERO)
        for name in ("net_plan_ytd", "net_actual_ytd", "net_forecast")
    }
    forecast = amount(CONTROL_TOTAL_LINE, "forecast_outturn") + transfers + added["net_forecast"]
    # Without a return nothing is known about the forecast, so nothing is put at risk.
    meets = r is None or (control_total is not None and forecast >= control_total)
    return Position(
        code=code,
        name=name,
        financial_year=financial_year,
        month=month,
        has_return=r is not None,
        return_version=return_version,
        control_total=control_total,
        ytd_plan=amount(CONTROL_TOTAL_LINE, "plan_ytd") + added["net_plan_ytd"],
        ytd_actual=amount(CONTROL_TOTAL_LINE, "actual_ytd") + transfers + added["net_actual_ytd"],
        forecast_outturn=forecast,
        transfers=transfers,
        cip_plan_annual=amount(CIP_TOTAL_LINE, "annual_plan"),
        cip_plan_ytd=amount(CIP_TOTAL_LINE, "plan_ytd"),
        cip_actual_ytd=amount(CIP_TOTAL_LINE, "actual_ytd"),
        cip_recurrent_ytd=amount(CIP_RECURRENT_LINE, "actual_ytd"),
        cip_non_recurrent_ytd=amount(CIP_NON_RECURRENT_LINE, "actual_ytd"),
        cip_forecast=amount(CIP_TOTAL_LINE, "forecast_outturn"),
        operating_expenditure=amount(OPERATING_EXPENDITURE_LINE, "forecast_outturn"),
        risks_gross=ZERO if r is None else r.gross_risk(RiskKind.RISK),
        risks_net=ZERO if r is None else r.net_risk(RiskKind.RISK),
        mitigations_gross=ZERO if r is None else r.gross_risk(RiskKind.MITIGATION),
        mitigations_net=ZERO if r is None else r.net_risk(RiskKind.MITIGATION),
        sustainability_funding=ZERO if allocation is None else allocation.annual_amount,
        sustainability_at_risk=calculate_finance_element_at_risk(allocation, meets),
        additions=additions,
    )


_SUMMED_FIELDS = (
    "ytd_plan",
    "ytd_actual",
    "forecast_outturn",
    "transfers",
    "cip_plan_annual",
    "cip_plan_ytd",
    "cip_actual_ytd",
    "cip_recurrent_ytd",
    "cip_non_recurrent_ytd",
    "cip_forecast",
    "operating_expenditure",
    "risks_gross",
    "risks_net",
    "mitigations_gross",
    "mitigations_net",
    "sustainability_funding",
    "sustainability_at_risk",
)


def calculate_system_position(
    *, code: str, name: str, financial_year: FinancialYear, month: int, members: list[Position]
) -> Position:
    """The system position is the sum of its partners' positions.

    The system control total is the sum of the partners' control totals; it is
    unknown (None) if any partner has none. The system counts as having a return
    only when every partner has one.
    """
    sums: dict[str, Decimal] = {
        name_: sum((getattr(p, name_) for p in members), ZERO) for name_ in _SUMMED_FIELDS
    }
    totals = [p.control_total for p in members]
    control_total = (
        None if any(t is None for t in totals) else sum((t for t in totals if t is not None), ZERO)
    )
    return Position(
        code=code,
        name=name,
        financial_year=financial_year,
        month=month,
        has_return=bool(members) and all(p.has_return for p in members),
        return_version=None,
        control_total=control_total,
        additions=(),  # each partner's are in its own figures, and so in these sums
        **sums,
    )
