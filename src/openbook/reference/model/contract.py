"""Contracts between a commissioner and a provider for a financial year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from openbook.kernel.money import ZERO, to_pounds
from openbook.kernel.period import FinancialYear, check_month

EVEN_PHASING: tuple[Decimal, ...] = tuple(Decimal(1) / Decimal(12) for _ in range(12))


class ContractType(StrEnum):
    BLOCK = "block"  # fixed value, whatever the activity
    PBR = "pbr"  # Payment by Results: activity × tariff
    ALIGNED_PAYMENT = "aligned-payment"  # fixed element plus a variable element


@dataclass(frozen=True)
class Contract:
    commissioner_code: str
    provider_code: str
    financial_year: FinancialYear
    contract_type: ContractType
    annual_value: Decimal
    phasing: tuple[Decimal, ...] = EVEN_PHASING  # share of the annual value per month

    def value_to_date(self, month: int) -> Decimal:
        """Contract value for M1..month; the last month takes the rounding so M12 is exact."""
        check_month(month)
        if month == 12:
            return self.annual_value
        share = sum(self.phasing[:month], Decimal(0))
        return to_pounds(self.annual_value * share)


def check_phasing(phasing: tuple[Decimal, ...]) -> list[str]:
    problems = []
    if len(phasing) != 12:
        problems.append(f"phasing has {len(phasing)} months; expected 12")
    if any(share < 0 for share in phasing):
        problems.append("phasing has a negative month")
    if abs(sum(phasing, ZERO) - 1) > Decimal("0.000001"):
        problems.append(f"phasing sums to {sum(phasing, ZERO)}; expected 1")
    return problems
