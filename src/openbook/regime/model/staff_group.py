"""The staff-group section of the capital, cash and workforce return: WTE and pay for each
staff group of the national provider workforce return, by contract (substantive, bank,
agency). Optional for a return as a whole; when any line is given every line must be, and
each contract's staff groups must add up to the return's total for that contract (`wte.<c>`,
`pay.<c>`), in every column. Columns as the rest of the return. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openbook.kernel.money import ZERO
from openbook.regime.model.ccw import CCW_COLUMNS, CONTRACTS, CcwLine, CcwLineSpec, CcwReturn, Unit

# The staff groups of NHS England's provider workforce return (the NHS Workforce Statistics
# groups), the clinical support and scientific groups together as "other clinical".
STAFF_GROUPS = {
    "nursing": "Registered nursing, midwifery and health visiting staff",
    "medical": "Medical and dental",
    "other_clinical": "Other clinical: scientific, therapeutic and technical staff; support "
    "to clinical staff",
    "infrastructure": "Admin and estates: NHS infrastructure support",
}
SHORT_NAMES = {
    "nursing": "registered nursing",
    "medical": "medical and dental",
    "other_clinical": "other clinical",
    "infrastructure": "admin and estates",
}
KINDS = {"wte": (Unit.WTE, "WTE"), "pay": (Unit.POUNDS, "pay")}


def staff_group_line(kind: str, group: str, contract: str) -> str:
    return f"{kind}.{group}.{contract}"


STAFF_GROUP_LINES: tuple[CcwLineSpec, ...] = tuple(
    CcwLineSpec(
        staff_group_line(kind, group, contract),
        f"Workforce by staff group: {SHORT_NAMES[group]}, {contract} {what}",
        unit,
    )
    for kind, (unit, what) in KINDS.items()
    for group in STAFF_GROUPS
    for contract in CONTRACTS
)
STAFF_GROUP_SPECS = {spec.line_code: spec for spec in STAFF_GROUP_LINES}


def is_staff_group_line(line_code: str) -> bool:
    return line_code in STAFF_GROUP_SPECS


def has_staff_groups(r: CcwReturn) -> bool:
    return any(is_staff_group_line(line.line_code) for line in r.lines)


@dataclass(frozen=True)
class Mismatch:
    """A contract's total (`wte.agency`) whose staff groups add up to something else."""

    total_line: str
    column: str
    groups_sum: Decimal
    total: Decimal


def check_staff_group_totals(lines: dict[str, CcwLine]) -> list[Mismatch]:
    """Each contract's staff groups against its total, column by column (none when the
    return has no staff-group lines)."""
    if not any(is_staff_group_line(code) for code in lines):
        return []
    found = []
    for kind in KINDS:
        for contract in CONTRACTS:
            total = lines.get(f"{kind}.{contract}", CcwLine(f"{kind}.{contract}"))
            for column in CCW_COLUMNS:
                groups = sum(
                    (
                        lines.get(code, CcwLine(code)).amount(column)
                        for code in (staff_group_line(kind, g, contract) for g in STAFF_GROUPS)
                    ),
                    ZERO,
                )
                if groups != total.amount(column):
                    found.append(Mismatch(total.line_code, column, groups, total.amount(column)))
    return found


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StaffGroupFigures:
    """One staff group, all contracts: WTE planned and in post, pay (annual plan, year to
    date, forecast), in post and pay year to date by contract, and the agency and bank
    shares of the group's pay year to date."""

    group: str
    wte_plan: Decimal
    wte_actual: Decimal
    wte_by_contract: dict[str, Decimal]
    pay_plan: Decimal
    pay_actual_ytd: Decimal
    pay_forecast: Decimal
    pay_by_contract: dict[str, Decimal]

    @property
    def label(self) -> str:
        return STAFF_GROUPS[self.group]

    @property
    def short_name(self) -> str:
        return SHORT_NAMES[self.group]

    @property
    def wte_over_plan(self) -> Decimal:
        return self.wte_actual - self.wte_plan

    @property
    def agency_pct_of_pay(self) -> Decimal | None:
        return _pct(self.pay_by_contract["agency"], self.pay_actual_ytd)

    @property
    def bank_pct_of_pay(self) -> Decimal | None:
        return _pct(self.pay_by_contract["bank"], self.pay_actual_ytd)


def _group(returns: list[CcwReturn], group: str) -> StaffGroupFigures:
    def total(kind: str, contract: str, column: str) -> Decimal:
        code = staff_group_line(kind, group, contract)
        return sum((r.amount(code, column) for r in returns), ZERO)

    def every(kind: str, column: str) -> Decimal:
        return sum((total(kind, c, column) for c in CONTRACTS), ZERO)

    return StaffGroupFigures(
        group=group,
        wte_plan=every("wte", "plan"),
        wte_actual=every("wte", "actual"),
        wte_by_contract={c: total("wte", c, "actual") for c in CONTRACTS},
        pay_plan=every("pay", "plan"),
        pay_actual_ytd=every("pay", "actual"),
        pay_forecast=every("pay", "forecast_outturn"),
        pay_by_contract={c: total("pay", c, "actual") for c in CONTRACTS},
    )


def calculate_staff_group_figures(returns: list[CcwReturn]) -> list[StaffGroupFigures] | None:
    """Each staff group, added up across the returns given that have the section; None
    when none has it."""
    held = [r for r in returns if has_staff_groups(r)]
    if not held:
        return None
    return [_group(held, group) for group in STAFF_GROUPS]
