"""Activity against plan per provider and point of delivery: monthly and year to date."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from openbook.activity.model.activity import ActivityCount, Variance, calculate_four_hour
from openbook.kernel.period import FinancialYear, period_of


@dataclass(frozen=True)
class MonthActivity:
    month: int
    plan: int | None
    actual: int | None
    attendances_breaches: tuple[int, int] | None  # A&E only

    @property
    def four_hour(self) -> Decimal | None:
        if self.attendances_breaches is None:
            return None
        return calculate_four_hour(*self.attendances_breaches)


@dataclass(frozen=True)
class SeriesSummary:
    provider_code: str
    pod: str
    months: tuple[MonthActivity, ...]  # M1 .. the month reported, all commissioners

    @property
    def ytd(self) -> Variance:
        """Plan and actual over the months that have both (like for like)."""
        both = [m for m in self.months if m.plan is not None and m.actual is not None]
        return Variance(sum(m.plan or 0 for m in both), sum(m.actual or 0 for m in both))

    @property
    def ytd_actual(self) -> int:
        return sum(m.actual or 0 for m in self.months)

    @property
    def ytd_four_hour(self) -> Decimal | None:
        known = [m.attendances_breaches for m in self.months if m.attendances_breaches]
        if not known:
            return None
        return calculate_four_hour(sum(a for a, _ in known), sum(b for _, b in known))


def _by_series(
    counts: list[ActivityCount], year: FinancialYear, up_to: int
) -> dict[tuple[str, str], dict[int, list[ActivityCount]]]:
    grouped: dict[tuple[str, str], dict[int, list[ActivityCount]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for count in counts:
        count_year, month = period_of(count.period_start)
        if count_year == year and month <= up_to:
            grouped[(count.provider_code, count.pod)][month].append(count)
    return grouped


def summarise_activity(
    actuals: list[ActivityCount],
    plans: list[ActivityCount],
    year: FinancialYear,
    up_to: int,
) -> list[SeriesSummary]:
    """One summary per provider x point of delivery with any actual or plan, sorted."""
    actual_series = _by_series(actuals, year, up_to)
    plan_series = _by_series(plans, year, up_to)
    summaries = []
    for key in sorted(set(actual_series) | set(plan_series)):
        months = []
        for month in range(1, up_to + 1):
            done = actual_series.get(key, {}).get(month, [])
            planned = plan_series.get(key, {}).get(month, [])
            breaches = [c.breaches for c in done if c.breaches is not None]
            months.append(
                MonthActivity(
                    month,
                    sum(c.count for c in planned) if planned else None,
                    sum(c.count for c in done) if done else None,
                    (sum(c.count for c in done if c.breaches is not None), sum(breaches))
                    if breaches
                    else None,
                )
            )
        summaries.append(SeriesSummary(key[0], key[1], tuple(months)))
    return summaries
