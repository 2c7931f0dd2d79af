"""The run-rate challenge for every organisation of a system at a month, with last year's
phasing where last year's figures exist (see `finance.model.run_rate`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from openbook.finance.model.position import Position
from openbook.finance.model.run_rate import (
    RunRateChallenge,
    RunRateThresholds,
    calculate_run_rate_challenge,
)
from openbook.finance.position_report import SystemPosition, get_system_position
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import format_k, money_str
from openbook.kernel.period import FinancialYear, check_month, month_label
from openbook.kernel.rule import ProviderSettings


@dataclass(frozen=True)
class RunRateReport:
    system_code: str
    financial_year: FinancialYear
    month: int
    thresholds: RunRateThresholds
    challenges: tuple[RunRateChallenge, ...]  # partners, the system, then associates
    last_year_known: bool
    partners: frozenset[str]  # the codes that count in the system control total


def thresholds_from_settings(settings: ProviderSettings) -> RunRateThresholds:
    """The challenge's thresholds from finance's rule settings (docs/governance.md)."""
    return RunRateThresholds(
        change_pounds=settings["run_rate_change_pounds"],
        change_opex_pct=settings["run_rate_change_opex_pct"],
        from_month=int(settings["run_rate_from_month"]),
    )


def _last_year(
    db: Database, system_code: str, year: FinancialYear, month: int, as_at: datetime | None
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Last year's YTD actual at the month and its outturn (the M12 YTD actual), by code,
    for each organisation that had a return then; empty when last year is not held."""
    last = FinancialYear(year.start_year - 1)
    try:
        at_month = get_system_position(db, system_code, last, month, as_at)
        at_end = get_system_position(db, system_code, last, 12, as_at)
    except NotFoundError:
        return {}, {}

    def figures(report: SystemPosition) -> dict[str, Decimal]:
        everyone = [report.position, *report.organisations, *report.associates]
        return {p.code: p.ytd_actual for p in everyone if p.has_return}

    return figures(at_month), figures(at_end)


def get_run_rate_challenges(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    thresholds: RunRateThresholds | None = None,
    as_at: datetime | None = None,
) -> RunRateReport:
    """Each organisation with a return for the month, and the system when every partner
    has one, challenged against its run rate and last year's phasing."""
    check_month(month)
    chosen = thresholds or RunRateThresholds()
    report = get_system_position(db, system_code, year, month, as_at)
    ytd_then, outturn_then = _last_year(db, system_code, year, month, as_at)
    ordered: list[Position] = [*report.organisations, report.position, *report.associates]
    challenges = tuple(
        calculate_run_rate_challenge(p, chosen, ytd_then.get(p.code), outturn_then.get(p.code))
        for p in ordered
        if p.has_return
    )
    return RunRateReport(
        report.system.system_code,
        year,
        month,
        chosen,
        challenges,
        bool(outturn_then),
        frozenset(p.code for p in report.organisations),
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def challenge_to_dict(challenge: RunRateChallenge) -> dict[str, Any]:
    """The JSON shape: amounts as strings of pounds with two decimals."""
    return {
        "org_code": challenge.code,
        "name": challenge.name,
        "month": month_label(challenge.month),
        "ytd_actual": money_str(challenge.ytd_actual),
        "monthly_run_rate": money_str(challenge.monthly_run_rate),
        "run_rate_outturn": money_str(challenge.run_rate_outturn),
        "phased_outturn": _money(challenge.phased_outturn),
        "forecast_outturn": money_str(challenge.forecast_outturn),
        "needed_per_month": _money(challenge.needed_per_month),
        "required_change_per_month": _money(challenge.required_change_per_month),
        "threshold": money_str(challenge.threshold),
        "flagged": challenge.flagged,
    }


def run_rate_report_to_dict(report: RunRateReport) -> dict[str, Any]:
    t = report.thresholds
    return {
        "system_code": report.system_code,
        "financial_year": report.financial_year.label,
        "month": month_label(report.month),
        "thresholds": {
            "run_rate_change_pounds": money_str(t.change_pounds),
            "run_rate_change_opex_pct": str(t.change_opex_pct),
            "run_rate_from_month": t.from_month,
        },
        "last_year_known": report.last_year_known,
        "organisations": [challenge_to_dict(c) for c in report.challenges],
    }


def describe_run_rate_challenge(report: RunRateReport) -> str:
    """How to read the challenge's figures, with the thresholds in force."""
    t = report.thresholds
    note = (
        "Needed a month is what each remaining month must come in at to reach the forecast; "
        "change a month is that less the run rate so far. A forecast is challenged, from "
        f"M{t.from_month}, when the change is more than the greater of {format_k(t.change_pounds)} "
        f"and {t.change_opex_pct}% of the organisation's monthly operating expenditure."
    )
    if not report.last_year_known:
        note += " There are no figures for last year, so no phased outturn."
    return note
