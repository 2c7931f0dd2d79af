"""England as data: every NHS trust in the shipped A&E file dealt into 42 systems, and each
organisation's SYNTHETIC year, derived deterministically from its code.

No public trust-to-system mapping ships with openbook, so the grouping is synthetic and
documented (docs/demo.md): Dorset (QVV) keeps its real trusts; every other NHS trust code
in the file (3 characters starting R or T) is sorted and dealt in turn into 41 synthetic
systems, QA0, QA1, ... QAZ, QB0 ... QB4 (no real ICB code has A or B as its second
character), each with a synthetic ICB commissioner whose code swaps the Q for Z (ZA0 ...).
A trust with type 1 A&E attendances in the file is taken as acute; any other as community
and mental health (the file says nothing else about a trust).
"""

from __future__ import annotations

import csv
import random
import string
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openbook.demo.dorset import ORGANISATIONS as DORSET_ORGANISATIONS
from openbook.demo.dorset import ProviderYear
from openbook.kernel.organisation import OrgKind

SYSTEMS = 42  # integrated care systems in England
SYNTHETIC_SYSTEMS = SYSTEMS - 1  # all but Dorset
DORSET_SYSTEM = "QVV"
DORSET_TRUSTS = frozenset({"RBD", "RD3", "RDZ", "RDY", "RYF", "R0D"})
YEARS = ("2017/18", "2018/19", "2019/20", "2020/21", "2021/22")  # each with a shipped regime
STF_YEARS = ("2017/18", "2018/19")  # the sustainability fund ended with 2018/19
M = Decimal(1_000_000)
POUNDS_PER_ATTENDANCE = Decimal(2700)  # contract value per type 1 attendance: Dorset's order
GROWTH = Decimal("1.03")  # contracts a year


def is_nhs_trust(code: str) -> bool:
    return len(code) == 3 and code[0] in "RT"


def system_codes(count: int = SYNTHETIC_SYSTEMS) -> list[str]:
    """QA0 … QAZ, then QB0 …: never a real ICB code (their second letters skip A and B)."""
    tail = string.digits + string.ascii_uppercase
    return [f"Q{first}{second}" for first in "AB" for second in tail][:count]


def icb_code(system_code: str) -> str:
    return f"Z{system_code[1:]}"


@dataclass(frozen=True)
class Trust:
    org_code: str
    name: str
    kind: OrgKind
    type1_attendances: int  # a year, 2017/18; 0 where the trust has no type 1 department


@dataclass(frozen=True)
class EnglandSystem:
    system_code: str
    name: str
    icb_code: str
    trusts: tuple[Trust, ...]


def read_trusts(path: Path) -> list[Trust]:
    """Every NHS trust in the A&E file, sorted by code, with its 2017/18 type 1 volume."""
    type1: dict[str, int] = {}
    codes: set[str] = set()
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["org_code"]
            if not is_nhs_trust(code):
                continue
            codes.add(code)
            if row["type"] == "1" and "2017-04-01" <= row["period"] <= "2018-03-01":
                type1[code] = type1.get(code, 0) + int(row["attendances"])
    known = {org.org_code: org.name for org in DORSET_ORGANISATIONS}
    return [
        Trust(
            code,
            known.get(code, f"NHS trust {code}"),
            OrgKind.ACUTE if code in type1 else OrgKind.COMMUNITY_AND_MENTAL_HEALTH,
            type1.get(code, 0),
        )
        for code in sorted(codes)
    ]


def group_trusts(trusts: list[Trust]) -> list[EnglandSystem]:
    """The 41 synthetic systems: trusts outside Dorset, by code, dealt like cards."""
    codes = system_codes()
    dealt: list[list[Trust]] = [[] for _ in codes]
    others = sorted((t for t in trusts if t.org_code not in DORSET_TRUSTS), key=_code)
    for index, trust in enumerate(others):
        dealt[index % len(codes)].append(trust)
    return [
        EnglandSystem(
            code,
            f"England system {code} (SYNTHETIC)",
            icb_code(code),
            tuple(members),
        )
        for code, members in zip(codes, dealt, strict=True)
    ]


def _code(trust: Trust) -> str:
    return trust.org_code


def _m(value: Decimal) -> Decimal:
    """To the nearest £1,000, as plans are set."""
    return (value / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000


def contract_value(trust: Trust, label: str) -> Decimal:
    """The ICB's contract with the trust: from its A&E volume if acute, else seeded."""
    if trust.type1_attendances:
        base = trust.type1_attendances * POUNDS_PER_ATTENDANCE
    else:
        base = Decimal(random.Random(f"size/{trust.org_code}").randint(60, 260)) * M  # noqa: S311
    return _m(base * GROWTH ** YEARS.index(label))


def provider_year(trust: Trust, label: str) -> ProviderYear:
    """A SYNTHETIC year in proportion to the contract, its story drawn from the code."""
    rng = random.Random(f"{trust.org_code}/{label}")  # noqa: S311 - reproducible demo data
    c = contract_value(trust, label)
    stf = c * Decimal("0.02") if label in STF_YEARS else Decimal(0)

    def share(low: float, high: float) -> Decimal:
        return _m(c * Decimal(str(round(rng.uniform(low, high), 4))))

    return ProviderYear(
        trust.org_code,
        other_patient_care=share(0.10, 0.14),
        other_operating=share(0.08, 0.12),
        sustainability=_m(stf),
        pay_substantive=share(0.58, 0.62),
        pay_bank=share(0.03, 0.04),
        pay_agency=share(0.02, 0.04),
        finance_costs=share(0.015, 0.025),
        control_total=share(-0.006, 0.012),
        outturn_delta=share(-0.008, 0.008),
        cip_plan=share(0.03, 0.05),
        cip_delivery=Decimal(str(round(rng.uniform(0.7, 1.0), 2))),
    )


def commissioner_lines(system: EnglandSystem, label: str) -> dict[str, Decimal]:
    """The ICB's plan: its trusts' contracts (and the care it buys elsewhere), primary care,
    continuing care and running costs, funded by an allocation that breaks even."""
    acute = community = Decimal(0)
    for trust in system.trusts:
        if trust.kind is OrgKind.ACUTE:
            acute += contract_value(trust, label)
        else:
            community += contract_value(trust, label)
    core = acute + community
    spend = {
        "expenditure.acute": _m(acute * Decimal("1.15")),  # some care bought outside
        "expenditure.community_mental_health": _m(community * Decimal("1.10")),
        "expenditure.primary_care": _m(core * Decimal("0.22")),
        "expenditure.continuing_care": _m(core * Decimal("0.08")),
        "expenditure.other_programme": _m(core * Decimal("0.05")),
        "expenditure.running_costs": _m(core * Decimal("0.015")),
    }
    other = _m(core * Decimal("0.004"))
    total = sum(spend.values(), Decimal(0))
    return {"income.allocation": total - other, "income.other_operating": other, **spend}
