"""Scenario files (JSON) -> scenarios, with every problem reported by its JSON path.

Formats are the contract documented in docs/rebalance.md. Positions are signed:
a surplus is positive, a deficit negative. Amounts are strings (or numbers) of pounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openbook.kernel.error import DataIssue, InvalidDataError, OpenbookError
from openbook.kernel.money import ZERO, money_str, parse_money
from openbook.kernel.period import FinancialYear

DEFAULT_MATERIALITY = Decimal(100_000)  # pounds: below this no change is proposed


@dataclass(frozen=True)
class TransferOrganisation:
    org_code: str
    forecast_outturn: Decimal
    control_total: Decimal
    sustainability_funding: Decimal  # earned only if the control total is met
    can_give: bool = True
    can_receive: bool = True
    max_give: Decimal | None = None

    @property
    def headroom(self) -> Decimal:
        """What it could give and still meet its own control total."""
        return max(ZERO, self.forecast_outturn - self.control_total)

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, self.control_total - self.forecast_outturn)


@dataclass(frozen=True)
class TransferScenario:
    financial_year: FinancialYear
    organisations: tuple[TransferOrganisation, ...]
    min_transfer: Decimal = ZERO
    # transfers that earn less extra sustainability funding than this are not proposed
    materiality: Decimal = DEFAULT_MATERIALITY


@dataclass(frozen=True)
class ControlTotalOrganisation:
    org_code: str
    operating_expenditure: Decimal
    underlying_position: Decimal  # before any savings
    control_total: Decimal
    max_cip_pct: Decimal = Decimal(4)  # percent of operating expenditure
    willing_to_exceed: bool = False
    max_take_on: Decimal | None = None  # willing to take on up to this much more, pounds

    @property
    def cip_required(self) -> Decimal:
        return max(ZERO, self.control_total - self.underlying_position)


@dataclass(frozen=True)
class ControlTotalScenario:
    financial_year: FinancialYear
    organisations: tuple[ControlTotalOrganisation, ...]
    # a rebalancing that moves less than this in all is not proposed (unless it must be)
    materiality: Decimal = DEFAULT_MATERIALITY


@dataclass
class _Reader:
    source: str
    issues: list[DataIssue] = field(default_factory=list)

    def report(self, path: str, message: str, expected: str | None = None) -> None:
        self.issues.append(DataIssue(self.source, message, column=path, expected=expected))

    def money(
        self, data: dict[str, Any], key: str, path: str, required: bool = True
    ) -> Decimal | None:
        value = data.get(key)
        if value is None:
            if required:
                self.report(f"{path}.{key}", f"'{key}' is missing", "an amount in pounds")
            return None
        amount = None if isinstance(value, bool) else parse_money(str(value))
        if amount is None:
            self.report(
                f"{path}.{key}",
                f"'{key}' is {value!r}; expected an amount of pounds like \"-1200000.00\"",
            )
        return amount

    def flag(self, data: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.report(f"{path}.{key}", f"'{key}' is {value!r}; expected true or false")
            return default
        return value

    def code(self, data: dict[str, Any], path: str, seen: set[str]) -> str | None:
        code = data.get("org_code")
        if not isinstance(code, str) or not code.strip():
            self.report(f"{path}.org_code", "'org_code' is missing", "an ODS code like RBD")
            return None
        if code in seen:
            self.report(f"{path}.org_code", f"{code!r} appears more than once")
        seen.add(code)
        return code.strip()

    def year(self, data: dict[str, Any]) -> FinancialYear | None:
        try:
            return FinancialYear.parse(str(data.get("financial_year", "")))
        except ValueError as error:
            self.report("$.financial_year", str(error))
            return None

    def organisations(self, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        items = data.get("organisations")
        if not isinstance(items, list) or not items:
            self.report("$.organisations", "expected a non-empty list of organisations")
            return []
        found = []
        for index, item in enumerate(items):
            path = f"$.organisations[{index}]"
            if isinstance(item, dict):
                found.append((path, item))
            else:
                self.report(path, "expected an object with org_code and amounts")
        return found


def _rules(r: _Reader, root: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Decimal]:
    """The scenario's `rules`: each a non-negative amount of pounds, materiality defaulting
    to £100,000 and anything else to zero."""
    rules = root.get("rules") or {}
    found = {key: DEFAULT_MATERIALITY if key == "materiality" else ZERO for key in keys}
    if not isinstance(rules, dict):
        r.report("$.rules", 'expected an object such as {"materiality": "100000"}')
        return found
    for key in keys:
        value = r.money(rules, key, "$.rules", required=False)
        if value is not None and value < 0:
            r.report(f"$.rules.{key}", "must not be negative")
        elif value is not None:
            found[key] = value
    return found


def _root(data: Any, source: str) -> tuple[_Reader, dict[str, Any] | None]:
    reader = _Reader(source)
    if not isinstance(data, dict):
        reader.report("$", "expected a JSON object with financial_year and organisations")
        return reader, None
    return reader, data


def _transfer_org(
    r: _Reader, path: str, item: dict[str, Any], seen: set[str]
) -> TransferOrganisation | None:
    code = r.code(item, path, seen)
    forecast = r.money(item, "forecast_outturn", path)
    control_total = r.money(item, "control_total", path)
    funding = r.money(item, "sustainability_funding", path, required=False)
    max_give = r.money(item, "max_give", path, required=False)
    if funding is not None and funding < 0:
        r.report(f"{path}.sustainability_funding", "must not be negative")
    if max_give is not None and max_give < 0:
        r.report(f"{path}.max_give", "must not be negative")
    can_give = r.flag(item, "can_give", path, True)
    can_receive = r.flag(item, "can_receive", path, True)
    if code is None or forecast is None or control_total is None:
        return None
    return TransferOrganisation(
        code, forecast, control_total, funding or ZERO, can_give, can_receive, max_give
    )


def parse_transfer_scenario(
    data: Any, source: str
) -> tuple[TransferScenario | None, list[DataIssue]]:
    r, root = _root(data, source)
    if root is None:
        return None, r.issues
    year = r.year(root)
    seen: set[str] = set()
    orgs = [_transfer_org(r, path, item, seen) for path, item in r.organisations(root)]
    rules = _rules(r, root, ("min_transfer", "materiality"))
    if r.issues or year is None:
        return None, r.issues
    organisations = tuple(o for o in orgs if o)
    return TransferScenario(year, organisations, rules["min_transfer"], rules["materiality"]), []


def _control_total_org(
    r: _Reader, path: str, item: dict[str, Any], seen: set[str]
) -> ControlTotalOrganisation | None:
    code = r.code(item, path, seen)
    opex = r.money(item, "operating_expenditure", path)
    underlying = r.money(item, "underlying_position", path)
    control_total = r.money(item, "control_total", path)
    max_pct = r.money(item, "max_cip_pct", path, required=False)
    max_take_on = r.money(item, "max_take_on", path, required=False)
    if max_take_on is not None and max_take_on < 0:
        r.report(f"{path}.max_take_on", "must not be negative")
    if opex is not None and opex <= 0:
        r.report(f"{path}.operating_expenditure", "must be more than zero")
    if max_pct is not None and not 0 <= max_pct <= 100:
        r.report(f"{path}.max_cip_pct", f"is {max_pct}; expected a percentage from 0 to 100")
    willing = r.flag(item, "willing_to_exceed", path, False)
    if code is None or opex is None or underlying is None or control_total is None:
        return None
    return ControlTotalOrganisation(
        code,
        opex,
        underlying,
        control_total,
        Decimal(4) if max_pct is None else max_pct,
        willing,
        max_take_on,
    )


def parse_control_total_scenario(
    data: Any, source: str
) -> tuple[ControlTotalScenario | None, list[DataIssue]]:
    r, root = _root(data, source)
    if root is None:
        return None, r.issues
    year = r.year(root)
    seen: set[str] = set()
    orgs = [_control_total_org(r, path, item, seen) for path, item in r.organisations(root)]
    rules = _rules(r, root, ("materiality",))
    if r.issues or year is None:
        return None, r.issues
    return ControlTotalScenario(year, tuple(o for o in orgs if o), rules["materiality"]), []


@dataclass(frozen=True)
class Limits:
    """Partners' limits and the materiality threshold, given for one solve (CLI flags, the
    web form, the API): they override what the scenario says. Pounds."""

    max_give: dict[str, Decimal] = field(default_factory=dict)  # willing to give up to
    max_take_on: dict[str, Decimal] = field(default_factory=dict)  # willing to take on up to
    materiality: Decimal | None = None

    def apply(self, data: Any, source: str) -> Any:
        """The scenario document with these limits written in: `max_give` / `max_take_on` on
        each named organisation (taking on implies willing to exceed), `rules.materiality`.
        A code that is not in the scenario is an error naming it."""
        if not isinstance(data, dict) or not isinstance(data.get("organisations"), list):
            return data
        organisations = [dict(o) if isinstance(o, dict) else o for o in data["organisations"]]
        codes = {
            o.get("org_code")
            for o in organisations
            if isinstance(o, dict) and isinstance(o.get("org_code"), str)
        }
        unknown = sorted(c for c in {*self.max_give, *self.max_take_on} if c not in codes)
        if unknown:
            raise InvalidDataError(
                f"{', '.join(unknown)} not in {source}",
                [
                    DataIssue(source, f"{code} is not an organisation in this scenario")
                    for code in unknown
                ],
            )
        for o in organisations:
            if not isinstance(o, dict):
                continue
            code = o.get("org_code")
            if not isinstance(code, str):
                continue
            if code in self.max_give:
                o["max_give"] = money_str(self.max_give[code])
            if code in self.max_take_on:
                o["max_take_on"] = money_str(self.max_take_on[code])
                o["willing_to_exceed"] = True
        changed = {**data, "organisations": organisations}
        rules = data.get("rules") or {}
        if self.materiality is not None and isinstance(rules, dict):  # else reported as bad
            changed["rules"] = {**rules, "materiality": money_str(self.materiality)}
        return changed


def parse_limits(text: str, what: str) -> dict[str, Decimal]:
    """`RBD=500000, RDY=300000` (pounds) to {code: amount}; every bad part named."""
    found: dict[str, Decimal] = {}
    problems = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        code, _, amount_text = part.partition("=")
        code = code.strip().upper()
        amount = parse_money(amount_text.strip()) if amount_text.strip() else None
        if not code or amount is None or amount < 0:
            problems.append(f"{what}: {part!r} is not CODE=POUNDS, e.g. RBD=500000")
        elif code in found:
            problems.append(f"{what}: {code} is given twice")
        else:
            found[code] = amount
    if problems:
        raise OpenbookError("; ".join(problems), hint="e.g. RBD=500000,RDY=250000")
    return found
