"""Dorset from 2020/21 to 2026/27 as data: SYNTHETIC figures of the real order of magnitude,
chosen so that each regime's rule has something to show.

- 1 October 2020: Poole (RD3) and Royal Bournemouth (RDZ) merge into University Hospitals
  Dorset (R0D). RD3 and RDZ report months 1-6 of 2020/21, R0D months 7-12 and every year
  after; R0D's history joins theirs at the merger without counting a month twice.
- 2022/23-2025/26 (the system breakeven duty): the system breaks even while R0D runs a
  deficit the others' surpluses cover.
- 2026/27 (individual breakeven): the same pattern now fails R0D's own duty, while the
  system total, a local measure, still breaks even; R0D's capital forecast is above its
  provider envelope; agency is down about 30% on 2025/26.
The commissioner is shown as NHS Dorset CCG (11J) throughout: the demonstration does not
model its succession by the ICB in July 2022.
"""

from __future__ import annotations

from decimal import Decimal

from openbook.demo.dorset import ProviderYear, _p
from openbook.kernel.organisation import MemberRole

M = Decimal(1_000_000)
RECENT_YEARS = ("2020/21", "2021/22", "2022/23", "2023/24", "2024/25", "2025/26", "2026/27")
MERGER_YEAR = "2020/21"
MERGER_MONTH = 7  # October: R0D's first month
LAST_MONTH = {"2026/27": 6}  # the year in progress: returns to M6 (September 2026)
PREDECESSORS = ("RD3", "RDZ")
SUCCESSOR = "R0D"

# Members after the merger; in 2020/21 RD3, RDZ and R0D are all members (each for its part
# of the year). The councils are Dorset Council and BCP Council from 2019.
MEMBERS_AFTER = (
    ("11J", MemberRole.PARTNER),
    ("RBD", MemberRole.PARTNER),
    ("R0D", MemberRole.PARTNER),
    ("RDY", MemberRole.PARTNER),
    ("RYF", MemberRole.ASSOCIATE),
    ("E06000059", MemberRole.ASSOCIATE),
    ("E06000058", MemberRole.ASSOCIATE),
)

GROWTH = {year: Decimal("1.045") ** index for index, year in enumerate(RECENT_YEARS, start=1)}
BASE_CONTRACTS = {"RBD": 150 * M, "RD3": 190 * M, "RDZ": 245 * M, "R0D": 435 * M, "RDY": 200 * M}
RYF_CONTRACT = 38 * M


def contract_value(org_code: str, year: str) -> Decimal:
    return (BASE_CONTRACTS.get(org_code, RYF_CONTRACT) * GROWTH[year]).quantize(Decimal(1))


# org, other pc, other op, sustainability, pay subst, bank, agency, finance costs, control
# total (the planned position), outturn delta, CIP plan, CIP delivered — as dorset._p.
def _row(
    org: str, year: str, spec: tuple[int, int, int, int, int, str, str, str, str]
) -> ProviderYear:
    g = GROWTH[year]
    other_pc, other_op, subst, bank, agency, ct, delta, cip, delivery = spec
    return _p(
        org,
        int(other_pc * g),
        int(other_op * g),
        "0",
        int(subst * g),
        bank,
        agency,
        "4.0",
        ct,
        delta,
        cip,
        delivery,
    )


_PLANS: dict[str, dict[str, tuple[int, int, int, int, int, str, str, str, str]]] = {
    "2020/21": {
        "RBD": (22, 18, 120, 7, 5, "0", "0.1", "4.0", "0.9"),
        "RD3": (30, 22, 155, 9, 9, "0", "-0.4", "5.0", "0.8"),
        "RDZ": (48, 30, 205, 10, 8, "0", "0.2", "6.0", "0.9"),
        "R0D": (78, 52, 360, 19, 17, "0", "-0.2", "11.0", "0.85"),
        "RDY": (62, 25, 215, 12, 10, "0", "0.3", "5.0", "1.0"),
    },
    "2021/22": {
        "RBD": (22, 18, 120, 7, 5, "0", "0.2", "5.0", "0.9"),
        "R0D": (78, 52, 360, 19, 17, "0", "-0.5", "12.0", "0.85"),
        "RDY": (62, 25, 215, 12, 10, "0", "0.4", "5.5", "1.0"),
    },
    "2022/23": {
        "RBD": (22, 18, 120, 7, 6, "0", "0.3", "6.0", "0.9"),
        "R0D": (78, 52, 360, 20, 19, "-1.5", "-0.5", "14.0", "0.8"),
        "RDY": (62, 25, 215, 12, 11, "1.5", "0.4", "6.0", "1.0"),
    },
    "2023/24": {
        "RBD": (22, 18, 120, 8, 7, "0.5", "0", "6.5", "0.9"),
        "R0D": (78, 52, 360, 21, 20, "-2.0", "-0.5", "15.0", "0.8"),
        "RDY": (62, 25, 215, 13, 11, "2.0", "0.3", "6.5", "1.0"),
    },
    "2024/25": {
        "RBD": (22, 18, 120, 8, 7, "0.5", "0.1", "7.0", "0.9"),
        "R0D": (78, 52, 360, 21, 20, "-2.0", "-0.4", "16.0", "0.85"),
        "RDY": (62, 25, 215, 13, 10, "1.8", "0.2", "7.0", "1.0"),
    },
    "2025/26": {
        "RBD": (22, 18, 120, 7, 5, "0.5", "0.1", "7.5", "0.95"),
        "R0D": (78, 52, 360, 19, 14, "-2.0", "-0.3", "17.0", "0.9"),
        "RDY": (62, 25, 215, 12, 7, "1.7", "0.2", "7.5", "1.0"),
    },
    "2026/27": {
        "RBD": (22, 18, 120, 6, 3, "0.3", "0", "8.0", "1.0"),
        "R0D": (78, 52, 360, 17, 10, "-2.0", "-0.4", "18.0", "0.9"),
        "RDY": (62, 25, 215, 11, 5, "1.6", "0.1", "7.5", "1.0"),
    },
}
RYF = (210, 12, 175, 7, 5, "0.5", "0.1", "9.0", "1.0")


def providers(year: str) -> list[ProviderYear]:
    rows = [_row(org, year, spec) for org, spec in _PLANS[year].items()]
    return [*rows, _row("RYF", year, RYF)]


def commissioner_lines(year: str) -> dict[str, Decimal]:
    """The CCG's plan: allocation in, programme spend out, breakeven (a small surplus in
    2026/27)."""
    g = GROWTH[year]
    allocation = (1262 * M * g).quantize(Decimal(1))
    spend = {
        "expenditure.acute": 640,
        "expenditure.community_mental_health": 248,
        "expenditure.primary_care": 214,
        "expenditure.continuing_care": 88,
    }
    lines = {code: (amount * M * g).quantize(Decimal(1)) for code, amount in spend.items()}
    surplus = Decimal("0.5") * M if year == "2026/27" else Decimal(0)
    running = 17 * M
    other = allocation + 5 * M - sum(lines.values(), Decimal(0)) - running - surplus
    return {
        "income.allocation": allocation,
        "income.other_operating": 5 * M,
        **lines,
        "expenditure.other_programme": other,
        "expenditure.running_costs": running,
        "cip.plan": (Decimal("26.0") * M * g).quantize(Decimal(1)),
    }


# Capital envelopes (CDEL) for the year: the organisation's share of the system envelope to
# 2025/26, its own provider envelope from 2026/27; R0D's 2026/27 forecast goes over it.
CAPITAL_ENVELOPE = {
    "11J": Decimal("0.5"),
    "RBD": Decimal(9),
    "RD3": Decimal(7),
    "RDZ": Decimal(9),
    "R0D": Decimal(24),
    "RDY": Decimal(8),
    "RYF": Decimal(10),
}
CAPITAL_OVERSPEND = {("R0D", "2026/27"): Decimal("1.8")}
CASH_DAYS = {"11J": 5, "RBD": 18, "RD3": 12, "RDZ": 20, "R0D": 11, "RDY": 25, "RYF": 22}
