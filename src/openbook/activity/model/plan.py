"""Activity plans from last year's actuals: the "flat activity" ambition, or growth on it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from openbook.activity.model.activity import ActivityCount, PlanBasis, calculate_plan


def series_key(count: ActivityCount) -> tuple[str, str, str]:
    """A plan is set per provider, commissioner and point of delivery (A&E types summed)."""
    return count.provider_code, count.commissioner_code, count.pod


def build_plans(
    last_year: list[ActivityCount], basis: PlanBasis, growth_percent: Decimal = Decimal(0)
) -> list[ActivityCount]:
    """Each month of the next year planned from the same month of the year given."""
    totals: dict[tuple[str, str, str, date], int] = defaultdict(int)
    for count in last_year:
        totals[(*series_key(count), count.period_start)] += count.count
    return [
        ActivityCount(
            provider,
            commissioner,
            pod,
            start.replace(year=start.year + 1),
            calculate_plan(total, basis, growth_percent),
        )
        for (provider, commissioner, pod, start), total in sorted(totals.items())
    ]
