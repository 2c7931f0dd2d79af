"""SYNTHETIC monthly activity for England's acute trusts, in proportion to their real type 1
A&E volume: elective, outpatient and non-elective activity every month, and type 1 A&E for
the months after the shipped file ends (March 2019), from the same month a year before it
ended. Deterministic: seeded by trust."""

from __future__ import annotations

import random
from datetime import date

from openbook.activity.model.activity import AE_POD, ActivityCount
from openbook.demo.activity import EMERGENCY_SEASON, PLANNED_SEASON
from openbook.demo.england_data import Trust
from openbook.kernel.period import FinancialYear, month_start

# A year's volume per type 1 attendance: first outpatient attendances, ordinary elective
# spells, day cases, non-elective spells (of the order of an English acute trust's).
PER_ATTENDANCE = {"E.M.2": 1.1, "E.M.10a": 0.06, "E.M.10b": 0.45, "E.M.11": 0.3}
GROWTH = 0.005  # a year


def _months(first: FinancialYear, last: FinancialYear) -> list[tuple[int, date]]:
    """(month index from `first`'s April, first day) for every month of the years."""
    found: list[tuple[int, date]] = []
    year = first
    while year.start_date <= last.start_date:
        found += [(len(found), month_start(year, m)) for m in range(1, 13)]
        year = year.next()
    return found


def _later_ae(trust: Trust, real: list[ActivityCount], until: date) -> list[ActivityCount]:
    """Type 1 A&E for each month after the file up to `until`, from the same calendar month
    of the last real year, grown."""
    by_month = {c.period_start.month: c for c in sorted(real, key=_when) if c.ae_type == "1"}
    day, made = _next_month(max(c.period_start for c in real)), []
    while day <= until and by_month:
        base = by_month.get(day.month)
        if base is not None:
            made.append(
                ActivityCount(
                    trust.org_code, "", AE_POD, day, _grown(base.count, day, base.period_start),
                    "1", _grown(base.breaches or 0, day, base.period_start),
                    _grown(base.admissions or 0, day, base.period_start),
                )
            )  # fmt: skip
        day = _next_month(day)
    return made


def _when(count: ActivityCount) -> date:
    return count.period_start


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _grown(value: int, day: date, base: date) -> int:
    years = (day.year - base.year) + (day.month - base.month) / 12
    return round(value * float((1 + GROWTH) ** years))


def synthetic_activity(
    trusts: list[Trust],
    commissioner: str,
    real: list[ActivityCount],
    first: FinancialYear,
    last: FinancialYear,
) -> list[ActivityCount]:
    """Elective, outpatient and non-elective counts for each month of `first`..`last`, and
    type 1 A&E after the real data ends, up to `last`'s March."""
    counts = []
    months = _months(first, last)
    for trust in trusts:
        rng = random.Random(f"activity/{trust.org_code}")  # noqa: S311 - reproducible demo data
        for pod, ratio in PER_ATTENDANCE.items():
            season = EMERGENCY_SEASON if pod == "E.M.11" else PLANNED_SEASON
            annual = trust.type1_attendances * ratio
            for index, day in months:
                volume = annual / 12 * season[index % 12] * (1 + GROWTH) ** (index / 12)
                counts.append(
                    ActivityCount(trust.org_code, commissioner, pod, day,
                                  round(volume * rng.gauss(1.0, 0.02)))
                )  # fmt: skip
        own = [c for c in real if c.provider_code == trust.org_code]
        if own:
            counts += _later_ae(trust, own, last.end_date)
    return counts
