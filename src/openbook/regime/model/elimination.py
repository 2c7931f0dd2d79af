"""Eliminations when systems are viewed as one: where a commissioner in one member system
contracts a provider in another, the provider's income and the commissioner's expenditure
are both inside the cluster, so both are taken out of the consolidated totals. What the
provider reports (its patient-care income line for that commissioner) and what the
commissioner is committed to (the contract's value to date, phased) should agree; any
mismatch is shown as a difference to agree, never netted away silently.

Pure: no database. Amounts are Decimal pounds; year to date at the month, and forecast
outturn for the year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.kernel.money import ZERO
from openbook.reference.model.contract import Contract


@dataclass(frozen=True)
class Pair:
    """Year to date and forecast outturn."""

    ytd: Decimal
    forecast: Decimal

    def __add__(self, other: Pair) -> Pair:
        return Pair(self.ytd + other.ytd, self.forecast + other.forecast)

    def __sub__(self, other: Pair) -> Pair:
        return Pair(self.ytd - other.ytd, self.forecast - other.forecast)


NOTHING = Pair(ZERO, ZERO)


@dataclass(frozen=True)
class MemberTotals:
    """One organisation's income and expenditure as its return for the month has them
    (NOTHING when it has no return: nothing of it is in the totals to eliminate)."""

    org_code: str
    system_code: str
    has_return: bool
    income: Pair
    expenditure: Pair


@dataclass(frozen=True)
class Elimination:
    commissioner_code: str
    commissioner_system: str
    provider_code: str
    provider_system: str
    annual_value: Decimal
    income: Pair  # the provider's side: its income line for the commissioner
    expenditure: Pair  # the commissioner's side: the contract's value to date, and for the year
    provider_reported: bool  # the provider's return for the month has the line
    commissioner_reported: bool  # the commissioner has a return for the month

    @property
    def difference(self) -> Pair:
        """Provider's income less commissioner's expenditure: to be agreed between them."""
        return self.income - self.expenditure


@dataclass(frozen=True)
class Consolidation:
    income: Pair  # the member organisations' total income
    expenditure: Pair  # their total operating expenditure
    eliminated_income: Pair
    eliminated_expenditure: Pair

    @property
    def consolidated_income(self) -> Pair:
        return self.income - self.eliminated_income

    @property
    def consolidated_expenditure(self) -> Pair:
        return self.expenditure - self.eliminated_expenditure

    @property
    def difference_to_agree(self) -> Pair:
        """What the two sides disagree by, in all; the consolidated net (income less
        expenditure) plus this is the members' net, so nothing is lost."""
        return self.eliminated_income - self.eliminated_expenditure


def calculate_eliminations(
    contracts: list[Contract],
    members: dict[str, MemberTotals],
    provider_lines: dict[tuple[str, str], Pair],
    month: int,
) -> list[Elimination]:
    """One elimination per contract whose commissioner and provider are members of
    different systems of the cluster. `provider_lines[(provider, commissioner)]` is the
    provider's income line for that commissioner in its return for the month."""
    found = []
    for c in contracts:
        commissioner, provider = members.get(c.commissioner_code), members.get(c.provider_code)
        if commissioner is None or provider is None:
            continue
        if commissioner.system_code == provider.system_code:
            continue  # inside one system: the system's own position, not the cluster's
        line = provider_lines.get((c.provider_code, c.commissioner_code))
        committed = Pair(c.value_to_date(month), c.annual_value)
        found.append(
            Elimination(
                commissioner_code=c.commissioner_code,
                commissioner_system=commissioner.system_code,
                provider_code=c.provider_code,
                provider_system=provider.system_code,
                annual_value=c.annual_value,
                income=line if provider.has_return and line is not None else NOTHING,
                expenditure=committed if commissioner.has_return else NOTHING,
                provider_reported=provider.has_return and line is not None,
                commissioner_reported=commissioner.has_return,
            )
        )
    return sorted(found, key=lambda e: (e.commissioner_code, e.provider_code))


def calculate_consolidation(
    members: list[MemberTotals], eliminations: list[Elimination]
) -> Consolidation:
    def total(pairs: list[Pair]) -> Pair:
        result = NOTHING
        for pair in pairs:
            result += pair
        return result

    return Consolidation(
        income=total([m.income for m in members]),
        expenditure=total([m.expenditure for m in members]),
        eliminated_income=total([e.income for e in eliminations]),
        eliminated_expenditure=total([e.expenditure for e in eliminations]),
    )
