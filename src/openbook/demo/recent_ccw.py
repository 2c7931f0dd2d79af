"""Capital, cash and workforce returns for the recent years, made from each month's finance
return (pay by contract, operating expenditure) and the organisation's capital envelope.
SYNTHETIC: envelopes and cash of the real order of magnitude, not anyone's accounts."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from openbook.demo import recent_data as data
from openbook.finance.model.account import OPERATING_EXPENDITURE_LINE
from openbook.finance.model.finance_return import FinanceReturn
from openbook.regime.model.ccw import (
    BPPC_INVOICES_LINE,
    BPPC_ON_TIME_LINE,
    CASH_LINE,
    CCW_LINES,
    CONTRACTS,
    ENVELOPE_LINE,
    CcwLine,
    CcwReturn,
)
from openbook.regime.model.icb import (
    ICB_LINES,
    PROGRAMME_ALLOCATION,
    PROGRAMME_SPEND,
    RUNNING_COST_ALLOWANCE,
    RUNNING_COSTS,
)
from openbook.regime.model.staff_group import (
    STAFF_GROUP_LINES,
    STAFF_GROUPS,
    staff_group_line,
)

M = Decimal(1_000_000)
COST_PER_WTE = {"substantive": Decimal(52_000), "bank": Decimal(38_000), "agency": Decimal(95_000)}
# Where the envelope goes, and what PDC and other funding add, as shares of the envelope.
SPLIT = {
    ("new_build", "operational"): Decimal("0.25"),
    ("backlog_maintenance", "operational"): Decimal("0.35"),
    ("equipment", "operational"): Decimal("0.25"),
    ("digital", "operational"): Decimal("0.15"),
    ("digital", "pdc"): Decimal("0.12"),
    ("new_build", "pdc"): Decimal("0.08"),
    ("equipment", "other"): Decimal("0.05"),
}
Triple = tuple[Decimal, Decimal, Decimal]  # plan, actual, forecast_outturn
# SYNTHETIC: each contract's pay and WTE split between the staff groups (nursing, medical,
# other clinical, admin and estates), of the order of an acute trust's; the commissioner's
# staff mostly admin. The last group takes what rounding leaves, so the groups add up.
GROUP_SHARES = {
    ("pay", "substantive"): ("0.38", "0.28", "0.20", "0.14"),
    ("pay", "bank"): ("0.55", "0.10", "0.25", "0.10"),
    ("pay", "agency"): ("0.40", "0.45", "0.10", "0.05"),
    ("wte", "substantive"): ("0.36", "0.12", "0.30", "0.22"),
    ("wte", "bank"): ("0.55", "0.05", "0.28", "0.12"),
    ("wte", "agency"): ("0.50", "0.30", "0.14", "0.06"),
}
COMMISSIONER_SHARES = ("0.10", "0.05", "0.05", "0.80")


def _round(value: Decimal, places: str = "1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _capital(org: str, label: str, month: int) -> dict[str, Triple]:
    envelope = _round(data.CAPITAL_ENVELOPE[org] * M * data.GROWTH[label])
    overspend = data.CAPITAL_OVERSPEND.get((org, label), Decimal(0)) * M
    spent = (Decimal(month) / 12) ** 2  # schemes spend late in the year
    lines: dict[str, Triple] = {ENVELOPE_LINE: (envelope, Decimal(0), Decimal(0))}
    for (category, source), share in SPLIT.items():
        plan = _round(envelope * share)
        forecast = plan + (_round(overspend * share) if source == "operational" else 0)
        lines[f"capital.{category}.{source}"] = (plan, _round(forecast * spent), forecast)
    return lines


def _pay(r: FinanceReturn) -> dict[str, Triple]:
    if r.amount("pay.substantive", "annual_plan") == 0:  # the CCG: its running-cost staff
        running = r.amount("expenditure.running_costs", "annual_plan")
        shares = {
            "substantive": Decimal("0.60"),
            "bank": Decimal("0.01"),
            "agency": Decimal("0.02"),
        }
        ytd = Decimal(r.month) / 12
        return {c: (running * s, _round(running * s * ytd), running * s) for c, s in shares.items()}
    return {
        c: tuple(
            r.amount(f"pay.{c}", col) for col in ("annual_plan", "actual_ytd", "forecast_outturn")
        )  # type: ignore[misc]
        for c in CONTRACTS
    }


def ccw_return_for(r: FinanceReturn) -> CcwReturn:
    label, org = r.financial_year.label, r.org_code
    lines = _capital(org, label, r.month)
    pay = _pay(r)
    for contract, (plan, actual, forecast) in pay.items():
        lines[f"pay.{contract}"] = (_round(plan), _round(actual), _round(forecast))
        cost = COST_PER_WTE[contract]
        lines[f"wte.{contract}"] = (
            _round(plan / cost, "0.01"),
            _round(forecast / cost, "0.01"),
            Decimal(0),
        )
    opex = r.amount(OPERATING_EXPENDITURE_LINE, "forecast_outturn")
    days = Decimal(data.CASH_DAYS[org]) + Decimal(r.month % 3) - 1
    daily = opex / 365
    lines[CASH_LINE] = (
        _round(daily * data.CASH_DAYS[org]),
        _round(daily * days),
        _round(daily * (days - 2)),
    )
    invoices = Decimal(1500 if org == "11J" else 2500) * r.month
    on_time = Decimal("0.93") if org == data.SUCCESSOR else Decimal("0.962")
    lines[BPPC_INVOICES_LINE] = (Decimal(0), invoices, Decimal(0))
    lines[BPPC_ON_TIME_LINE] = (Decimal(0), _round(invoices * on_time), Decimal(0))
    specs = CCW_LINES
    commissioner = r.amount("pay.substantive", "annual_plan") == 0
    if commissioner:  # the commissioner: its ICB section
        lines.update(_icb(r))
        specs = (*CCW_LINES, *ICB_LINES)
    lines.update(_staff_groups(lines, commissioner))
    specs = (*specs, *STAFF_GROUP_LINES)
    ordered = tuple(
        CcwLine(spec.line_code, *lines.get(spec.line_code, (Decimal(0),) * 3)) for spec in specs
    )
    return CcwReturn(org, r.financial_year, r.month, ordered)


def _split(total: Decimal, shares: tuple[str, ...], places: str) -> list[Decimal]:
    parts = [_round(total * Decimal(share), places) for share in shares[:-1]]
    return [*parts, total - sum(parts, Decimal(0))]


def _staff_groups(lines: dict[str, Triple], commissioner: bool) -> dict[str, Triple]:
    """Each contract's WTE and pay (every column) split between the staff groups."""
    found: dict[str, Triple] = {}
    for (kind, contract), shares in GROUP_SHARES.items():
        chosen = COMMISSIONER_SHARES if commissioner else shares
        places = "0.01" if kind == "wte" else "1"
        columns = [_split(total, chosen, places) for total in lines[f"{kind}.{contract}"]]
        for index, group in enumerate(STAFF_GROUPS):
            plan, actual, forecast = (column[index] for column in columns)
            found[staff_group_line(kind, group, contract)] = (plan, actual, forecast)
    return found


# The running cost allowance as a share of the year's planned running costs (SYNTHETIC): the
# ICB within its allowance, except in 2025/26, when ICBs were asked to cut running costs and
# the demonstration's allowance falls 5% below its plan.
RCA_OF_PLAN = {"2025/26": Decimal("0.95")}


def _icb(r: FinanceReturn) -> dict[str, Triple]:
    """The commissioner's allocation, programme spend and running costs, from its finance
    return: the running cost allowance a share of planned running costs, the rest of the
    allocation programme."""
    columns = ("annual_plan", "actual_ytd", "forecast_outturn")
    running = [r.amount("expenditure.running_costs", c) for c in columns]
    spend = [
        r.amount(OPERATING_EXPENDITURE_LINE, c) - run
        for c, run in zip(columns, running, strict=True)
    ]
    allocation = [r.amount("income.allocation", c) for c in columns]
    allowance = _round(running[0] * RCA_OF_PLAN.get(r.financial_year.label, Decimal("1.02")))
    ytd_allowance = _round(allowance * r.month / 12)
    return {
        PROGRAMME_ALLOCATION: (
            allocation[0] - allowance,
            allocation[1] - ytd_allowance,
            allocation[2] - allowance,
        ),
        RUNNING_COST_ALLOWANCE: (allowance, ytd_allowance, allowance),
        PROGRAMME_SPEND: (spend[0], spend[1], spend[2]),
        RUNNING_COSTS: (running[0], running[1], running[2]),
    }
