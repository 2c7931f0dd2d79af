"""SYNTHETIC elective activity for Dorset's acute trusts from 2019/20 (the elective recovery
baseline) to 2026/27 M6, with prices and aligned payment terms from 2021/22, so
that elective value against 2019/20 and the aligned payment have something to show.

The story: planned care falls to about a third in spring 2020 and recovers over three
years, then runs above 2019/20 (RBD a little ahead of University Hospitals Dorset). Poole
(RD3) and Royal Bournemouth (RDZ) count to September 2020; R0D, their successor, from
October 2020. About 5% of activity is for an out-of-area commissioner (Somerset, 11X).
Deterministic: the same every build.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.activity.contract_terms import store_contract_terms
from openbook.activity.load import store_counts, store_prices
from openbook.activity.model.activity import ActivityCount
from openbook.activity.model.aligned_payment import ContractTerms
from openbook.demo import recent_data as data
from openbook.demo.activity import PLANNED_SEASON
from openbook.kernel.money import to_pounds
from openbook.kernel.period import FinancialYear, month_start

COMMISSIONERS = (("11J", 0.95), ("11X", 0.05))
# 2019/20 elective volumes a year: ordinary spells, day cases, first outpatient
# attendances, outpatient procedures.
BASELINE_VOLUMES: dict[str, dict[str, int]] = {
    "RBD": {"E.M.10a": 2900, "E.M.10b": 24000, "E.M.2": 60000, "OPPROC": 12000},
    "RD3": {"E.M.10a": 4000, "E.M.10b": 30000, "E.M.2": 80000, "OPPROC": 15000},
    "RDZ": {"E.M.10a": 5000, "E.M.10b": 36000, "E.M.2": 95000, "OPPROC": 18000},
}
# Volume against 2019/20, by year; April-June 2020 at about a third.
RECOVERY = {
    2019: 1.0,
    2020: 0.80,
    2021: 0.93,
    2022: 1.01,
    2023: 1.05,
    2024: 1.08,
    2025: 1.10,
    2026: 1.12,
}
FIRST_WAVE = {1: 0.30, 2: 0.40, 3: 0.55}  # 2020/21 M1-M3
AHEAD = {"RBD": 0.02, "RD3": 0.0, "RDZ": 0.0, "R0D": -0.01}
LAST = (FinancialYear(2026), 6)
MERGER = (FinancialYear(2020), 7)
# Demonstration unit prices in 2021/22 pounds, 3% a year after (labelled synthetic).
PRICES_2021: dict[str, Decimal] = {
    "E.M.2": Decimal(170),
    "E.M.10a": Decimal(3800),
    "E.M.10b": Decimal(820),
    "OPPROC": Decimal(210),
}
PRICED_YEARS = tuple(FinancialYear(y) for y in range(2021, 2027))
TERMS_YEARS = PRICED_YEARS  # aligned payment terms wherever activity is priced


def recent_prices(year: FinancialYear) -> dict[str, Decimal]:
    uplift = Decimal("1.03") ** (year.start_year - 2021)
    return {pod: to_pounds(price * uplift) for pod, price in PRICES_2021.items()}


def _holder(provider: str, year: FinancialYear, month: int) -> str | None:
    """Who counts a predecessor's activity in a month: itself, then R0D from the merger."""
    if provider == "RBD":
        return "RBD"
    before_merger = (year.start_year, month) < (MERGER[0].start_year, MERGER[1])
    return provider if before_merger else "R0D"


def _months() -> list[tuple[FinancialYear, int]]:
    found = []
    for start in range(2019, LAST[0].start_year + 1):
        last = LAST[1] if start == LAST[0].start_year else 12
        found += [(FinancialYear(start), m) for m in range(1, last + 1)]
    return found


def generate_recent_elective(seed: int = 2019) -> list[ActivityCount]:
    rng = random.Random(seed)  # noqa: S311 (reproducible demonstration data, not security)
    totals: dict[tuple[str, str, str, date], int] = {}
    for provider, volumes in sorted(BASELINE_VOLUMES.items()):
        for year, month in _months():
            holder = _holder(provider, year, month)
            if holder is None:
                continue
            level = RECOVERY[year.start_year] + (AHEAD[holder] if year.start_year > 2019 else 0)
            if year.start_year == 2020:
                level = FIRST_WAVE.get(month, level)
            for pod, annual in sorted(volumes.items()):
                for commissioner, share in COMMISSIONERS:
                    noise = rng.gauss(1.0, 0.02)
                    volume = annual / 12 * PLANNED_SEASON[month - 1] * level * share * noise
                    key = (holder, commissioner, pod, month_start(year, month))
                    totals[key] = totals.get(key, 0) + round(volume)
    return [ActivityCount(p, c, pod, start, n) for (p, c, pod, start), n in sorted(totals.items())]


BASELINE_SHARE = Decimal("1.03")  # the demonstration's agreed baseline: 103% of 2019/20


def recent_terms(
    counts: list[ActivityCount], contract_values: dict[tuple[str, FinancialYear], Decimal]
) -> list[ContractTerms]:
    """Aligned payment terms for 11J's acute contracts from 2021/22: the fixed element is the
    contract value; the elective baseline is 103% of the provider's (and its predecessors')
    2019/20 elective activity for 11J at the year's prices; variable at 100% of unit price."""
    lineage = {"RBD": ("RBD",), "R0D": ("RD3", "RDZ")}
    baseline_year = [
        c for c in counts if c.period_start < date(2020, 4, 1) and c.commissioner_code == "11J"
    ]
    terms = []
    for (provider, year), value in sorted(
        contract_values.items(), key=lambda kv: (kv[0][1].start_year, kv[0][0])
    ):
        if year not in TERMS_YEARS or provider not in lineage:
            continue
        prices = recent_prices(year)
        then = sum(
            (
                Decimal(c.count) * prices[c.pod]
                for c in baseline_year
                if c.provider_code in lineage[provider]
            ),
            Decimal(0),
        )
        terms.append(ContractTerms("11J", provider, year, value, to_pounds(then * BASELINE_SHARE)))
    return terms


def record_recent_activity(session: Session, actor: str) -> None:
    """The synthetic elective activity, the prices and the terms, through the same store
    paths users take (each load and version audited), in the caller's transaction."""
    from openbook.demo.build import SYNTHETIC

    counts = generate_recent_elective()
    store_counts(
        session,
        counts,
        kind="demo",
        source=f"elective activity 2019/20 onwards ({SYNTHETIC})",
        content_hash="demo-recent-elective",
        actor=actor,
        synthetic=True,
    )
    for year in PRICED_YEARS:
        store_prices(
            session, year, recent_prices(year), f"demonstration prices ({SYNTHETIC})", actor
        )
    values = {
        (provider, year): data.contract_value(provider, year.label)
        for year in TERMS_YEARS
        for provider in ("RBD", "R0D")
    }
    for terms in recent_terms(counts, values):
        store_contract_terms(session, terms, f"demonstration terms ({SYNTHETIC})", actor)
