"""Shadow Payment by Results: what actual activity would have earned at tariff prices,
against the fixed contract value paid instead, per provider and month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from openbook.activity.model.activity import ActivityCount
from openbook.kernel.money import ZERO, to_pounds
from openbook.kernel.period import FinancialYear, period_of
from openbook.reference.model.contract import Contract


@dataclass(frozen=True)
class ShadowPbrMonth:
    provider_code: str
    month: int
    contract_value: Decimal  # fixed value paid for the month (phased)
    shadow_value: Decimal  # actual activity x price
    unpriced: tuple[str, ...]  # points of delivery with activity but no price

    @property
    def gain(self) -> Decimal:
        """Positive: the provider would have earned more under PbR than its fixed contract."""
        return self.shadow_value - self.contract_value


def month_contract_value(contracts: list[Contract], month: int) -> Decimal:
    """The phased fixed value of one month: value to date less value to the month before."""
    total = ZERO
    for contract in contracts:
        before = contract.value_to_date(month - 1) if month > 1 else ZERO
        total += contract.value_to_date(month) - before
    return total


def calculate_shadow_pbr(
    provider_code: str,
    year: FinancialYear,
    contracts: list[Contract],
    actuals: list[ActivityCount],
    prices: dict[str, Decimal],
) -> list[ShadowPbrMonth]:
    """Months with actual activity, in order. Contracts are the provider's fixed contracts
    in the year; activity of every commissioner counts, as the contracts cover it."""
    by_month: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for count in actuals:
        count_year, month = period_of(count.period_start)
        if count.provider_code == provider_code and count_year == year:
            by_month[month][count.pod] += count.count
    months = []
    for month in sorted(by_month):
        volumes = by_month[month]
        shadow = sum(
            (Decimal(n) * prices[pod] for pod, n in volumes.items() if pod in prices), ZERO
        )
        months.append(
            ShadowPbrMonth(
                provider_code,
                month,
                month_contract_value(contracts, month),
                to_pounds(shadow),
                tuple(sorted(pod for pod in volumes if pod not in prices)),
            )
        )
    return months
