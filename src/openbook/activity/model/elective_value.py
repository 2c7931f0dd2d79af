"""Elective value: value-weighted elective activity against 2019/20, as NHS England measures
elective recovery. Both the year's activity and the 2019/20 activity of the same months are
priced at the year's prices, so the percentage measures volume and case mix, not price.

value % = sum(count x price) this year / sum(count x price) of the same months in 2019/20
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openbook.activity.model.activity import ELECTIVE_PODS, ActivityCount
from openbook.kernel.money import ZERO, to_pounds
from openbook.kernel.period import FinancialYear, period_of

BASELINE_YEAR = FinancialYear(2019)  # 2019/20, the last year before the pandemic
ALL = ""  # the code of "every provider" or "every commissioner" in a line
# The national ambition, % of 2019/20 value-weighted activity (sources in docs/activity.md).
NATIONAL_TARGETS: dict[str, Decimal] = {"2023/24": Decimal(107), "2024/25": Decimal(107)}


@dataclass(frozen=True)
class ElectiveValueMonth:
    month: int
    value: Decimal  # this year's elective activity at this year's prices
    baseline_value: Decimal  # the same month of 2019/20 at this year's prices

    @property
    def percent(self) -> Decimal | None:
        return value_percent(self.value, self.baseline_value)


@dataclass(frozen=True)
class ElectiveValueLine:
    """One provider with one commissioner; ALL for a code means every one of them."""

    provider_code: str
    commissioner_code: str
    months: tuple[ElectiveValueMonth, ...]  # the months with activity this year

    @property
    def value_ytd(self) -> Decimal:
        return sum((m.value for m in self.months), ZERO)

    @property
    def baseline_ytd(self) -> Decimal:
        return sum((m.baseline_value for m in self.months), ZERO)

    @property
    def percent_ytd(self) -> Decimal | None:
        return value_percent(self.value_ytd, self.baseline_ytd)

    @property
    def level(self) -> str:
        if self.provider_code == ALL:
            return "system" if self.commissioner_code == ALL else "commissioner"
        return "provider" if self.commissioner_code == ALL else "provider-commissioner"


def value_percent(value: Decimal, baseline: Decimal) -> Decimal | None:
    """value / baseline as a % to one place, half up; None without a baseline."""
    if baseline == 0:
        return None
    return (value * 100 / baseline).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


Key = tuple[str, str, int]  # provider, commissioner, month


def _priced(
    counts: list[ActivityCount], year: FinancialYear, prices: dict[str, Decimal]
) -> dict[Key, Decimal]:
    totals: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for count in counts:
        count_year, month = period_of(count.period_start)
        if count_year == year and count.pod in ELECTIVE_PODS and count.pod in prices:
            key = (count.provider_code, count.commissioner_code, month)
            totals[key] += Decimal(count.count) * prices[count.pod]
    return totals


def unpriced_elective_pods(actuals: list[ActivityCount], prices: dict[str, Decimal]) -> list[str]:
    """Elective points of delivery with activity but no price (left out of both sides)."""
    return sorted({c.pod for c in actuals if c.pod in ELECTIVE_PODS and c.pod not in prices})


def calculate_elective_value(
    actuals: list[ActivityCount],
    baseline: list[ActivityCount],
    prices: dict[str, Decimal],
    year: FinancialYear,
    up_to: int,
    successors: dict[str, str] | None = None,
) -> list[ElectiveValueLine]:
    """Lines per provider x commissioner, per provider, per commissioner and for the system,
    each with the months M1..up_to that have activity this year. `successors` maps a 2019/20
    provider to the one that now holds its services (a merged trust), so its baseline joins."""
    renamed = successors or {}
    now = _priced(actuals, year, prices)
    then_raw = _priced(baseline, BASELINE_YEAR, prices)
    then: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for (provider, commissioner, month), value in then_raw.items():
        then[(renamed.get(provider, provider), commissioner, month)] += value
    pairs = sorted({(p, c) for p, c, m in now if m <= up_to})
    scopes = sorted(
        {*pairs, *((p, ALL) for p, _ in pairs), *((ALL, c) for _, c in pairs), (ALL, ALL)}
        if pairs
        else set()
    )
    lines = []
    for provider, commissioner in scopes:

        def within(key: Key, p: str = provider, c: str = commissioner) -> bool:
            return p in (ALL, key[0]) and c in (ALL, key[1])

        months = sorted({m for key in now if within(key) and (m := key[2]) <= up_to})
        lines.append(
            ElectiveValueLine(
                provider,
                commissioner,
                tuple(
                    ElectiveValueMonth(
                        month,
                        to_pounds(
                            sum((v for k, v in now.items() if within(k) and k[2] == month), ZERO)
                        ),
                        to_pounds(
                            sum((v for k, v in then.items() if within(k) and k[2] == month), ZERO)
                        ),
                    )
                    for month in months
                ),
            )
        )
    return lines


def elective_value_to_date(
    actuals: list[ActivityCount],
    provider_code: str,
    commissioner_code: str,
    prices: dict[str, Decimal],
    year: FinancialYear,
    up_to: int,
) -> Decimal:
    """One pair's elective activity M1..up_to at the year's unit prices (unpriced left out)."""
    total = ZERO
    for count in actuals:
        count_year, month = period_of(count.period_start)
        if (
            count_year == year
            and month <= up_to
            and count.provider_code == provider_code
            and count.commissioner_code == commissioner_code
            and count.pod in ELECTIVE_PODS
            and count.pod in prices
        ):
            total += Decimal(count.count) * prices[count.pod]
    return to_pounds(total)
