"""Challenging forecasts on the overview and organisation pages: the run-rate table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from openbook.finance.bridge import ForecastBridge, get_forecast_bridge
from openbook.finance.model.bridge import TRANSFERS_STEP, UNEXPLAINED_STEP, Bridge, summarise_steps
from openbook.finance.rules import FinanceRules
from openbook.finance.run_rate import (
    RunRateReport,
    describe_run_rate_challenge,
    get_run_rate_challenges,
    thresholds_from_settings,
)
from openbook.governance.config import get_provider_settings
from openbook.kernel.cache import remember
from openbook.kernel.database import Database
from openbook.kernel.money import ZERO, format_k
from openbook.kernel.period import FinancialYear
from openbook.kernel.table_writer import Cell
from openbook.web.charts import Chart
from openbook.web.charts import bridge_chart as waterfall
from openbook.web.pages.period import Period
from openbook.web.tables import Column, Kind, Link, Table

M = Kind.MONEY
LONG_LABELS = {TRANSFERS_STEP, UNEXPLAINED_STEP, "other"}  # shown by label, not by code


def run_rate_report(
    db: Database, system_code: str, year: FinancialYear, month: int, as_at: datetime | None = None
) -> RunRateReport:
    """The challenge with the system's own thresholds, built once per version of the store."""

    def build() -> RunRateReport:
        settings = get_provider_settings(db, system_code, FinanceRules())
        return get_run_rate_challenges(
            db, system_code, year, month, thresholds_from_settings(settings), as_at
        )

    return remember(
        db, ("run_rate", system_code, year.label, month, as_at), build, system=system_code
    )


def run_rate_table(report: RunRateReport, only: str | None = None) -> Table:
    columns = [
        Column("Organisation"),
        Column("YTD actual", M),
        Column("Run-rate outturn", M),
        Column("Phased outturn", M),
        Column("Forecast outturn", M),
        Column("Needed a month", M),
        Column("Change a month", M),
        Column("Challenge"),
    ]
    rows: list[list[Cell | Link]] = [
        [
            f"{c.name} ({c.code})",
            c.ytd_actual,
            c.run_rate_outturn,
            c.phased_outturn,
            c.forecast_outturn,
            c.needed_per_month,
            c.required_change_per_month,
            f"Implausible: more than {format_k(c.threshold)} a month" if c.flagged else "",
        ]
        for c in report.challenges
        if only is None or c.code == only
    ]
    caption = (
        f"Run-rate challenge at M{report.month}: each forecast against the year to date carried "
        "on at the same rate and on last year's phasing"
    )
    return Table("run-rate", caption, columns, rows)


def run_rate_context(db: Database, period: Period, only: str | None = None) -> dict[str, Any]:
    """What `_run_rate.html` shows: the table, how to read it, and each forecast flagged."""
    report = run_rate_report(db, period.system_code, period.year, period.month, period.as_at)
    flags = [
        f"{c.name} ({c.code}): the forecast of {format_k(c.forecast_outturn)} needs each "
        f"remaining month {format_k(c.required_change_per_month or ZERO)} better than the "
        f"run rate of {format_k(c.monthly_run_rate)} a month (year to date "
        f"{format_k(c.ytd_actual)}; {format_k(c.run_rate_outturn)} for the year at that rate)."
        for c in report.challenges
        if c.flagged and (only is None or c.code == only)
    ]
    return {
        "run_rate": run_rate_table(report, only),
        "run_rate_note": describe_run_rate_challenge(report),
        "run_rate_flags": flags,
    }


def forecast_bridge(db: Database, period: Period) -> ForecastBridge | None:
    """The bridge into the period's month, built once per version of the store; None at M1."""
    if period.month == 1:
        return None
    key = ("bridge", period.system_code, period.year.label, period.month, period.as_at)
    return remember(
        db,
        key,
        lambda: get_forecast_bridge(
            db, period.system_code, period.year, period.month, period.as_at
        ),
        system=period.system_code,
    )


def bridge_table(key: str, bridge: Bridge, caption: str) -> Table:
    """Every step (the chart may group the smallest), between the two forecasts."""
    rows: list[list[Cell | Link]] = [[f"Forecast outturn at M{bridge.month - 1}", "", bridge.start]]
    rows += [[s.label, s.code, s.amount] for s in bridge.steps]
    rows.append([f"Forecast outturn at M{bridge.month}", "", bridge.end])
    columns = [Column("Step"), Column("Code"), Column("Change", M)]
    return Table(key, caption, columns, rows)


def bridge_chart(key: str, title: str, bridge: Bridge, cache: dict[str, str]) -> Chart:
    steps = summarise_steps(bridge, keep=8)
    return waterfall(
        key,
        title,
        (f"M{bridge.month - 1} forecast", bridge.start),
        [(s.code if s.code not in LONG_LABELS else s.label, s.amount) for s in steps],
        (f"M{bridge.month} forecast", bridge.end),
        cache,
    )


def bridge_context(
    db: Database, period: Period, cache: dict[str, str], only: str | None = None
) -> dict[str, Any]:
    """What `_bridge.html` shows: for the system, by partner and by line; for one
    organisation, by line. Empty tables at M1."""
    found = forecast_bridge(db, period)
    if found is None:
        return {"bridge_charts": [], "bridge_tables": []}
    if only is None:
        pairs = [
            ("bridge-partners", "Forecast bridge by partner", found.system),
            (
                "bridge-lines",
                "Forecast bridge by line, the partners together",
                found.system_by_line,
            ),
        ]
    else:
        pairs = [("bridge-lines", "Forecast bridge by line", found.bridge_for(only))]
    return {
        "bridge_charts": [bridge_chart(k, title, b, cache) for k, title, b in pairs],
        "bridge_tables": [
            bridge_table(k, b, f"{title}: M{b.month - 1} to M{b.month}") for k, title, b in pairs
        ],
    }
