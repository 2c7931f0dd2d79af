"""Positions of a system and its organisations at a month, as every partner sees them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.finance.model.position import (
    Position,
    PositionAddition,
    calculate_position,
    calculate_system_position,
)
from openbook.kernel.cache import remember
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import ZERO, format_k, money_str
from openbook.kernel.organisation import HealthSystem, MemberRole, Organisation
from openbook.kernel.period import (
    FinancialYear,
    check_month,
    month_end,
    month_label,
    month_start,
    period_of,
)
from openbook.kernel.table_writer import Format, Sheet
from openbook.reference import store as organisations


@dataclass(frozen=True)
class SystemPosition:
    system: HealthSystem
    financial_year: FinancialYear
    month: int
    position: Position  # the sum of the partners
    organisations: list[Position]  # partners: count in the system control total
    associates: list[Position]  # share the open book, outside the system control total
    synthetic: bool  # any figure comes from the demonstration generator


DEMO_SUBMITTER = "openbook-demo"

# Spend other features put into organisations' plans that the returns do not carry (org
# codes, year, month, as at -> org code -> additions); the composition root attaches it.
AdditionReader = Callable[
    [Session, list[str], FinancialYear, int, datetime | None],
    dict[str, tuple[PositionAddition, ...]],
]
POSITION_ADDITIONS = "finance.position_additions"  # Database.extensions key


@dataclass(frozen=True)
class WhatIf:
    """Changes not (yet) enacted, for a preview: control totals replaced, transfers added."""

    control_totals: dict[str, Decimal] = field(default_factory=dict)
    transfers: dict[str, Decimal] = field(default_factory=dict)


def _member_positions(
    session: Session,
    members: list[Organisation],
    year: FinancialYear,
    month: int,
    as_at: datetime | None,
    what_if: WhatIf,
    additions: AdditionReader | None = None,
) -> tuple[list[Position], bool]:
    """Positions in the order given, and whether any rests on demonstration data. Each
    figure is the one in force for the month, as known at `as_at` (now when None)."""
    codes = [org.org_code for org in members]
    latest = returns.get_latest_returns(session, codes, year, month, as_at)
    for org in members:  # one that ceased earlier in the year counts with its final return
        last = _last_month(org, year, month)
        if last is not None:
            latest.update(returns.get_latest_returns(session, [org.org_code], year, last, as_at))
    synthetic = any(v.submitted_by == DEMO_SUBMITTER for _, v in latest.values())
    in_force = organisations.get_control_totals_in_force(session, codes, year, month, as_at)
    control_totals = {code: ct.amount for code, ct in in_force.items()}
    control_totals.update(what_if.control_totals)
    transfers = returns.get_transfer_totals(session, codes, year, month, as_at)
    for code, amount in what_if.transfers.items():
        transfers[code] = transfers.get(code, ZERO) + amount
    allocations = organisations.get_allocations(session, codes, year)
    added = {} if additions is None or not codes else additions(session, codes, year, month, as_at)
    positions = []
    for org in members:
        found = latest.get(org.org_code)
        control_total = control_totals.get(org.org_code)
        positions.append(
            calculate_position(
                code=org.org_code,
                name=org.name,
                financial_year=year,
                month=month,
                finance_return=None if found is None else found[0],
                return_version=None if found is None else found[1].version,
                control_total=control_total,
                transfers=transfers.get(org.org_code, ZERO),
                allocation=allocations.get(org.org_code),
                additions=added.get(org.org_code, ()),
            )
        )
    return positions, synthetic


def _last_month(org: Organisation, year: FinancialYear, month: int) -> int | None:
    """The organisation's last month, when it ceased earlier in the year (merged into a
    successor): its final return stands for its part of the year."""
    end = org.valid_to
    if end is None or end >= month_start(year, month) or end < year.start_date:
        return None
    return period_of(end)[1]


def _open_by(org: Organisation, year: FinancialYear, month: int) -> bool:
    """Has the organisation begun by the month's end? (A successor counts from its first
    month, never before.)"""
    return org.valid_from is None or org.valid_from <= month_end(year, month)


def get_system_position(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
    what_if: WhatIf | None = None,
) -> SystemPosition:
    """The position at a month: as it stands now, or as it was known at `as_at` (the return
    versions, control totals and transfers recorded by then), or with changes not yet made
    (`what_if`, for a proposal's preview)."""
    with db.reading() as session:
        return read_system_position(
            session, system_code, year, month, as_at, what_if, db.extensions.get(POSITION_ADDITIONS)
        )


def read_system_position(
    session: Session,
    system_code: str,
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
    what_if: WhatIf | None = None,
    additions: AdditionReader | None = None,
) -> SystemPosition:
    """The position as the given session sees it: inside a write transaction, what that
    transaction is about to change is seen too. `additions` reads the spend other features
    put into plans that the returns do not carry (`POSITION_ADDITIONS`)."""
    check_month(month)
    system = organisations.get_system(session, system_code)
    if system is None:
        known = ", ".join(s.system_code for s in organisations.list_systems(session))
        raise NotFoundError(
            f"system {system_code!r} is not known",
            hint=f"known systems: {known or 'none; run openbook demo'}",
        )
    if not organisations.list_members(session, system_code, year):
        raise NotFoundError(f"system {system_code} has no members in {year.label}")
    # The membership in force at the month's end: one that joined later, or left earlier,
    # is not in this month's position.
    members = organisations.list_members(session, system_code, year, month)
    members = [(org, role) for org, role in members if _open_by(org, year, month)]
    partners = [
        org for org, role in members if role is MemberRole.PARTNER and org.kind.submits_returns
    ]
    associates = [
        org for org, role in members if role is MemberRole.ASSOCIATE and org.kind.submits_returns
    ]
    changes = what_if or WhatIf()
    partner_positions, synthetic = _member_positions(
        session, partners, year, month, as_at, changes, additions
    )
    associate_positions, associates_synthetic = _member_positions(
        session, associates, year, month, as_at, changes, additions
    )
    total = calculate_system_position(
        code=system.system_code,
        name=system.name,
        financial_year=year,
        month=month,
        members=partner_positions,
    )
    return SystemPosition(
        system,
        year,
        month,
        total,
        partner_positions,
        associate_positions,
        synthetic or associates_synthetic,
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


RETURN_FIELDS = (
    "forecast_outturn",
    "ytd_plan",
    "ytd_actual",
    "ytd_variance",
    "risks_net",
    "mitigations_net",
    "risk_adjusted_forecast",
    "cip_plan_annual",
    "cip_plan_ytd",
    "cip_actual_ytd",
    "cip_recurrent_ytd",
    "cip_non_recurrent_ytd",
    "cip_variance_ytd",
    "cip_pct",
)


def position_to_dict(position: Position) -> dict[str, Any]:
    """The JSON shape of a position: amounts as strings of pounds with two decimals; figures
    that come from a return are null when there is no return."""
    shape = _position_shape(position)
    if not position.has_return:
        shape.update(dict.fromkeys(RETURN_FIELDS))
    elif position.additions:
        shape["additions"] = [_addition_shape(a) for a in position.additions]
    return shape


def describe_position_additions(position: Position) -> list[str]:
    """One sentence per addition to an organisation's position (the CLI's notes, the
    organisation's page)."""
    return [
        f"{position.code}: {a.source} {format_k(a.spend_annual_plan)} planned in "
        f"{position.financial_year.label}, {format_k(a.spend_plan_ytd)} to "
        f"{month_label(position.month)}, {format_k(a.spend_actual_ytd)} spent, forecast "
        f"{format_k(a.spend_forecast)}; not in the return, so added to plan, actual and "
        f"forecast at its net effect, the spend central funding does not meet: "
        f"{format_k(a.net_forecast)} for the year."
        for a in position.additions
    ]


def describe_additions(report: SystemPosition) -> list[str]:
    """The sentences of every organisation's additions, for the notes under a table."""
    return [
        text
        for p in [*report.organisations, *report.associates]
        for text in describe_position_additions(p)
    ]


def _addition_shape(addition: PositionAddition) -> dict[str, str]:
    return {
        "source": addition.source,
        **{
            name: money_str(getattr(addition, name))
            for name in (
                "spend_annual_plan",
                "spend_plan_ytd",
                "spend_actual_ytd",
                "spend_forecast",
                "net_plan_ytd",
                "net_actual_ytd",
                "net_forecast",
            )
        },
    }


def _position_shape(position: Position) -> dict[str, Any]:
    cip_pct = position.cip_pct
    return {
        "org_code": position.code,
        "name": position.name,
        "financial_year": position.financial_year.label,
        "month": month_label(position.month),
        "has_return": position.has_return,
        "return_version": position.return_version,
        "control_total": _money(position.control_total),
        "forecast_outturn": money_str(position.forecast_outturn),
        "gap": _money(position.gap),
        "meets_control_total": position.meets_control_total,
        "ytd_plan": money_str(position.ytd_plan),
        "ytd_actual": money_str(position.ytd_actual),
        "ytd_variance": money_str(position.ytd_variance),
        "transfers": money_str(position.transfers),
        "risks_net": money_str(position.risks_net),
        "mitigations_net": money_str(position.mitigations_net),
        "risk_adjusted_forecast": money_str(position.risk_adjusted_forecast),
        "cip_plan_annual": money_str(position.cip_plan_annual),
        "cip_plan_ytd": money_str(position.cip_plan_ytd),
        "cip_actual_ytd": money_str(position.cip_actual_ytd),
        "cip_recurrent_ytd": money_str(position.cip_recurrent_ytd),
        "cip_non_recurrent_ytd": money_str(position.cip_non_recurrent_ytd),
        "cip_variance_ytd": money_str(position.cip_variance_ytd),
        "cip_pct": None if cip_pct is None else f"{cip_pct * 100:.2f}",
        "sustainability_funding": money_str(position.sustainability_funding),
        "sustainability_at_risk": money_str(position.sustainability_at_risk),
        "rag": position.rag.value,
    }


def system_position_to_dict(report: SystemPosition) -> dict[str, Any]:
    system = position_to_dict(report.position)
    system.pop("org_code")
    system.pop("return_version")
    system = {"system_code": report.system.system_code, **system}
    return {
        "synthetic": report.synthetic,
        "system": system,
        "organisations": [position_to_dict(p) for p in report.organisations],
        "associates": [position_to_dict(p) for p in report.associates],
    }


def position_rows(report: SystemPosition) -> tuple[list[str], list[list[Any]]]:
    """Header and rows (organisations, SYSTEM, associates) for CSV/XLSX downloads."""
    shapes = [
        position_to_dict(p) for p in [*report.organisations, report.position, *report.associates]
    ]
    shapes[len(report.organisations)]["org_code"] = "SYSTEM"
    header = list(shapes[0].keys())
    return header, [[shape.get(key) for key in header] for shape in shapes]


def render_position_file(report: SystemPosition, suffix: str) -> bytes:
    """The position table as a .csv or .xlsx download (pounds, exact to the penny)."""
    from openbook.kernel.error import OpenbookError
    from openbook.kernel.table_writer import render_csv, render_xlsx

    header, rows = position_rows(report)
    if suffix == ".csv":
        return render_csv(header, rows)
    if suffix == ".xlsx":
        title = f"{report.system.system_code} {report.financial_year.label} M{report.month}"
        return render_xlsx([position_sheet(title.replace("/", "-"), header, rows)])
    raise OpenbookError(
        f"cannot write a position as {suffix or 'a file without extension'}",
        hint="name the file .csv or .xlsx",
    )


def position_sheet(title: str, header: list[str], rows: list[list[Any]]) -> Sheet:
    """The position rows as a worksheet: amounts in pounds, the CIP share as a percentage."""
    pct = header.index("cip_pct")
    typed = [
        [
            (Decimal(c) / 100 if index == pct else Decimal(c))
            if isinstance(c, str) and (index == pct or _is_money(c))
            else c
            for index, c in enumerate(row)
        ]
        for row in rows
    ]
    formats = [
        Format.PERCENT
        if key == "cip_pct"
        else Format.COUNT
        if key == "return_version"
        else Format.POUNDS
        if any(isinstance(row[index], Decimal) for row in typed)
        else None
        for index, key in enumerate(header)
    ]
    return Sheet(title, header, typed, formats)


def _is_money(text: str) -> bool:
    head, _, tail = text.lstrip("-").partition(".")
    return head.isdigit() and len(tail) == 2 and tail.isdigit()


def latest_month_with_returns(db: Database, system_code: str, year: FinancialYear) -> int | None:
    """The latest month of the year any member has a return for; None if there are none."""
    with db.reading() as session:
        codes = [org.org_code for org, _ in organisations.list_members(session, system_code, year)]
        months = returns.list_months_with_returns(session, codes, year)
    return max(months, default=None)


def cached_system_position(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    version: int | None = None,
    as_at: datetime | None = None,
) -> SystemPosition:
    """The same answer as `get_system_position`, built once per version of its figures."""
    key = ("system_position", system_code.upper(), year.label, month, as_at)
    build = lambda: get_system_position(db, system_code, year, month, as_at)  # noqa: E731
    return remember(db, key, build, version, system=system_code)
