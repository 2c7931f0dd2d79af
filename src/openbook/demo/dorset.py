"""The Dorset system as data: who is in it, and the synthetic finances of 2017/18 and 2018/19.

Figures are SYNTHETIC, of the real order of magnitude (BRIEF.md), chosen so that the
seeds' two stories are there to be found:
- 2017/18: at year end RDZ and RDY are ahead of their control totals and RD3 is behind
  by less than their combined headroom (RBD is exactly on its control total);
- 2018/19: RD3's savings requirement is about 7% of its operating expenditure, well
  above the ~4% providers planned nationally.
All amounts are whole pounds; control totals exclude sustainability funding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openbook.kernel.organisation import HealthSystem, MemberRole, Organisation, OrgKind
from openbook.reference.model.contract import ContractType

M = Decimal(1_000_000)

SYSTEM = HealthSystem("QVV", "Dorset Integrated Care System", "E54000041")
YEARS = ("2017/18", "2018/19")

ORGANISATIONS = (
    Organisation("11J", "NHS Dorset CCG", OrgKind.COMMISSIONER, "Dorset", date(2013, 4, 1)),
    Organisation(
        "RBD",
        "Dorset County Hospital NHS Foundation Trust",
        OrgKind.ACUTE,
        "Dorset West",
        date(1994, 4, 1),
    ),
    Organisation(
        "RD3",
        "Poole Hospital NHS Foundation Trust",
        OrgKind.ACUTE,
        "Dorset East",
        date(1992, 4, 1),
        date(2020, 9, 30),
        "R0D",
    ),
    Organisation(
        "RDZ",
        "The Royal Bournemouth and Christchurch Hospitals NHS Foundation Trust",
        OrgKind.ACUTE,
        "Dorset East",
        date(1992, 4, 1),
        date(2020, 9, 30),
        "R0D",
    ),
    Organisation(
        "R0D",
        "University Hospitals Dorset NHS Foundation Trust",
        OrgKind.ACUTE,
        "Dorset East",
        date(2020, 10, 1),
    ),
    Organisation(
        "RDY",
        "Dorset HealthCare University NHS Foundation Trust",
        OrgKind.COMMUNITY_AND_MENTAL_HEALTH,
        "Dorset",
        date(2001, 4, 1),
    ),
    Organisation(
        "RYF",
        "South Western Ambulance Service NHS Foundation Trust",
        OrgKind.AMBULANCE,
        "South West",
        date(2006, 7, 1),
    ),
    Organisation(
        "E10000009",
        "Dorset County Council",
        OrgKind.LOCAL_AUTHORITY,
        "Dorset West",
        None,
        date(2019, 3, 31),
        "E06000059",
    ),
    Organisation(
        "E06000028",
        "Bournemouth Borough Council",
        OrgKind.LOCAL_AUTHORITY,
        "Dorset East",
        None,
        date(2019, 3, 31),
        "E06000058",
    ),
    Organisation(
        "E06000029",
        "Borough of Poole",
        OrgKind.LOCAL_AUTHORITY,
        "Dorset East",
        None,
        date(2019, 3, 31),
        "E06000058",
    ),
    Organisation(
        "E06000059", "Dorset Council", OrgKind.LOCAL_AUTHORITY, "Dorset West", date(2019, 4, 1)
    ),
    Organisation(
        "E06000058",
        "Bournemouth, Christchurch and Poole Council",
        OrgKind.LOCAL_AUTHORITY,
        "Dorset East",
        date(2019, 4, 1),
    ),
)

# The four providers and the CCG signed the collaborative agreement (partners); the
# regional ambulance trust and the councils share the open book (associates).
MEMBERS = (
    ("11J", MemberRole.PARTNER),
    ("RBD", MemberRole.PARTNER),
    ("RD3", MemberRole.PARTNER),
    ("RDZ", MemberRole.PARTNER),
    ("RDY", MemberRole.PARTNER),
    ("RYF", MemberRole.ASSOCIATE),
    ("E10000009", MemberRole.ASSOCIATE),
    ("E06000028", MemberRole.ASSOCIATE),
    ("E06000029", MemberRole.ASSOCIATE),
)

# Fixed-value contracts with the CCG: flat cash across 2017/18 and 2018/19.
CONTRACTS = (
    ("11J", "RBD", ContractType.BLOCK, 150 * M),
    ("11J", "RD3", ContractType.BLOCK, 190 * M),
    ("11J", "RDZ", ContractType.BLOCK, 245 * M),
    ("11J", "RDY", ContractType.BLOCK, 200 * M),
    ("11J", "RYF", ContractType.ALIGNED_PAYMENT, 38 * M),
)


@dataclass(frozen=True)
class ProviderYear:
    """One provider's year: the plan delivers the control total; the outturn differs by
    `outturn_delta`, an overspend (negative) or underspend on agency and non-pay."""

    org_code: str
    other_patient_care: Decimal
    other_operating: Decimal
    sustainability: Decimal
    pay_substantive: Decimal
    pay_bank: Decimal
    pay_agency: Decimal
    finance_costs: Decimal
    control_total: Decimal
    outturn_delta: Decimal
    cip_plan: Decimal
    cip_delivery: Decimal  # share of the CIP plan delivered by year end


def _p(
    org: str,
    other_pc: int,
    other_op: int,
    stf: str,
    subst: int,
    bank: int,
    agency: int,
    fin: str,
    ct: str,
    delta: str,
    cip: str,
    delivery: str,
) -> ProviderYear:
    return ProviderYear(
        org,
        other_pc * M,
        other_op * M,
        Decimal(stf) * M,
        subst * M,
        bank * M,
        agency * M,
        Decimal(fin) * M,
        Decimal(ct) * M,
        Decimal(delta) * M,
        Decimal(cip) * M,
        Decimal(delivery),
    )


PROVIDERS = {
    "2017/18": (
        _p("RBD", 22, 18, "3.6", 112, 6, 5, "3.5", "-2.0", "0", "9.0", "1.00"),
        _p("RD3", 30, 22, "7.0", 148, 8, 9, "5.0", "-3.3", "-1.5", "11.0", "0.85"),
        _p("RDZ", 48, 30, "9.6", 196, 9, 8, "6.5", "-1.4", "0.9", "13.0", "1.00"),
        _p("RDY", 62, 25, "2.5", 205, 11, 10, "4.2", "1.2", "0.8", "10.5", "1.00"),
        _p("RYF", 205, 12, "4.1", 170, 7, 6, "3.0", "2.5", "0.2", "9.5", "1.00"),
    ),
    "2018/19": (
        _p("RBD", 23, 18, "4.0", 116, 6, 4, "3.4", "-1.5", "0.2", "7.5", "0.95"),
        _p("RD3", 31, 22, "7.5", 151, 8, 10, "5.0", "-1.5", "-7.0", "17.5", "0.60"),
        _p("RDZ", 50, 31, "10.2", 200, 9, 7, "6.4", "1.5", "0.3", "9.5", "1.00"),
        _p("RDY", 64, 26, "2.8", 210, 11, 9, "4.1", "2.5", "0.4", "6.5", "1.00"),
        _p("RYF", 210, 12, "4.3", 175, 7, 5, "3.0", "2.6", "0.1", "9.0", "1.00"),
    ),
}

# The CCG: allocation in, programme spend out; break-even control total both years.
COMMISSIONER = {
    "2017/18": {
        "income.allocation": 1227 * M,
        "income.other_operating": 5 * M,
        "expenditure.acute": 625 * M,
        "expenditure.community_mental_health": 240 * M,
        "expenditure.primary_care": 205 * M,
        "expenditure.continuing_care": 85 * M,
        "expenditure.other_programme": 60 * M,
        "expenditure.running_costs": 17 * M,
        "cip.plan": Decimal("24.5") * M,
    },
    "2018/19": {
        "income.allocation": 1262 * M,
        "income.other_operating": 5 * M,
        "expenditure.acute": 640 * M,
        "expenditure.community_mental_health": 248 * M,
        "expenditure.primary_care": 214 * M,
        "expenditure.continuing_care": 88 * M,
        "expenditure.other_programme": 60 * M,
        "expenditure.running_costs": 17 * M,
        "cip.plan": Decimal("26.0") * M,
    },
}

# Months the system finance lead has closed: every month but M12 of each year, so a
# finance team can still resubmit a year-end return in the demonstration.
CLOSED_MONTHS = tuple(range(1, 12))
