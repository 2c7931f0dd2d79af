"""The elective value report: value-weighted elective activity against 2019/20 per provider
and commissioner, monthly and year to date, against the system's target, with a Making Data
Count chart of each provider's and the system's monthly percentage. One answer for the
CLI, the page and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from openbook.activity import store as activity
from openbook.activity.load import system_providers
from openbook.activity.model.activity import ELECTIVE_PODS, ActivityCount
from openbook.activity.model.elective_value import (
    ALL,
    BASELINE_YEAR,
    NATIONAL_TARGETS,
    ElectiveValueLine,
    calculate_elective_value,
    unpriced_elective_pods,
)
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear, month_start, period_of
from openbook.reference import store as organisations
from openbook.spc import SpcResult, spc
from openbook.spc.chart import vega_lite_spec

SYSTEM_SERIES = "system"  # the SPC facet of the whole system


@dataclass(frozen=True)
class ElectiveValueReport:
    system_code: str
    financial_year: FinancialYear
    month: int
    lines: tuple[ElectiveValueLine, ...]
    target: Decimal | None  # % of 2019/20
    target_source: str
    unpriced: tuple[str, ...]
    synthetic: bool
    icons: dict[str, tuple[str, str | None]]  # series -> (variation, assurance)
    spc_result: SpcResult | None = field(default=None, compare=False, repr=False)

    def line(self, provider: str = ALL, commissioner: str = ALL) -> ElectiveValueLine | None:
        return next(
            (
                ln
                for ln in self.lines
                if ln.provider_code == provider and ln.commissioner_code == commissioner
            ),
            None,
        )


def _successors(session: Session, providers: list[str]) -> dict[str, str]:
    """Organisations whose services a provider now holds (at any depth): old -> new."""
    every = organisations.list_organisations(session)
    found: dict[str, str] = {}
    for provider in providers:
        queue = [provider]
        while queue:
            code = queue.pop()
            for org in every:
                if org.successor_code == code and org.org_code not in found:
                    found[org.org_code] = provider
                    queue.append(org.org_code)
    return found


def _elective(counts: list[ActivityCount]) -> list[ActivityCount]:
    return [c for c in counts if c.pod in ELECTIVE_PODS]


def _target(
    session: Session, system_code: str, year: FinancialYear, given: Decimal | None
) -> tuple[Decimal | None, str]:
    if given is not None:
        return given, "given with the request"
    stored = activity.get_elective_target(session, system_code, year)
    if stored is not None:
        return stored
    if year.label in NATIONAL_TARGETS:
        return NATIONAL_TARGETS[year.label], f"national planning guidance {year.label}"
    return None, f"no target held for {year.label}"


@dataclass(frozen=True)
class _Inputs:
    providers: list[str]
    successors: dict[str, str]
    baseline: list[ActivityCount]


def _year_lines(
    session: Session, inputs: _Inputs, year: FinancialYear, up_to: int
) -> tuple[list[ElectiveValueLine], list[str]]:
    prices = activity.get_prices(session, year)
    actuals = _elective(
        activity.list_counts(session, inputs.providers, year.start_date, month_start(year, up_to))
    )
    if not prices or not actuals:
        return [], []
    lines = calculate_elective_value(
        actuals, inputs.baseline, prices, year, up_to, inputs.successors
    )
    return lines, unpriced_elective_pods(actuals, prices)


def _spc(points: list[tuple[str, date, Decimal]], target: Decimal | None) -> SpcResult | None:
    if not points:
        return None
    data = pd.DataFrame(
        [(s, d, float(p)) for s, d, p in points], columns=["series", "month", "percent"]
    )
    data["month"] = pd.to_datetime(data["month"])
    return spc(
        data,
        "percent",
        "month",
        facet_col="series",
        improvement_direction="increase",
        target=None if target is None else float(target),
    )


def _points(lines: list[ElectiveValueLine], year: FinancialYear) -> list[tuple[str, date, Decimal]]:
    """Monthly % of the provider and system lines, as SPC series."""
    found = []
    for ln in lines:
        if ln.level not in ("provider", "system"):
            continue
        series = ln.provider_code or SYSTEM_SERIES
        for m in ln.months:
            if m.percent is not None:
                found.append((series, month_start(year, m.month), m.percent))
    return found


def _latest_month(session: Session, providers: list[str], year: FinancialYear) -> int:
    counts = _elective(activity.list_counts(session, providers, year.start_date, year.end_date))
    if not counts:
        raise NotFoundError(f"no elective activity held for {year.label}")
    return max(period_of(c.period_start)[1] for c in counts)


def elective_value_report(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int | None = None,
    *,
    target: Decimal | None = None,
) -> ElectiveValueReport:
    if year.start_year <= BASELINE_YEAR.start_year:
        raise OpenbookError(
            f"elective value is measured against {BASELINE_YEAR.label}: choose a later year"
        )
    with db.reading() as session:
        providers = system_providers(session, system_code, year)
        month = month or _latest_month(session, providers, year)
        successors = _successors(session, providers)
        baseline = _elective(
            activity.list_counts(
                session,
                [*providers, *successors],
                BASELINE_YEAR.start_date,
                BASELINE_YEAR.end_date,
            )
        )
        if not baseline:
            raise NotFoundError(
                f"no {BASELINE_YEAR.label} elective activity is held for {system_code}'s"
                " providers: the baseline is missing"
            )
        inputs = _Inputs(providers, successors, baseline)
        lines, unpriced = _year_lines(session, inputs, year, month)
        if not lines:
            raise NotFoundError(
                f"no prices held for {year.label}: elective value needs the year's prices"
                f" (openbook activity prices FILE --year {year.label})"
            )
        points: list[tuple[str, date, Decimal]] = []
        for start in range(BASELINE_YEAR.start_year + 1, year.start_year):
            earlier = FinancialYear(start)
            points += _points(_year_lines(session, inputs, earlier, 12)[0], earlier)
        points += _points(lines, year)
        chosen, source = _target(session, system_code, year, target)
        synthetic = activity.has_synthetic(session, providers, year)
    result = _spc(points, chosen)
    icons: dict[str, tuple[str, str | None]] = {}
    if result is not None:
        for row in result.icons.itertuples(index=False):
            assurance = None if pd.isna(row.assurance_icon) else str(row.assurance_icon)
            icons[str(row.f)] = (str(row.variation_icon), assurance)
    return ElectiveValueReport(
        system_code,
        year,
        month,
        tuple(lines),
        chosen,
        source,
        tuple(unpriced),
        synthetic,
        icons,
        result,
    )


def elective_value_chart(report: ElectiveValueReport, series: str) -> dict[str, Any] | None:
    """The Making Data Count chart of one provider's (or the system's) monthly %."""
    if report.spc_result is None or series not in report.icons:
        return None
    who = report.system_code if series == SYSTEM_SERIES else series
    spec = vega_lite_spec(
        report.spc_result,
        series,
        f"{who}: elective value, % of {BASELINE_YEAR.label}",
        y_title=f"% of {BASELINE_YEAR.label} value",
    )
    described = str(spec["description"]).removeprefix(f"{series}:")
    spec["description"] = (
        f"{who}, each month's elective activity at that year's prices as a % of the same"
        f" month of {BASELINE_YEAR.label}:{described}"
    )
    return spec


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def elective_value_to_dict(report: ElectiveValueReport) -> dict[str, Any]:
    """JSON-ready: money as strings of pounds, percentages as strings to one place."""

    def series_of(ln: ElectiveValueLine) -> str | None:
        if ln.level == "system":
            return SYSTEM_SERIES
        return ln.provider_code if ln.level == "provider" else None

    lines = []
    for ln in report.lines:
        series = series_of(ln)
        variation, assurance = report.icons.get(series or "", (None, None))
        lines.append(
            {
                "level": ln.level,
                "provider": ln.provider_code or None,
                "commissioner": ln.commissioner_code or None,
                "value_ytd": money_str(ln.value_ytd),
                "baseline_ytd": money_str(ln.baseline_ytd),
                "percent_ytd": _pct(ln.percent_ytd),
                "variation_icon": variation,
                "assurance_icon": assurance,
                "months": [
                    {
                        "month": f"M{m.month}",
                        "value": money_str(m.value),
                        "baseline_value": money_str(m.baseline_value),
                        "percent": _pct(m.percent),
                    }
                    for m in ln.months
                ],
            }
        )
    return {
        "system": report.system_code,
        "financial_year": report.financial_year.label,
        "month": f"M{report.month}",
        "baseline_year": BASELINE_YEAR.label,
        "points_of_delivery": list(ELECTIVE_PODS),
        "target_percent": _pct(report.target),
        "target_source": report.target_source,
        "synthetic": report.synthetic,
        "unpriced": list(report.unpriced),
        "lines": lines,
    }
