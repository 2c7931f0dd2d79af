"""The regime's part of a position table (from 2019/20): each body's test under the year's
rules, and its capital, cash and workforce."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.table import Table

from openbook.cli.output import console
from openbook.kernel.money import format_cell

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
    measure = payload["system"]["system_measure"]
    console.print(
        f"Accountable: {regime['accountable_unit']}; organisation test: "
        f"{regime['organisation_test']}; system: {measure['label']}. See openbook regime show "
        f"{regime['financial_year']}.",
        style="dim",
        highlight=False,
    )
