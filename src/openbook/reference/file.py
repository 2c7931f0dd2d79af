"""A system definition file (YAML) -> the reference data of any integrated care system.

The way to load a real system other than Dorset: its organisations, who is a partner
or associate in each year, control totals, contracts and sustainability funding.
Every problem is reported with its path in the file, e.g. `qox.yaml:$.years.2019/20.
control_totals.RTH: ...`. See docs/other-systems.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.kernel.input_limit import MAX_NAME
from openbook.kernel.money import parse_money
from openbook.kernel.organisation import (
    HealthSystem,
    MemberRole,
    Membership,
    Organisation,
    OrgKind,
    is_ods_code,
)
from openbook.kernel.period import FinancialYear
from openbook.reference.model.contract import Contract, ContractType
from openbook.reference.model.sustainability import SustainabilityAllocation
from openbook.reference.model.system_settings import SystemSettings, parse_system_settings


@dataclass
class SystemDefinition:
    system: HealthSystem
    organisations: list[Organisation] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    control_totals: list[tuple[str, FinancialYear, Decimal]] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    allocations: list[SustainabilityAllocation] = field(default_factory=list)
    settings: SystemSettings | None = None  # None: the file says nothing (keep what is held)


@dataclass
class _Reader:
    source: str
    issues: list[DataIssue] = field(default_factory=list)

    def report(self, path: str, message: str, expected: str | None = None) -> None:
        self.issues.append(DataIssue(self.source, message, column=path, expected=expected))

    def text(self, data: dict[str, Any], key: str, path: str, required: bool = True) -> str | None:
        """A name or code: text of at most MAX_NAME characters (a list is not a name)."""
        value = data.get(key)
        if isinstance(value, (list, dict)):
            self.report(f"{path}.{key}", f"'{key}' must be text, not a list or mapping")
            return None
        if value is None or str(value).strip() == "":
            if required:
                self.report(f"{path}.{key}", f"'{key}' is missing")
            return None
        text = str(value).strip()
        if len(text) > MAX_NAME:
            self.report(
                f"{path}.{key}",
                f"'{key}' is {len(text):,} characters long; at most {MAX_NAME}",
                expected=f"at most {MAX_NAME} characters",
            )
            return None
        return text

    def money(self, value: Any, path: str) -> Decimal | None:
        amount = parse_money(str(value)) if value is not None else None
        if amount is None:
            self.report(
                path, f"{value!r} is not an amount of money", expected="pounds, e.g. '-1200000.00'"
            )
        return amount

    def day(self, value: Any, path: str) -> date | None:
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.report(path, f"{value!r} is not a date", expected="YYYY-MM-DD")
            return None

    def choice(
        self, value: Any, options: type[OrgKind] | type[MemberRole] | type[ContractType], path: str
    ) -> Any:
        try:
            return options(str(value))
        except ValueError:
            allowed = ", ".join(o.value for o in options)
            self.report(path, f"{value!r} is not one of {allowed}")
            return None


def _organisation(r: _Reader, data: Any, path: str) -> Organisation | None:
    if not isinstance(data, dict):
        r.report(path, "is not a mapping of org_code, name, kind, ...")
        return None
    code, name = r.text(data, "org_code", path), r.text(data, "name", path)
    kind = r.choice(data.get("kind"), OrgKind, f"{path}.kind")
    if code is not None and not is_ods_code(code):
        r.report(f"{path}.org_code", f"{code!r} is not an ODS code", expected="e.g. RBD, 11J")
    start, end = (
        r.day(data.get("valid_from"), f"{path}.valid_from"),
        r.day(data.get("valid_to"), f"{path}.valid_to"),
    )
    if code is None or name is None or kind is None:
        return None
    place = r.text(data, "place", path, required=False)
    successor = r.text(data, "successor_code", path, required=False)
    return Organisation(code, name, kind, place, start, end, successor)


def _year(
    r: _Reader,
    label: str,
    data: Any,
    system_code: str,
    known: set[str],
    definition: SystemDefinition,
) -> None:
    path = f"$.years.{label}"
    try:
        year = FinancialYear.parse(str(label))
    except ValueError as error:
        r.report(path, str(error))
        return
    if not isinstance(data, dict):
        r.report(path, "is not a mapping of members, control_totals, contracts, ...")
        return
    for index, member in enumerate(data.get("members") or []):
        mpath = f"{path}.members[{index}]"
        code = r.text(member, "org_code", mpath) if isinstance(member, dict) else None
        role = r.choice((member or {}).get("role", "partner"), MemberRole, f"{mpath}.role")
        if code is not None and code not in known:
            r.report(
                f"{mpath}.org_code", f"{code!r} is not an organisation of this file or the store"
            )
        elif code is not None and role is not None:
            joined, left = _membership_dates(r, member, mpath, year)
            definition.memberships.append(Membership(system_code, code, year, role, joined, left))
    members = {m.org_code for m in definition.memberships if m.financial_year == year}
    for code, value in (data.get("control_totals") or {}).items():
        cpath = f"{path}.control_totals.{code}"
        amount = r.money(value, cpath)
        if code not in members:
            r.report(cpath, f"{code!r} has a control total but is not a member in {year.label}")
        elif amount is not None:
            definition.control_totals.append((code, year, amount))
    for code, value in (data.get("sustainability_funding") or {}).items():
        amount = r.money(value, f"{path}.sustainability_funding.{code}")
        if amount is not None:
            definition.allocations.append(SustainabilityAllocation(code, year, amount))
    for index, item in enumerate(data.get("contracts") or []):
        _contract(r, item, f"{path}.contracts[{index}]", year, known, definition)


def _membership_dates(
    r: _Reader, member: dict[str, Any], path: str, year: FinancialYear
) -> tuple[date | None, date | None]:
    """`joined_on` / `left_on`: the first and last day of membership, within the year."""
    joined = r.day(member.get("joined_on"), f"{path}.joined_on")
    left = r.day(member.get("left_on"), f"{path}.left_on")
    for key, day in (("joined_on", joined), ("left_on", left)):
        if day is not None and not year.start_date <= day <= year.end_date:
            r.report(
                f"{path}.{key}",
                f"{key} {day.isoformat()} is outside {year.label}",
                expected=f"a date from {year.start_date} to {year.end_date}",
            )
            return None, None
    if joined is not None and left is not None and left < joined:
        r.report(f"{path}.left_on", f"left_on {left} is before joined_on {joined}")
        return None, None
    return joined, left


def _contract(
    r: _Reader,
    item: Any,
    path: str,
    year: FinancialYear,
    known: set[str],
    definition: SystemDefinition,
) -> None:
    if not isinstance(item, dict):
        r.report(path, "is not a mapping of commissioner, provider, type, annual_value")
        return
    commissioner, provider = r.text(item, "commissioner", path), r.text(item, "provider", path)
    kind = r.choice(item.get("type", "block"), ContractType, f"{path}.type")
    value = r.money(item.get("annual_value"), f"{path}.annual_value")
    for key, code in (("commissioner", commissioner), ("provider", provider)):
        if code is not None and code not in known:
            r.report(f"{path}.{key}", f"{code!r} is not an organisation of this file or the store")
    if None not in (commissioner, provider, kind, value):
        definition.contracts.append(
            Contract(str(commissioner), str(provider), year, kind, value or Decimal(0))
        )


def parse_system_definition(
    data: Any, source: str, known_codes: set[str]
) -> tuple[SystemDefinition | None, list[DataIssue]]:
    """`known_codes`: organisations already in the store, which the file may refer to."""
    r = _Reader(source)
    if not isinstance(data, dict) or not isinstance(data.get("system"), dict):
        return None, [
            DataIssue(
                source,
                "is not a system definition",
                column="$",
                expected="a mapping with 'system', 'organisations', 'years'",
            )
        ]
    code = r.text(data["system"], "code", "$.system")
    name = r.text(data["system"], "name", "$.system")
    definition = SystemDefinition(
        HealthSystem(code or "", name or "", r.text(data["system"], "ons_code", "$.system", False))
    )
    for index, item in enumerate(data.get("organisations") or []):
        org = _organisation(r, item, f"$.organisations[{index}]")
        if org is not None:
            definition.organisations.append(org)
    known = known_codes | {org.org_code for org in definition.organisations}
    for label, year_data in (data.get("years") or {}).items():
        _year(r, str(label), year_data, code or "", known, definition)
    if "settings" in data:
        settings, problems = parse_system_settings(data["settings"])
        r.issues += [DataIssue(source, problem, column="$.settings") for problem in problems]
        definition.settings = settings
    return (None, r.issues) if r.issues else (definition, [])


def load_system_definition(
    path: Path, known_codes: set[str]
) -> tuple[SystemDefinition | None, list[DataIssue]]:
    from openbook.kernel.yaml_reader import load_yaml

    data, issues = load_yaml(path)
    if issues:
        return None, issues
    return parse_system_definition(data, path.name, known_codes)
