"""Investment in the spending organisation's position, in any year.

Posting (posting.py) puts a programme's planned spend into the plan of the organisation
that spends it, from the first month not yet returned, with the memo lines
`programme.<code>.spend` and `.central_funding`; the returns built on that plan carry it. A
year already returned cannot take a plan change, so there the position reads the
investment instead, as a **programme investment** addition: the year's planned spend, and
where spent the spend, with their effect on the control-total basis (the spend not met by
central funding). Where the plan in force for the month carries the programme (its memo
lines), only what it does not carry is added: never counted twice.

The figures come from the programme version in force at the moment asked about (versions
append and each load is audited), so a position `--as-at` shows what was known then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.finance.model.finance_return import FinanceReturn
from openbook.finance.model.position import PositionAddition
from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear
from openbook.programme import store
from openbook.programme.file import parse_programme
from openbook.programme.model import Funding, Programme
from openbook.programme.posting import funding_line, phase_from, spend_line
from openbook.reference import store as organisations


@dataclass(frozen=True)
class Investment:
    """One programme's spend by one organisation in one year."""

    planned: Decimal
    planned_central: Decimal
    spent: Decimal
    spent_central: Decimal

    @property
    def forecast(self) -> Decimal:
        """What the year is expected to cost: the plan, or the spend once it is more."""
        return max(self.planned, self.spent)

    @property
    def forecast_local(self) -> Decimal:
        return max(self.planned - self.planned_central, self.spent - self.spent_central)


def calculate_investment(programme: Programme, org_code: str, year: str) -> Investment | None:
    """The organisation's planned and spent investment in the year (None if it spends none).
    A "TBC" counts as nothing, as in every total."""
    planned = central = spent = spent_central = ZERO
    for line in programme.cost_lines:
        amount = line.years.get(year)
        if line.spending_org != org_code or amount is None:
            continue
        is_central = line.funding is Funding.CENTRAL
        planned += amount.planned or ZERO
        spent += amount.spent or ZERO
        if is_central:
            central += amount.planned or ZERO
            spent_central += amount.spent or ZERO
    if planned == 0 and spent == 0:
        return None
    return Investment(planned, central, spent, spent_central)


def _to_month(amount: Decimal, month: int) -> Decimal:
    """The year's amount by `month`, phased evenly (the remainder in M12) as posting does."""
    return sum(phase_from(amount, 1)[:month], ZERO)


def calculate_addition(name: str, investment: Investment, month: int) -> PositionAddition:
    """The position's programme investment at `month`. Spend is known by the year only, so
    it is phased evenly like the plan; the net effect is minus the spend central funding
    does not meet."""
    local_planned = investment.planned - investment.planned_central
    local_spent = investment.spent - investment.spent_central
    return PositionAddition(
        source=f"{name}: programme investment",
        spend_annual_plan=investment.planned,
        spend_plan_ytd=_to_month(investment.planned, month),
        spend_actual_ytd=_to_month(investment.spent, month),
        spend_forecast=investment.forecast,
        net_plan_ytd=-_to_month(local_planned, month),
        net_actual_ytd=-_to_month(local_spent, month),
        net_forecast=-investment.forecast_local,
    )


def carries(finance_return: FinanceReturn | None, code: str) -> bool:
    """Does the return already carry the programme's spend (its plan was posted)?"""
    if finance_return is None:
        return False
    return any(
        finance_return.amount(spend_line(code), column) != 0
        for column in ("annual_plan", "actual_ytd", "forecast_outturn")
    )


@lru_cache(maxsize=32)
def _parsed(text: str, source: str) -> Programme | None:
    """A stored version's programme (a version never changes, so its reading is kept)."""
    return parse_programme(text, source)[0]


def _programmes(session: Session, as_at: datetime | None) -> list[Programme]:
    found = []
    for code in store.list_all_programme_codes(session):
        stored = store.get_version(session, code, as_at=as_at)
        if stored is None:
            continue
        programme = _parsed(stored.text, stored.source_name)
        if programme is not None:
            found.append(programme)
    return found


def _carried(
    session: Session,
    org_code: str,
    code: str,
    year: FinancialYear,
    month: int,
    as_at: datetime | None,
) -> tuple[Decimal, Decimal]:
    """(spend, central funding) of the programme that the organisation's plan in force for
    the month (as known at `as_at`) already carries: what posting put into it."""
    plan = organisations.get_plan(session, org_code, year, month, as_at) or {}
    return sum(plan.get(spend_line(code), []), ZERO), sum(plan.get(funding_line(code), []), ZERO)


def calculate_uncarried(
    investment: Investment, carried_spend: Decimal, carried_central: Decimal
) -> Investment | None:
    """What the position must add: all of it where the plan carries none of the programme;
    where it does, the returns built on that plan carry its spend (actual and forecast), so
    only the plan's shortfall is added (a later version's increase not yet posted)."""
    if carried_spend == 0 and carried_central == 0:
        return investment
    planned = max(investment.planned - carried_spend, ZERO)
    central = min(max(investment.planned_central - carried_central, ZERO), planned)
    return None if planned == 0 else Investment(planned, central, ZERO, ZERO)


def read_position_additions(
    session: Session,
    org_codes: list[str],
    year: FinancialYear,
    month: int,
    as_at: datetime | None,
) -> dict[str, tuple[PositionAddition, ...]]:
    """Org code -> the programme investment its position adds at the month: each stored
    programme's spend by that organisation in the year that neither the plan in force for
    the month nor its return carries. The finance position reads it through
    `finance.position_additions` (openbook.compose)."""
    programmes = _programmes(session, as_at)
    if not programmes:
        return {}
    latest = returns.get_latest_returns(session, org_codes, year, month, as_at)
    found: dict[str, tuple[PositionAddition, ...]] = {}
    for org_code in org_codes:
        finance_return = latest[org_code][0] if org_code in latest else None
        additions = []
        for programme in programmes:
            investment = calculate_investment(programme, org_code, year.label)
            if investment is None or carries(finance_return, programme.code):
                continue
            carried = _carried(session, org_code, programme.code, year, month, as_at)
            rest = calculate_uncarried(investment, *carried)
            if rest is not None:
                additions.append(calculate_addition(programme.name, rest, month))
        if additions:
            found[org_code] = tuple(additions)
    return found
