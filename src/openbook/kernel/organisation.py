"""Organisations (by ODS code), integrated care systems and who belongs to which, by year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from openbook.kernel.period import FinancialYear

# ODS codes: 3 characters for trusts and CCGs (RBD, 11J, R0D), 5 for sites and
# practices, and E-prefixed ONS codes (E54000041) for systems and councils.
_ODS_CODE = re.compile(r"^[A-Z0-9]{3,9}$")


class OrgKind(StrEnum):
    COMMISSIONER = "commissioner"
    ACUTE = "acute"
    COMMUNITY_AND_MENTAL_HEALTH = "community-and-mental-health"
    AMBULANCE = "ambulance"
    LOCAL_AUTHORITY = "local-authority"

    @property
    def is_provider(self) -> bool:
        return self in (OrgKind.ACUTE, OrgKind.COMMUNITY_AND_MENTAL_HEALTH, OrgKind.AMBULANCE)

    @property
    def submits_returns(self) -> bool:
        """Local authorities sit at the table but report through their own councils."""
        return self is not OrgKind.LOCAL_AUTHORITY


class MemberRole(StrEnum):
    """A partner signed the financial agreement and counts in the system control total;
    an associate (e.g. a regional ambulance trust, a council) shares the open book only."""

    PARTNER = "partner"
    ASSOCIATE = "associate"


def is_ods_code(code: str) -> bool:
    return bool(_ODS_CODE.match(code))


@dataclass(frozen=True)
class Organisation:
    org_code: str
    name: str
    kind: OrgKind
    place: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor_code: str | None = None

    def is_open_on(self, day: date) -> bool:
        after_start = self.valid_from is None or day >= self.valid_from
        before_end = self.valid_to is None or day <= self.valid_to
        return after_start and before_end

    def is_open_in(self, year: FinancialYear) -> bool:
        """Open on any day of the financial year."""
        starts_in_time = self.valid_from is None or self.valid_from <= year.end_date
        ends_in_time = self.valid_to is None or self.valid_to >= year.start_date
        return starts_in_time and ends_in_time


@dataclass(frozen=True)
class HealthSystem:
    """An integrated care system (formerly an STP), e.g. QVV Dorset."""

    system_code: str
    name: str
    ons_code: str | None = None


@dataclass(frozen=True)
class Membership:
    """An organisation in a system for a financial year: from the year's first day, or from
    `joined_on`, to its last, or to `left_on` (the last day it is a member)."""

    system_code: str
    org_code: str
    financial_year: FinancialYear
    role: MemberRole = MemberRole.PARTNER
    joined_on: date | None = None
    left_on: date | None = None

    def is_member_on(self, day: date) -> bool:
        """In force on the day (a month's position uses the membership at the month's end)."""
        return (self.joined_on is None or self.joined_on <= day) and (
            self.left_on is None or self.left_on >= day
        )
