"""The bridge's "Programme benefits" mitigation filled from a stored programme: each plan
year's saving from the programme's financial benefits (their trajectories' improvement on
the baseline), per organisation. Planning may not import the programme feature, so the
composition root hands in the reader (`openbook.compose`); `record.fill_programme_benefits`
records the scenario's next version with it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from openbook.kernel.database import Database
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear

# (store, programme code, benefit refs (none: every financial one)) -> org -> year -> saving
ProgrammeSavingsReader = Callable[[Database, str, tuple[str, ...]], dict[str, dict[str, Decimal]]]
PROGRAMME_SAVINGS = "planning.programme_savings"  # Database.extensions key


def calculate_programme_mitigation(
    savings: Mapping[str, Decimal], years: tuple[FinancialYear, ...]
) -> tuple[Decimal, ...]:
    """The saving in each plan year: the trajectory's for that year; after its last year,
    the last year's (a saving on a recurrent cost recurs); before its first, nothing."""
    ordered = sorted(savings.items(), key=lambda kv: FinancialYear.parse(kv[0]).start_year)
    found = []
    for year in years:
        earlier = [v for label, v in ordered if FinancialYear.parse(label) <= year]
        found.append(savings.get(year.label, earlier[-1] if earlier else ZERO))
    return tuple(found)
