"""Agency pay as a share of the pay bill, month by month, against the system's ceiling.

Each month's share is the year to date's (agency pay ÷ substantive + bank + agency pay, as
the month's CCW return holds them), so the last month's figure is the position's
`agency_pct_of_pay`. The system's share is the partners' agency pay over their pay bill,
among those with a return for the month. Pure: no storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from openbook.kernel.money import ZERO
from openbook.regime.model.ccw import CONTRACTS, CcwReturn

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def calculate_pay_ytd(r: CcwReturn) -> dict[str, Decimal]:
    """Pay year to date by contract (substantive, bank, agency), £."""
    return {c: r.amount(f"pay.{c}", "actual") for c in CONTRACTS}


def calculate_agency_share(pay: dict[str, Decimal]) -> Decimal | None:
    """Agency pay as a percentage of the whole pay bill, two decimals; None without pay."""
    total = sum(pay.values(), ZERO)
    if total == 0:
        return None
    return (pay["agency"] * HUNDRED / total).quantize(CENT, rounding=ROUND_HALF_UP)


def add_pay(pays: Iterable[dict[str, Decimal]]) -> dict[str, Decimal]:
    total = dict.fromkeys(CONTRACTS, ZERO)
    for pay in pays:
        for contract in CONTRACTS:
            total[contract] += pay[contract]
    return total


class CeilingBasis(StrEnum):
    """Where the agency ceiling comes from."""

    SETTING = "setting"  # the system's own `agency_ceiling_pct`
    REGIME = "regime"  # last year's system share less the regime's agency_reduction_pct
    NONE = "none"  # neither: no ceiling

    @property
    def label(self) -> str:
        return {
            CeilingBasis.SETTING: "set by the system (agency_ceiling_pct in its system file)",
            CeilingBasis.REGIME: "last year's system agency share less the regime's "
            "agency reduction",
            CeilingBasis.NONE: "no ceiling: the system sets none and the regime asks no "
            "agency reduction",
        }[self]


@dataclass(frozen=True)
class Ceiling:
    pct: Decimal | None
    basis: CeilingBasis
    previous_share: Decimal | None = None  # last year's system share, for the regime basis
    reduction_pct: Decimal | None = None


def calculate_ceiling(
    setting_pct: Decimal | None,
    reduction_pct: Decimal | None,
    previous_share: Decimal | None,
) -> Ceiling:
    """The system's own ceiling when it sets one; otherwise last year's system share cut
    by the regime's agency reduction (a 3.00% share and a 30% reduction give 2.10%)."""
    if setting_pct is not None:
        return Ceiling(setting_pct, CeilingBasis.SETTING)
    if reduction_pct is None or previous_share is None:
        return Ceiling(None, CeilingBasis.NONE, previous_share, reduction_pct)
    pct = (previous_share * (HUNDRED - reduction_pct) / HUNDRED).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    return Ceiling(pct, CeilingBasis.REGIME, previous_share, reduction_pct)


@dataclass(frozen=True)
class PayPoint:
    month: int
    pay_ytd: dict[str, Decimal] | None  # None: no return for the month
    agency_pct: Decimal | None


@dataclass(frozen=True)
class PaySeries:
    """One organisation's (or the system's) months, M1 to the month asked for."""

    code: str
    name: str
    role: str  # "Partner", "System", "Associate"
    points: tuple[PayPoint, ...]

    @property
    def latest(self) -> PayPoint | None:
        found = [p for p in self.points if p.pay_ytd is not None]
        return found[-1] if found else None

    def above(self, ceiling: Ceiling) -> bool | None:
        """Is the latest share above the ceiling? None without either."""
        latest = self.latest
        if ceiling.pct is None or latest is None or latest.agency_pct is None:
            return None
        return latest.agency_pct > ceiling.pct


def calculate_series(
    code: str, name: str, role: str, months: Sequence[tuple[int, CcwReturn | None]]
) -> PaySeries:
    points = []
    for month, r in months:
        pay = None if r is None else calculate_pay_ytd(r)
        points.append(PayPoint(month, pay, None if pay is None else calculate_agency_share(pay)))
    return PaySeries(code, name, role, tuple(points))


def calculate_system_series(
    code: str, name: str, partners: Sequence[PaySeries], months: Sequence[int]
) -> PaySeries:
    """The partners' pay added up month by month (those with a return for the month)."""
    points = []
    for index, month in enumerate(months):
        pays = [s.points[index].pay_ytd for s in partners]
        held = [pay for pay in pays if pay is not None]
        total = add_pay(held) if held else None
        share = None if total is None else calculate_agency_share(total)
        points.append(PayPoint(month, total, share))
    return PaySeries(code, name, "System", tuple(points))
