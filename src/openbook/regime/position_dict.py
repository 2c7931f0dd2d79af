"""The JSON shape of a position under a regime other than 2017/18's: the finance position
as it always was, with the regime's tests, capital, cash and workforce added to each
organisation and to the system."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from openbook.finance.model.position import Position
from openbook.finance.position_report import (
    SystemPosition,
    position_to_dict,
    system_position_to_dict,
)
from openbook.kernel.money import ZERO, money_str
from openbook.kernel.organisation import Organisation
from openbook.regime.model.ccw import CcwFigures, CcwReturn, calculate_ccw_figures
from openbook.regime.model.ccw_rules import calculate_change_pct
from openbook.regime.model.icb import IcbFigures, calculate_icb_figures
from openbook.regime.model.regime import Regime
from openbook.regime.model.staff_group import StaffGroupFigures, calculate_staff_group_figures
from openbook.regime.model.verdict import (
    Figures,
    Verdict,
    calculate_breakeven_met,
    evaluate_organisation,
    evaluate_system,
)

CCW_FIELDS = (
    "ccw_return_version",
    "capital_envelope",
    "capital_actual_ytd",
    "capital_forecast",
    "capital_forecast_by_source",
    "capital_headroom",
    "cash_balance",
    "cash_days",
    "bppc_pct",
    "wte_actual",
    "wte_by_contract",
    "agency_pct_of_pay",
    "bank_pct_of_pay",
    "agency_change_pct",
    "wte_by_staff_group",
    "pay_by_staff_group",
)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def figures_of(p: Position) -> Figures:
    return Figures(
        p.has_return,
        p.control_total,
        p.forecast_outturn,
        p.risk_adjusted_forecast,
        p.operating_expenditure,
    )


def _verdict(v: Verdict) -> dict[str, Any]:
    return {
        "test": v.test,
        "target": _money(v.target),
        "met": v.met,
        "duty": v.duty,
        "rag": v.rag,
    }


def _staff_groups(
    groups: list[StaffGroupFigures] | None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """WTE and pay by staff group (null when the return has no staff-group lines)."""
    if groups is None:
        return None, None
    wte = {
        g.group: {
            "plan": f"{g.wte_plan:.2f}",
            "actual": f"{g.wte_actual:.2f}",
            "by_contract": {c: f"{v:.2f}" for c, v in g.wte_by_contract.items()},
        }
        for g in groups
    }
    pay = {
        g.group: {
            "annual_plan": money_str(g.pay_plan),
            "actual_ytd": money_str(g.pay_actual_ytd),
            "forecast_outturn": money_str(g.pay_forecast),
            "by_contract": {c: money_str(v) for c, v in g.pay_by_contract.items()},
            "agency_pct_of_pay": _number(g.agency_pct_of_pay),
            "bank_pct_of_pay": _number(g.bank_pct_of_pay),
        }
        for g in groups
    }
    return wte, pay


def _ccw_shape(
    figures: CcwFigures | None,
    version: int | None,
    agency_before: Decimal | None,
    r: CcwReturn | None = None,
) -> dict[str, Any]:
    if figures is None or r is None:
        return dict.fromkeys(CCW_FIELDS)
    wte_by_group, pay_by_group = _staff_groups(calculate_staff_group_figures([r]))
    return {
        "ccw_return_version": version,
        "capital_envelope": money_str(figures.capital_envelope),
        "capital_actual_ytd": money_str(figures.capital_actual_ytd),
        "capital_forecast": money_str(figures.capital_forecast),
        "capital_forecast_by_source": {
            k: money_str(v) for k, v in figures.capital_forecast_by_source.items()
        },
        "capital_headroom": money_str(figures.capital_headroom),
        "cash_balance": money_str(figures.cash_balance),
        "cash_days": _number(figures.cash_days),
        "bppc_pct": _number(figures.bppc_pct),
        "wte_actual": f"{figures.wte_actual:.2f}",
        "wte_by_contract": {k: f"{v:.2f}" for k, v in figures.wte_by_contract.items()},
        "agency_pct_of_pay": _number(figures.agency_pct_of_pay),
        "bank_pct_of_pay": _number(figures.bank_pct_of_pay),
        "agency_change_pct": _number(
            calculate_change_pct(figures.pay_actual_ytd["agency"], agency_before)
        ),
        "wte_by_staff_group": wte_by_group,
        "pay_by_staff_group": pay_by_group,
    }


def _open_in_month(org: Organisation | None, start: date, end: date) -> bool:
    if org is None:
        return True
    return (org.valid_from is None or org.valid_from <= end) and (
        org.valid_to is None or org.valid_to >= start
    )


def _organisation(
    p: Position,
    regime: Regime,
    ccw: dict[str, tuple[CcwReturn, int]],
    before: dict[str, CcwReturn],
    open_in_month: bool,
) -> dict[str, Any]:
    shape = position_to_dict(p)
    found = ccw.get(p.code)
    figures = None if found is None else calculate_ccw_figures(found[0], p.operating_expenditure)
    earlier = before.get(p.code)
    agency_before = None if earlier is None else earlier.amount("pay.agency", "actual")
    return {
        **shape,
        "open_in_month": open_in_month,
        "breakeven_met": calculate_breakeven_met(figures_of(p)),
        "regime_test": _verdict(evaluate_organisation(regime, figures_of(p))),
        **_ccw_shape(
            figures,
            None if found is None else found[1],
            agency_before,
            None if found is None else found[0],
        ),
        "agency_target_met": _agency_target_met(regime, figures, agency_before),
        "icb_return": None if found is None else _icb_shape(calculate_icb_figures(found[0])),
        "bppc_target_met": _bppc_target_met(regime, figures),
    }


def _icb_shape(figures: IcbFigures | None) -> dict[str, Any] | None:
    """A commissioner's line: programme spend against its allocation, running costs against
    the running cost allowance (forecasts for the year)."""
    if figures is None:
        return None
    return {
        "programme_allocation": money_str(figures.programme_allocation),
        "programme_spend_ytd": money_str(figures.programme_spend_ytd),
        "programme_spend_forecast": money_str(figures.programme_spend_forecast),
        "programme_headroom": money_str(figures.programme_headroom),
        "running_cost_allowance": money_str(figures.running_cost_allowance),
        "running_costs_ytd": money_str(figures.running_costs_ytd),
        "running_costs_forecast": money_str(figures.running_costs_forecast),
        "running_costs_headroom": money_str(figures.running_costs_headroom),
        "running_costs_within_allowance": figures.running_costs_within_allowance,
    }


def _bppc_target_met(regime: Regime, figures: CcwFigures | None) -> bool | None:
    """Invoices paid within 30 days at least the regime's BPPC target (95%)."""
    if regime.bppc_target_pct is None or figures is None or figures.bppc_pct is None:
        return None
    return figures.bppc_pct >= regime.bppc_target_pct


def _agency_target_met(
    regime: Regime, figures: CcwFigures | None, agency_before: Decimal | None
) -> bool | None:
    """Is agency pay (year to date) down by at least the regime's reduction on the same
    month of the year before? None without a target or either year's figure."""
    if regime.agency_reduction_pct is None or figures is None:
        return None
    change = calculate_change_pct(figures.pay_actual_ytd["agency"], agency_before)
    return None if change is None else change <= -regime.agency_reduction_pct


def _system_ccw(organisations: list[dict[str, Any]]) -> dict[str, Any]:
    """The partners' capital, cash and workforce added up (those with a CCW return)."""
    reported = [o for o in organisations if o["ccw_return_version"] is not None]

    def total(key: str) -> Decimal:
        return sum((Decimal(o[key]) for o in reported), ZERO)

    return {
        "ccw_returns": len(reported),
        "capital_envelope": money_str(total("capital_envelope")),
        "capital_forecast": money_str(total("capital_forecast")),
        "capital_headroom": money_str(total("capital_headroom")),
        "cash_balance": money_str(total("cash_balance")),
        "wte_actual": f"{total('wte_actual'):.2f}",
    }


def regime_position_to_dict(
    report: SystemPosition,
    regime: Regime,
    ccw: dict[str, tuple[CcwReturn, int]],
    ccw_year_before: dict[str, CcwReturn],
    organisations: dict[str, Organisation],
    month_dates: tuple[date, date],
) -> dict[str, Any]:
    base = system_position_to_dict(report)
    start, end = month_dates

    def shape(p: Position) -> dict[str, Any]:
        opened = _open_in_month(organisations.get(p.code), start, end)
        return _organisation(p, regime, ccw, ccw_year_before, opened)

    partners = [shape(p) for p in report.organisations]
    in_month = [
        figures_of(p)
        for p, o in zip(report.organisations, partners, strict=True)
        if o["open_in_month"] or p.has_return
    ]
    system = evaluate_system(regime, in_month)
    measure = {**_verdict(system), "label": regime.system_test.label}
    return {
        "synthetic": base["synthetic"],
        "regime": {
            "financial_year": regime.financial_year.label,
            "name": regime.name,
            "accountable_unit": regime.accountable_unit.value,
            "organisation_test": regime.organisation_test.value,
            "system_test": regime.system_test.value,
            "capital_envelope_level": regime.envelope_level.value,
            "files": list(regime.files),
        },
        "system": {
            **base["system"],
            "breakeven_met": calculate_breakeven_met(figures_of(report.position)),
            "system_measure": measure,
            **_system_ccw(partners),
        },
        "organisations": partners,
        "associates": [shape(p) for p in report.associates],
    }
