"""Synthetic monthly activity for the Dorset acute trusts' points of delivery other than
A&E (whose real figures ship with the product), at the real order of magnitude.

The story the numbers tell: each fixed contract was set on its trust's 2016/17 activity at
tariff prices (so 2016/17 activity priced at the demonstration prices equals the contract
value); activity then moves at a different pace in each trust, so under shadow Payment by
Results one trust would have gained and another lost. Deterministic: the same every build.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from openbook.activity.model.activity import AE_POD, ActivityCount

FIRST_YEAR = 2016  # activity from April 2016, the start of the national A&E file
YEARS = 3
COMMISSIONER = "11J"

# Demonstration prices (pounds per unit), of the order of the 2017/18-2018/19 national
# tariff averages; labelled synthetic wherever shown.
PRICES: dict[str, Decimal] = {
    "E.M.6": Decimal(160),
    "E.M.2": Decimal(165),
    "E.M.3": Decimal(95),
    "E.M.10a": Decimal(3650),
    "E.M.10b": Decimal(790),
    "E.M.11": Decimal(1950),
}
# Share of a contract's value, after A&E, that each point of delivery earns.
INCOME_SHARES = {"E.M.2": 0.11, "E.M.3": 0.12, "E.M.10a": 0.18, "E.M.10b": 0.15, "E.M.11": 0.44}
ANNUAL_GROWTH = {"RBD": 0.012, "RD3": -0.006, "RDZ": 0.034}
# Month factors, April to March: planned care dips in August and December; emergency
# admissions peak in winter.
PLANNED_SEASON = (1.0, 1.04, 1.02, 0.98, 0.9, 1.02, 1.06, 1.04, 0.86, 1.04, 1.0, 1.04)
EMERGENCY_SEASON = (0.96, 0.99, 0.97, 1.0, 0.95, 0.96, 1.0, 1.01, 1.07, 1.05, 0.98, 1.06)


def _annual_baseline(contract_value: Decimal, ae_attendances: int) -> dict[str, float]:
    """2016/17 volumes that, priced, add up to the contract value."""
    remaining = float(contract_value) - ae_attendances * float(PRICES[AE_POD])
    return {pod: remaining * share / float(PRICES[pod]) for pod, share in INCOME_SHARES.items()}


def generate_activity(
    contract_values: dict[str, Decimal], ae_attendances_2016: dict[str, int], seed: int = 2017
) -> list[ActivityCount]:
    """Monthly counts per trust and point of delivery, April 2016 to March 2019."""
    rng = random.Random(seed)  # noqa: S311 (reproducible demonstration data, not security)
    counts = []
    for provider, value in sorted(contract_values.items()):
        baseline = _annual_baseline(value, ae_attendances_2016[provider])
        for pod, annual in baseline.items():
            season = EMERGENCY_SEASON if pod == "E.M.11" else PLANNED_SEASON
            for index in range(YEARS * 12):
                year_offset, month_index = divmod(index, 12)
                calendar_month = (month_index + 3) % 12 + 1
                calendar_year = FIRST_YEAR + year_offset + (1 if calendar_month < 4 else 0)
                trend = (1 + ANNUAL_GROWTH[provider]) ** (index / 12)
                noise = rng.gauss(1.0, 0.02)
                volume = annual / 12 * season[month_index] * trend * noise
                counts.append(
                    ActivityCount(
                        provider,
                        COMMISSIONER,
                        pod,
                        date(calendar_year, calendar_month, 1),
                        round(volume),
                    )
                )
    return counts
