"""The tests a regime applies to a position: the organisation's (control total or
breakeven, a duty or its share of the system's) and the system's (none, a system control
total, a breakeven duty, or a local measure). Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from openbook.kernel.money import ZERO
from openbook.regime.model.regime import OrganisationTest, Regime, SystemTest


@dataclass(frozen=True)
class Figures:
    """What a test reads of a position."""

    has_return: bool
    control_total: Decimal | None
    forecast_outturn: Decimal
    risk_adjusted_forecast: Decimal
    operating_expenditure: Decimal


@dataclass(frozen=True)
class Verdict:
    test: str  # control_total, breakeven, or the system test
    target: Decimal | None
    met: bool | None  # None: no return (or no target), so no judgement
    duty: bool  # a duty of this body, or only a measure
    rag: str  # green, amber, red, grey


def _target(test: OrganisationTest, control_total: Decimal | None) -> Decimal | None:
    return ZERO if test is OrganisationTest.BREAKEVEN else control_total


def calculate_regime_rag(regime: Regime, f: Figures) -> str:
    """Red: the forecast below the target less the margin (a share of operating
    expenditure); amber: below the target once net risks and mitigations are applied, or
    within the margin; green otherwise; grey without a return or a target."""
    target = _target(regime.rag.target, f.control_total)
    if not f.has_return or target is None:
        return "grey"
    margin = f.operating_expenditure * regime.rag.amber_margin_pct / 100
    if f.forecast_outturn < target - margin:
        return "red"
    if f.forecast_outturn < target or f.risk_adjusted_forecast < target:
        return "amber"
    return "green"


def calculate_breakeven_met(f: Figures) -> bool | None:
    """Does the forecast outturn (adjusted financial performance) reach breakeven?"""
    return f.forecast_outturn >= 0 if f.has_return else None


def evaluate_organisation(regime: Regime, f: Figures) -> Verdict:
    test = regime.organisation_test
    target = _target(test, f.control_total)
    met = None if not f.has_return or target is None else f.forecast_outturn >= target
    return Verdict(
        test.value, target, met, regime.organisation_accountable, calculate_regime_rag(regime, f)
    )


def evaluate_system(regime: Regime, members: list[Figures]) -> Verdict:
    """The system's test on the sum of its partners: a duty (a system control total, the
    breakeven duty), a local measure (2026/27: breakeven of the sum, not a duty), or none."""
    test = regime.system_test
    totals = [m.control_total for m in members]
    control_total = (
        None if any(t is None for t in totals) else sum((t for t in totals if t is not None), ZERO)
    )
    summed = Figures(
        has_return=bool(members) and all(m.has_return for m in members),
        control_total=control_total,
        forecast_outturn=sum((m.forecast_outturn for m in members), ZERO),
        risk_adjusted_forecast=sum((m.risk_adjusted_forecast for m in members), ZERO),
        operating_expenditure=sum((m.operating_expenditure for m in members), ZERO),
    )
    if test is SystemTest.NONE:
        return Verdict(test.value, None, None, False, "grey")
    target = control_total if test is SystemTest.SUM_OF_CONTROL_TOTALS else ZERO
    met = None if not summed.has_return or target is None else summed.forecast_outturn >= target
    rag_test = (
        OrganisationTest.CONTROL_TOTAL
        if test is SystemTest.SUM_OF_CONTROL_TOTALS
        else OrganisationTest.BREAKEVEN
    )
    rag = calculate_regime_rag(_with_rag_target(regime, rag_test), summed)
    return Verdict(test.value, target, met, test.is_duty, rag)


def _with_rag_target(regime: Regime, target: OrganisationTest) -> Regime:
    return replace(regime, rag=replace(regime.rag, target=target))
