"""Investment into the ledger: a programme's planned spend becomes plan lines of the
organisation that spends it, so it is in the plan its returns and position are built on.

For each organisation and year the programme spends in, a new plan version (audited, the
earlier ones kept) adds the spend to non-pay and the central funding that meets it to other
operating income, and records both on memo lines `programme.<code>.spend` and
`programme.<code>.central_funding`. A plan changes from a month not yet returned: the
change applies from the first month without a return; a year whose every month is returned
is not changed (the posting says so). Loading the same figures again posts nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear
from openbook.programme.model import Funding, Programme
from openbook.programme.store import Posting
from openbook.reference import record as reference
from openbook.reference import store as organisations

NON_PAY = "non_pay"
FUNDING_INCOME = "income.other_operating"
PENNY = Decimal("0.01")


def spend_line(code: str) -> str:
    return f"programme.{code}.spend"


def funding_line(code: str) -> str:
    return f"programme.{code}.central_funding"


@dataclass(frozen=True)
class OrgYear:
    org_code: str
    financial_year: str
    spend: Decimal
    central: Decimal


def calculate_org_years(programme: Programme) -> list[OrgYear]:
    """Planned spend and its central funding per spending organisation and year."""
    totals: dict[tuple[str, str], list[Decimal]] = {}
    for line in programme.cost_lines:
        for label, amount in line.years.items():
            value = amount.planned or ZERO
            if value == 0:
                continue
            row = totals.setdefault((line.spending_org, label), [ZERO, ZERO])
            row[0] += value
            if line.funding is Funding.CENTRAL:
                row[1] += value
    return [OrgYear(org, year, s, c) for (org, year), (s, c) in sorted(totals.items())]


def phase_from(amount: Decimal, effective_month: int) -> list[Decimal]:
    """`amount` over months effective..12 in equal pennies, the remainder in M12."""
    months = 13 - effective_month
    share = (amount / months).quantize(PENNY, rounding=ROUND_DOWN)
    phased = [ZERO] * (effective_month - 1) + [share] * months
    phased[-1] += amount - share * months
    return phased


def calculate_plan_change(
    plan: dict[str, list[Decimal]], code: str, target: OrgYear, effective_month: int
) -> dict[str, list[Decimal]] | None:
    """The plan with the programme's lines at `target`, or None if it already has them."""
    current_spend = sum(plan.get(spend_line(code), []), ZERO)
    current_central = sum(plan.get(funding_line(code), []), ZERO)
    spend_delta, central_delta = target.spend - current_spend, target.central - current_central
    if spend_delta == 0 and central_delta == 0:
        return None
    changed = {line: list(months) for line, months in plan.items()}
    for line, delta in (
        (spend_line(code), spend_delta),
        (NON_PAY, spend_delta),
        (funding_line(code), central_delta),
        (FUNDING_INCOME, central_delta),
    ):
        months = changed.setdefault(line, [ZERO] * 12)
        for index, share in enumerate(phase_from(delta, effective_month)):
            months[index] += share
    return changed


def post_investment(session: Session, programme: Programme, actor: str) -> list[Posting]:
    """Post the programme's planned spend into each spending organisation's plan."""
    postings = []
    for target in calculate_org_years(programme):
        year = FinancialYear.parse(target.financial_year)
        submitted = set(returns.list_submitted_months(session, target.org_code, year))
        effective = next((m for m in range(1, 13) if m not in submitted), None)
        if effective is None:
            postings.append(
                Posting(
                    target.org_code,
                    target.financial_year,
                    target.spend,
                    None,
                    None,
                    "year returned in full: the position reads it as programme investment",
                )
            )
            continue
        plan = organisations.get_plan(session, target.org_code, year) or {}
        changed = calculate_plan_change(plan, programme.code, target, effective)
        if changed is None:
            continue
        version = reference.record_plan(
            session,
            target.org_code,
            year,
            changed,
            actor,
            f"{programme.name}: investment of £{target.spend:,.0f} (central funding "
            f"£{target.central:,.0f}) from M{effective}",
            effective_month=effective,
        )
        postings.append(
            Posting(
                target.org_code, target.financial_year, target.spend, version, effective, "posted"
            )
        )
    return postings
