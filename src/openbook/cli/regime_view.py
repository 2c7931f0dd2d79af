"""The regime's part of a position table (from 2019/20): each body's test under the year's
rules, and its capital, cash and workforce."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.table import Table

from openbook.cli.output import console
from openbook.kernel.money import format_cell, format_k
from openbook.regime.model.staff_group import SHORT_NAMES

MET = {True: "yes", False: "NO", None: "–"}


def _k(value: str | None) -> str:
    return "–" if value is None else format_cell(Decimal(value))


def _row(o: dict[str, Any], code: str) -> list[str]:
    test = o.get("regime_test") or o.get("system_measure") or {}
    return [
        code,
        MET[o["breakeven_met"]],
        f"{MET[test.get('met')]}{' (duty)' if test.get('duty') else ''}",
        _k(o.get("capital_envelope")),
        _k(o.get("capital_forecast")),
        _k(o.get("capital_headroom")),
        o.get("cash_days") or "–",
        o.get("bppc_pct") or "–",
        o.get("wte_actual") or "–",
        o.get("agency_pct_of_pay") or "–",
    ]


def _icb_line(o: dict[str, Any]) -> None:
    """A commissioner's running costs against its allowance, programme spend against its
    programme allocation (forecasts for the year)."""
    icb = o.get("icb_return")
    if not icb:
        return
    k = {key: format_k(Decimal(value)) for key, value in icb.items() if isinstance(value, str)}
    headroom = Decimal(icb["running_costs_headroom"])
    verdict = "within it" if headroom >= 0 else "over it"
    console.print(
        f"{o['org_code']} running costs: forecast {k['running_costs_forecast']} against a "
        f"running cost allowance of {k['running_cost_allowance']}, "
        f"{format_k(abs(headroom))} {verdict}; programme spend "
        f"{k['programme_spend_forecast']} against a programme allocation of "
        f"{k['programme_allocation']}.",
        highlight=False,
    )


def _staff_group_line(o: dict[str, Any]) -> None:
    """WTE in post against plan and the agency share of pay, by staff group (returns with
    the staff-group section)."""
    wte, pay = o.get("wte_by_staff_group"), o.get("pay_by_staff_group")
    if not wte or not pay:
        return
    parts = [
        f"{SHORT_NAMES[g]} {Decimal(w['actual']):,.2f} of {Decimal(w['plan']):,.2f}, agency "
        f"{pay[g]['agency_pct_of_pay'] or '–'}%"
        for g, w in wte.items()
    ]
    console.print(
        f"{o['org_code']} by staff group (WTE in post of plan; agency % of pay): "
        f"{'; '.join(parts)}.",
        highlight=False,
    )


def render_regime_position(payload: dict[str, Any]) -> None:
    regime = payload["regime"]
    table = Table(
        title=f"{regime['financial_year']} regime: {regime['name']} (£000; capital, cash and "
        "workforce from the CCW returns)",
        title_justify="left",
    )
    headings = [
        "Org",
        "Breaks\neven",
        "Regime\ntest met",
        "Capital\nenvelope",
        "Capital\nforecast",
        "Envelope\nheadroom",
        "Cash\ndays",
        "BPPC\n%",
        "WTE",
        "Agency %\nof pay",
    ]
    for index, name in enumerate(headings):
        table.add_column(name, justify="left" if index == 0 else "right", no_wrap=True)
    for o in payload["organisations"]:
        table.add_row(*_row(o, o["org_code"]))
    table.add_section()
    table.add_row(*_row(payload["system"], "System"), style="bold")
    for o in payload["associates"]:
        table.add_row(*_row(o, f"{o['org_code']}*"))
    console.print(table)
    for o in payload["organisations"]:
        _icb_line(o)
    for o in [*payload["organisations"], *payload["associates"]]:
        _staff_group_line(o)
    measure = payload["system"]["system_measure"]
    console.print(
        f"Accountable: {regime['accountable_unit']}; organisation test: "
        f"{regime['organisation_test']}; system: {measure['label']}. See openbook regime show "
        f"{regime['financial_year']}.",
        style="dim",
        highlight=False,
    )
