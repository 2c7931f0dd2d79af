"""A scenario back to its file's document: what is stored, downloaded and copied, so
`parse_scenario(scenario_document(s)) == s`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear
from openbook.planning.model.scenario import (
    DEFAULT_CIP_THRESHOLD_PCT,
    Assumptions,
    OrganisationPlan,
    Rate,
    Scenario,
)

BREAKEVEN = "breakeven"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _rate_document(values: tuple[Decimal, ...], years: tuple[FinancialYear, ...]) -> Any:
    if len(set(values)) == 1:
        return _number(values[0])
    return {year.label: _number(value) for year, value in zip(years, values, strict=True)}


def rates_document(assumptions: Assumptions, years: tuple[FinancialYear, ...]) -> dict[str, Any]:
    """Every rate, but the recurrent share of the CIP only when it is not all recurrent."""
    return {
        rate.value: _rate_document(assumptions.rates[rate], years)
        for rate in Rate
        if rate.required
        or rate is Rate.CIP
        or any(value != rate.default for value in assumptions.rates[rate])
    }


def _amount_document(values: tuple[Decimal, ...], years: tuple[FinancialYear, ...]) -> Any:
    if len(set(values)) == 1:
        return money_str(values[0])
    return {year.label: money_str(value) for year, value in zip(years, values, strict=True)}


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The scenario as its file: what is stored, downloaded and copied."""
    years = scenario.years
    targets = {
        p.org_code: _amount_document(p.target, years)
        for p in scenario.organisations
        if any(p.target)
    }
    document: dict[str, Any] = {
        "name": scenario.name,
        "base_year": scenario.base_year.label,
        "years": len(years),
        "target": targets or BREAKEVEN,
        "assumptions": rates_document(scenario.assumptions, years),
        "organisations": [_organisation_document(p, years) for p in scenario.organisations],
    }
    if scenario.cip_threshold_pct != DEFAULT_CIP_THRESHOLD_PCT:
        document["cip_threshold_pct"] = _number(scenario.cip_threshold_pct)
    return document


def _organisation_document(
    plan: OrganisationPlan, years: tuple[FinancialYear, ...]
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "org_code": plan.org_code,
        "kind": plan.kind,
        "income": money_str(plan.income),
        "pay": money_str(plan.pay),
        "non_pay": money_str(plan.non_pay),
    }
    if plan.mitigations:
        document["mitigations"] = {
            m.value: _amount_document(v, years) for m, v in plan.mitigations.items()
        }
    if plan.financing:
        document["financing"] = money_str(plan.financing)
    if plan.income_sources:
        document["income_by_source"] = {s: money_str(a) for s, a in plan.income_sources}
    if plan.non_recurrent:
        document["non_recurrent"] = [
            {"year": i.financial_year.label, "label": i.label, "amount": money_str(i.amount)}
            for i in plan.non_recurrent
        ]
    if plan.cip_maturity:
        document["cip_maturity"] = {
            m.value: _rate_document(v, years) for m, v in plan.cip_maturity.items()
        }
    return document
