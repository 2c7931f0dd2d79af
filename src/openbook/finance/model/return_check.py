"""Checks of a parsed return against its chart of accounts and the state of the system.

`check_*` functions return every problem found and never raise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.finance.model.account import AccountLine, LineKind
from openbook.finance.model.finance_return import (
    AMOUNT_COLUMNS,
    FinanceReturn,
    ReturnLine,
    calculate_subtotal,
    return_column_letter,
)
from openbook.kernel.error import DataIssue
from openbook.kernel.money import ZERO, format_k, money_str
from openbook.kernel.organisation import Organisation
from openbook.kernel.period import FinancialYear, month_label


def check_return_lines(
    finance_return: FinanceReturn, chart: tuple[AccountLine, ...], source: str
) -> list[DataIssue]:
    """Unknown lines, missing mandatory lines and subtotals that do not add up."""
    issues: list[DataIssue] = []
    known = {line.line_code for line in chart}
    values = {line.line_code: line for line in finance_return.lines}
    for line in finance_return.lines:
        if line.line_code not in known:
            issues.append(
                DataIssue(
                    source,
                    f"line {line.line_code!r} is not in the {finance_return.org_code} "
                    "chart of accounts",
                    row=line.row,
                    column=return_column_letter("line_code"),
                    found=line.line_code,
                    hint="see docs/return-template.md for the line codes",
                )
            )
    for account in chart:
        if account.mandatory and account.line_code not in values:
            issues.append(
                DataIssue(
                    source,
                    f"mandatory line {account.line_code!r} ({account.description}) is missing",
                    expected=account.line_code,
                )
            )
    for account in chart:
        if account.kind is LineKind.SUBTOTAL and account.line_code in values:
            issues.extend(_check_subtotal(account, values, source))
    return issues


def _check_subtotal(
    account: AccountLine, values: dict[str, ReturnLine], source: str
) -> list[DataIssue]:
    typed = values[account.line_code]
    issues = []
    for column in AMOUNT_COLUMNS:
        expected = calculate_subtotal(account, values, column)
        found = typed.amount(column)
        if found != expected:
            parts = " ".join(f"{'+' if sign > 0 else '-'} {code}" for code, sign in account.parts)
            issues.append(
                DataIssue(
                    source,
                    f"subtotal {account.line_code!r} {column} is {money_str(found)} but its "
                    f"parts add up to {money_str(expected)} ({parts.removeprefix('+ ')})",
                    row=typed.row,
                    column=return_column_letter(column),
                    found=money_str(found),
                    expected=money_str(expected),
                )
            )
    return issues


@dataclass(frozen=True)
class ReturnContext:
    """What the store knows that a return is checked against."""

    organisation: Organisation | None
    member_of: str | None  # system code the organisation belongs to that year
    closed_months: frozenset[int]  # months of the year the system has closed
    agreed_plan: dict[str, list[Decimal]] | None  # line_code -> 12 months, if a plan is stored


def check_return_context(
    finance_return: FinanceReturn, context: ReturnContext, source: str
) -> list[DataIssue]:
    """Unknown organisation, a year it is not a member or open, a closed month, plan drift."""
    org, year = context.organisation, finance_return.financial_year
    label = f"{year.label} {month_label(finance_return.month)}"
    if org is None:
        return [
            DataIssue(
                source,
                f"organisation {finance_return.org_code!r} is not known",
                row=2,
                column="A",
                found=finance_return.org_code,
                hint="run 'openbook position' to see the organisations of a system",
            )
        ]
    issues = []
    if not org.kind.submits_returns:
        issues.append(
            DataIssue(
                source,
                f"{org.org_code} is a {org.kind.value} and does not submit NHS finance returns",
                row=2,
                column="A",
            )
        )
    if not org.is_open_in(year):
        issues.append(
            DataIssue(
                source,
                f"{org.org_code} was not open in {year.label}",
                row=2,
                column="B",
                hint=_successor_hint(org),
            )
        )
    elif context.member_of is None:
        issues.append(
            DataIssue(
                source,
                f"{org.org_code} is not a member of any system in {year.label}",
                row=2,
                column="B",
            )
        )
    if finance_return.month in context.closed_months:
        issues.append(
            DataIssue(
                source,
                f"{label} is closed; returns for it can no longer be submitted",
                row=2,
                column="C",
                hint="ask the system finance lead to reopen the month (the Months page)",
            )
        )
    issues.extend(_check_plan(finance_return, context.agreed_plan, source))
    return issues


def _successor_hint(org: Organisation) -> str | None:
    if org.successor_code:
        return f"it became {org.successor_code}; submit as {org.successor_code}"
    return None


def _check_plan(
    finance_return: FinanceReturn, plan: dict[str, list[Decimal]] | None, source: str
) -> list[DataIssue]:
    """Plan columns must be the agreed plan: plans change by agreement, not in a return."""
    if plan is None:
        return []
    issues = []
    for line in finance_return.lines:
        months = plan.get(line.line_code)
        if months is None:
            continue
        agreed = {
            "annual_plan": sum(months, ZERO),
            "plan_ytd": sum(months[: finance_return.month], ZERO),
        }
        for column, expected in agreed.items():
            found = line.amount(column)
            if found != expected:
                issues.append(
                    DataIssue(
                        source,
                        f"{column!r} for {line.line_code!r} is {money_str(found)} but the "
                        f"agreed plan is {money_str(expected)} ({format_k(expected)})",
                        row=line.row,
                        column=return_column_letter(column),
                        found=money_str(found),
                        expected=money_str(expected),
                        hint="plans change by agreement, not in a return",
                    )
                )
    return issues


def is_future_period(
    year: FinancialYear, month: int, today_year: FinancialYear, today_month: int
) -> bool:
    return (year.start_year, month) > (today_year.start_year, today_month)
