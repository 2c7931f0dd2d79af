"""A financial year's finance regime, as data: what is measured, who is accountable, which
incentive funds there are and on what conditions, and where the RAG thresholds lie.

Pure: the rules files are parsed in `openbook.regime.file`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from openbook.kernel.period import FinancialYear


class AccountableUnit(StrEnum):
    ORGANISATION = "organisation"
    SYSTEM = "system"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {
            AccountableUnit.ORGANISATION: "each organisation on its own",
            AccountableUnit.SYSTEM: "the system as a whole",
            AccountableUnit.BOTH: "each organisation and the system",
        }[self]


class OrganisationTest(StrEnum):
    CONTROL_TOTAL = "control_total"  # forecast outturn at least the control total
    BREAKEVEN = "breakeven"  # forecast outturn at least zero

    @property
    def label(self) -> str:
        return {
            OrganisationTest.CONTROL_TOTAL: "meets its control total",
            OrganisationTest.BREAKEVEN: "breaks even",
        }[self]

    @property
    def target_label(self) -> str:
        return {
            OrganisationTest.CONTROL_TOTAL: "the control total",
            OrganisationTest.BREAKEVEN: "breakeven (a forecast outturn of at least zero)",
        }[self]


class SystemTest(StrEnum):
    NONE = "none"  # no system-level test (a local agreement at most)
    SUM_OF_CONTROL_TOTALS = "sum_of_control_totals"  # a system control total
    BREAKEVEN_DUTY = "breakeven_duty"  # a duty to break even as a system
    LOCAL = "local"  # the system total is a local arrangement, not a duty

    @property
    def label(self) -> str:
        return {
            SystemTest.NONE: "no system test",
            SystemTest.SUM_OF_CONTROL_TOTALS: "system control total (sum of the partners')",
            SystemTest.BREAKEVEN_DUTY: "duty to break even as a system",
            SystemTest.LOCAL: "system total: a local measure, not a duty",
        }[self]

    @property
    def is_duty(self) -> bool:
        return self in (SystemTest.SUM_OF_CONTROL_TOTALS, SystemTest.BREAKEVEN_DUTY)


class PositionShape(StrEnum):
    """How positions are reported: the 2017/18 control-total shape unchanged, or with the
    regime's tests, capital, cash and workforce added."""

    CONTROL_TOTAL = "control_total"
    REGIME = "regime"


class EnvelopeLevel(StrEnum):
    ORGANISATION = "organisation"  # each organisation's own capital resource limit
    SYSTEM = "system"  # a system envelope shared between partners, managed by the ICB
    PROVIDER = "provider"  # multi-year envelopes direct to providers


@dataclass(frozen=True)
class IncentiveFund:
    code: str
    name: str
    conditions: tuple[str, ...]
    finance_share: Decimal | None = None  # the share paid on the financial condition


@dataclass(frozen=True)
class RagThresholds:
    """Red below the target less the margin; amber below the target once net risks and
    mitigations are applied (or within the margin); green otherwise. The margin is a share
    of operating expenditure, in per cent; 0 is the 2017/18 rule."""

    target: OrganisationTest
    amber_margin_pct: Decimal = Decimal(0)


@dataclass(frozen=True)
class Regime:
    financial_year: FinancialYear
    name: str
    summary: str
    sources: tuple[str, ...]
    measured_basis: str
    excludes: tuple[str, ...]
    accountable_unit: AccountableUnit
    organisation_test: OrganisationTest
    system_test: SystemTest
    position_shape: PositionShape
    incentive_funds: tuple[IncentiveFund, ...]
    envelope_level: EnvelopeLevel
    rag: RagThresholds
    bppc_target_pct: Decimal | None = None
    agency_reduction_pct: Decimal | None = None
    bank_reduction_pct: Decimal | None = None
    local_rules: tuple[str, ...] = ()  # a system's own additions, in words
    files: tuple[str, ...] = field(default=())  # where it was read from, shipped file first

    @property
    def organisation_accountable(self) -> bool:
        """Is the organisation's own test a duty (rather than its share of the system's)?"""
        return self.accountable_unit in (AccountableUnit.ORGANISATION, AccountableUnit.BOTH)
