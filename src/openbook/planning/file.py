"""The scenario file (JSON, docs/planning.md) -> a `Scenario`, with every problem at once,
each at its JSON path; and a scenario back to the same document (`scenario_document`), so
`parse_scenario(scenario_document(s)) == s`.

    {"name": "...", "base_year": "2017/18", "years": 3,
     "target": "breakeven" | {"RBD": "-1000000.00", ...},
     "assumptions": {"uplift_pct": 1.0 | {"2018/19": 0.0, ...}, "pay_inflation_pct": ...,
                     "non_pay_inflation_pct": ..., "activity_growth_pct": ..., "cip_pct": ...},
     "organisations": [{"org_code": "RBD", "kind": "acute", "income": "...", "pay": "...",
                        "non_pay": "...", "mitigations": {"reconfiguration": "...", ...}}]}

and, optionally, per organisation: "financing" (a string of pounds), "income_by_source"
({"source": "pounds", ...} summing to "income"), "non_recurrent" ([{"year", "label",
"amount"}, ...]) and "cip_maturity" ({"in_delivery": pct, "identified": pct}, each a number
or an object of years); in the assumptions, "cip_recurrent_pct" (100 unless said).

Rates are numbers (per cent) or objects of years; amounts are strings of pounds. Nothing is
raised for a bad document: `parse_scenario` returns (None, issues).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.kernel.money import ZERO, money_str, parse_money
from openbook.kernel.organisation import OrgKind
from openbook.kernel.period import FinancialYear
from openbook.planning.model.scenario import (
    DEFAULT_CIP_THRESHOLD_PCT,
    Assumptions,
    Maturity,
    Mitigation,
    NonRecurrentItem,
    OrganisationPlan,
    Rate,
    Scenario,
)

MAX_YEARS = 10
MAX_AMOUNT = Decimal(10) ** 12
BREAKEVEN = "breakeven"
TOP_KEYS = ("name", "base_year", "years", "target", "assumptions", "organisations")
OPTIONAL_TOP_KEYS = ("cip_threshold_pct",)
ORG_KEYS = (
    "org_code",
    "kind",
    "income",
    "pay",
    "non_pay",
    "mitigations",
    "financing",
    "income_by_source",
    "non_recurrent",
    "cip_maturity",
)
ITEM_KEYS = ("year", "label", "amount")
MATURITY_KEYS = (Maturity.IN_DELIVERY.value, Maturity.IDENTIFIED.value)
MAX_LABEL = 120
KINDS = tuple(kind.value for kind in OrgKind)


def shown(value: Any) -> str:
    return json.dumps(value)


class Reader:
    """Collects every problem as file:$.path: message."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[DataIssue] = []

    def report(
        self, path: str, message: str, found: Any = None, expected: str | None = None
    ) -> None:
        text = None if found is None else shown(found)
        self.issues.append(
            DataIssue(self.source, message, column=path, found=text, expected=expected)
        )

    def unknown_keys(self, data: dict[str, Any], path: str, known: tuple[str, ...]) -> None:
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                message = "is not a key here; expected one of " + ", ".join(known)
                if close:
                    message += f" (did you mean {close[0]!r}?)"
                self.report(f"{path}.{key}", message)

    def amount(self, value: Any, path: str) -> Decimal | None:
        expected = 'a string of pounds like "1200000.00"'
        if not isinstance(value, str):
            self.report(path, f"expected a string of pounds, found {shown(value)}", value, expected)
            return None
        try:
            amount = parse_money(value) if len(value) <= 40 else None
        except ArithmeticError:  # more digits than pounds and pence can hold
            amount = None
        if amount is not None and abs(amount) >= MAX_AMOUNT:
            self.report(path, f"is more than £1,000,000,000,000, found {shown(value)}", value)
            return None
        if amount is None:
            self.report(path, f"expected {expected}, found {shown(value)}", value, expected)
        return amount

    def percent(self, value: Any, path: str, low: Decimal, high: Decimal) -> Decimal | None:
        expected = f"a number of per cent from {low} to {high}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(path, f"expected {expected}, found {shown(value)}", value, expected)
            return None
        rate = Decimal(str(value))
        if not rate.is_finite() or not low <= rate <= high:
            self.report(path, f"expected {expected}, found {shown(value)}", value, expected)
            return None
        return rate

    def by_year(
        self, value: Any, path: str, years: tuple[FinancialYear, ...] | None, read: Any
    ) -> tuple[Decimal, ...] | None:
        """One value for every year, or an object with a value for each plan year."""
        if not isinstance(value, dict):
            single = read(value, path)
            return None if single is None or years is None else (single,) * len(years)
        labels = {} if years is None else {year.label: year for year in years}
        found: dict[str, Decimal] = {}
        for key, item in value.items():
            if key not in labels:
                if years is not None:
                    plan = ", ".join(labels)
                    self.report(f"{path}.{key}", f"is not a year of the plan ({plan})")
                continue
            parsed = read(item, f"{path}.{key}")
            if parsed is not None:
                found[key] = parsed
        missing = [label for label in labels if label not in value]
        if missing:
            self.report(path, "has no value for " + ", ".join(missing))
        if years is None or len(found) != len(labels):
            return None
        return tuple(found[label] for label in labels)


def read_years(
    r: Reader, data: dict[str, Any]
) -> tuple[FinancialYear | None, tuple[FinancialYear, ...] | None]:
    """The base year and the plan's years after it (None where they are bad)."""
    base: FinancialYear | None = None
    text = data.get("base_year")
    if not isinstance(text, str):
        r.report("$.base_year", f'expected a financial year like "2017/18", found {shown(text)}')
    else:
        try:
            base = FinancialYear.parse(text)
        except ValueError as error:
            r.report("$.base_year", str(error))
    count = data.get("years")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_YEARS:
        r.report(
            "$.years",
            f"expected a whole number of years from 1 to {MAX_YEARS}, found {shown(count)}",
        )
        return base, None
    if base is None:
        return None, None
    return base, tuple(FinancialYear(base.start_year + i) for i in range(1, count + 1))


def read_assumptions(
    r: Reader, data: Any, years: tuple[FinancialYear, ...] | None
) -> Assumptions | None:
    if not isinstance(data, dict):
        r.report("$.assumptions", f"expected an object of rates, found {shown(data)}")
        return None
    r.unknown_keys(data, "$.assumptions", tuple(rate.value for rate in Rate))
    rates: dict[Rate, tuple[Decimal, ...]] = {}
    for rate in Rate:
        path = f"$.assumptions.{rate.value}"
        if rate.value not in data:
            if rate.required:
                r.report(path, "is missing; expected a number of per cent or an object of years")
            elif years is not None:
                rates[rate] = (rate.default,) * len(years)
            continue
        low = Decimal(0) if rate in (Rate.CIP, Rate.CIP_RECURRENT) else Decimal(-99)
        values = r.by_year(
            data[rate.value], path, years, lambda v, p, lo=low: r.percent(v, p, lo, Decimal(100))
        )
        if values is not None:
            rates[rate] = values
    return Assumptions(rates) if len(rates) == len(Rate) else None


def _mitigations(
    r: Reader, data: Any, path: str, years: tuple[FinancialYear, ...] | None
) -> dict[Mitigation, tuple[Decimal, ...]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        r.report(path, f"expected an object of mitigations, found {shown(data)}")
        return {}
    r.unknown_keys(data, path, tuple(m.value for m in Mitigation))
    found = {}
    for mitigation in Mitigation:
        if mitigation.value in data:
            values = r.by_year(
                data[mitigation.value], f"{path}.{mitigation.value}", years, r.amount
            )
            if values is not None:
                found[mitigation] = values
    return found


def _income_sources(
    r: Reader, data: Any, path: str, income: Decimal | None
) -> tuple[tuple[str, Decimal], ...]:
    """Income by source: each a non-negative amount; together exactly the income."""
    if data is None:
        return ()
    if not isinstance(data, dict) or not data:
        r.report(path, f"expected an object of amounts by source, found {shown(data)[:40]}")
        return ()
    found: list[tuple[str, Decimal]] = []
    for source, value in data.items():
        if not source.strip() or len(source) > MAX_LABEL:
            r.report(f"{path}.{source}", f"a source needs a name of 1 to {MAX_LABEL} characters")
            continue
        amount = r.amount(value, f"{path}.{source}")
        if amount is not None and amount < 0:
            r.report(f"{path}.{source}", f"must not be negative, found {shown(value)}")
        elif amount is not None:
            found.append((source.strip(), amount))
    if len(found) != len(data):
        return ()
    total = sum((amount for _, amount in found), ZERO)
    if income is not None and total != income:
        r.report(
            path,
            f"sums to {money_str(total)}, not the income {money_str(income)}",
            expected="sources that add up to the income",
        )
        return ()
    return tuple(found)


def _non_recurrent(
    r: Reader, data: Any, path: str, years: tuple[FinancialYear, ...] | None
) -> tuple[NonRecurrentItem, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        r.report(path, f"expected a list of {{year, label, amount}}, found {shown(data)[:40]}")
        return ()
    labels = {} if years is None else {year.label: year for year in years}
    found = []
    for index, item in enumerate(data):
        where = f"{path}[{index}]"
        if not isinstance(item, dict):
            r.report(
                where, f"expected an object with year, label and amount, found {shown(item)[:40]}"
            )
            continue
        r.unknown_keys(item, where, ITEM_KEYS)
        text = item.get("year")
        year = labels.get(text) if isinstance(text, str) else None
        if year is None and years is not None:
            plan = ", ".join(labels)
            r.report(
                f"{where}.year",
                f"expected a year of the plan ({plan}), found {shown(item.get('year'))}",
            )
        label = item.get("label")
        if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL:
            r.report(
                f"{where}.label",
                f"expected what it is, 1 to {MAX_LABEL} characters, found {shown(label)[:40]}",
            )
            label = None
        amount = r.amount(item.get("amount"), f"{where}.amount")
        if year is not None and label is not None and amount is not None:
            found.append(NonRecurrentItem(year, label.strip(), amount))
    return tuple(found)


def _cip_maturity(
    r: Reader, data: Any, path: str, years: tuple[FinancialYear, ...] | None
) -> dict[Maturity, tuple[Decimal, ...]]:
    """The % of each year's CIP in delivery and identified; the two may not pass 100."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        r.report(
            path, f"expected {{in_delivery, identified}} in per cent, found {shown(data)[:40]}"
        )
        return {}
    r.unknown_keys(data, path, MATURITY_KEYS)
    found: dict[Maturity, tuple[Decimal, ...]] = {}
    for key in MATURITY_KEYS:
        where = f"{path}.{key}"
        if key not in data:
            r.report(where, "is missing; expected a number of per cent or an object of years")
            continue
        values = r.by_year(
            data[key], where, years, lambda v, p: r.percent(v, p, ZERO, Decimal(100))
        )
        if values is not None:
            found[Maturity(key)] = values
    if len(found) != len(MATURITY_KEYS) or years is None:
        return {}
    pairs = zip(found[Maturity.IN_DELIVERY], found[Maturity.IDENTIFIED], strict=True)
    for year, (in_delivery, identified) in zip(years, pairs, strict=True):
        if in_delivery + identified > 100:
            r.report(
                path,
                f"in {year.label} puts {in_delivery + identified}% of the CIP in delivery or "
                "identified; the two together cannot pass 100",
            )
    return found


def _organisation(
    r: Reader, item: Any, path: str, years: tuple[FinancialYear, ...] | None, seen: set[str]
) -> OrganisationPlan | None:
    if not isinstance(item, dict):
        r.report(
            path,
            f"expected an object with org_code, kind, income, pay and non_pay, found {shown(item)}",
        )
        return None
    r.unknown_keys(item, path, ORG_KEYS)
    code = item.get("org_code")
    if not isinstance(code, str) or not code.strip():
        r.report(f"{path}.org_code", f'expected an ODS code like "RBD", found {shown(code)}')
        code = None
    elif code in seen:
        r.report(f"{path}.org_code", f"{code!r} appears more than once")
    else:
        seen.add(code)
    kind = item.get("kind")
    if kind not in KINDS:
        r.report(f"{path}.kind", f"expected one of {', '.join(KINDS)}, found {shown(kind)}")
    amounts = {}
    for key in ("income", "pay", "non_pay"):
        amount = r.amount(item.get(key), f"{path}.{key}")
        if amount is not None and amount < 0:
            r.report(f"{path}.{key}", f"must not be negative, found {shown(item[key])}")
        amounts[key] = amount
    mitigations = _mitigations(r, item.get("mitigations"), f"{path}.mitigations", years)
    financing: Decimal | None = ZERO
    if "financing" in item:
        financing = r.amount(item["financing"], f"{path}.financing")
        if financing is not None and financing < 0:
            r.report(f"{path}.financing", f"must not be negative, found {shown(item['financing'])}")
    sources = _income_sources(
        r, item.get("income_by_source"), f"{path}.income_by_source", amounts["income"]
    )
    one_offs = _non_recurrent(r, item.get("non_recurrent"), f"{path}.non_recurrent", years)
    maturity = _cip_maturity(r, item.get("cip_maturity"), f"{path}.cip_maturity", years)
    if code is None or kind not in KINDS or None in amounts.values() or years is None:
        return None
    income, pay, non_pay = (amounts[k] or ZERO for k in ("income", "pay", "non_pay"))
    return OrganisationPlan(
        code,
        str(kind),
        income,
        pay,
        non_pay,
        (ZERO,) * len(years),
        mitigations,
        financing or ZERO,
        sources,
        one_offs,
        maturity,
    )


def _targets(
    r: Reader, data: Any, years: tuple[FinancialYear, ...] | None, codes: set[str] | None
) -> dict[str, tuple[Decimal, ...]]:
    """Per organisation and year; an organisation the target does not name breaks even.
    `codes`: every org_code the file names, valid or not (None: no list to check against)."""
    if data == BREAKEVEN:
        return {}
    if not isinstance(data, dict):
        r.report(
            "$.target",
            f'expected "breakeven" or an object of amounts by org_code, found {shown(data)}',
        )
        return {}
    found = {}
    for code, value in data.items():
        if codes is not None and code not in codes:
            r.report(f"$.target.{code}", f"{code!r} is not one of the organisations")
        values = r.by_year(value, f"$.target.{code}", years, r.amount)
        if values is not None:
            found[code] = values
    return found


def parse_scenario(data: Any, source: str) -> tuple[Scenario | None, list[DataIssue]]:
    """A scenario document -> the scenario, or None and every problem."""
    r = Reader(source)
    if not isinstance(data, dict):
        r.report(
            "$", f"expected a JSON object with {', '.join(TOP_KEYS)}, found {shown(data)[:40]}"
        )
        return None, r.issues
    r.unknown_keys(data, "$", TOP_KEYS + OPTIONAL_TOP_KEYS)
    for key in TOP_KEYS:
        if key not in data:
            r.report(f"$.{key}", "is missing")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        r.report("$.name", f"expected the scenario's name, found {shown(name)}")
    base, years = read_years(r, data)
    assumptions = read_assumptions(r, data.get("assumptions"), years)
    threshold = DEFAULT_CIP_THRESHOLD_PCT
    if "cip_threshold_pct" in data:
        threshold = (
            r.percent(data["cip_threshold_pct"], "$.cip_threshold_pct", Decimal(0), Decimal(100))
            or threshold
        )
    items = data.get("organisations")
    if not isinstance(items, list) or not items:
        r.report(
            "$.organisations",
            f"expected a non-empty list of organisations, found {shown(items)[:40]}",
        )
        items = []
    seen: set[str] = set()
    plans = [
        _organisation(r, item, f"$.organisations[{i}]", years, seen) for i, item in enumerate(items)
    ]
    named = {
        i["org_code"] for i in items if isinstance(i, dict) and isinstance(i.get("org_code"), str)
    }
    targets = _targets(r, data.get("target"), years, named if items else None)
    if r.issues or assumptions is None or base is None or not isinstance(name, str):
        return None, r.issues
    organisations = tuple(
        replace(p, target=targets.get(p.org_code, p.target)) for p in plans if p is not None
    )
    return Scenario(name.strip(), base, assumptions, organisations, threshold), []


def load_scenario(path: Path) -> tuple[Scenario | None, list[DataIssue]]:
    """A scenario file -> the scenario, or None and every problem (a missing file, bad JSON)."""
    source = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [
            DataIssue(
                source, f"cannot be read: {error.strerror if isinstance(error, OSError) else error}"
            )
        ]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [
            DataIssue(
                source, f"not valid JSON: {error.msg}", row=error.lineno, column=str(error.colno)
            )
        ]
    return parse_scenario(data, source)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _rate_document(values: tuple[Decimal, ...], years: tuple[FinancialYear, ...]) -> Any:
    if len(set(values)) == 1:
        return _number(values[0])
    return {year.label: _number(value) for year, value in zip(years, values, strict=True)}


def rates_document(assumptions: Assumptions, years: tuple[FinancialYear, ...]) -> dict[str, Any]:
    """Every rate, but the recurrent share of the CIP only when it is not all recurrent."""
    return {
        rate.value: _rate_document(assumptions.rates[rate], years)
        for rate in Rate
        if rate.required
        or rate is Rate.CIP
        or any(value != rate.default for value in assumptions.rates[rate])
    }


def _amount_document(values: tuple[Decimal, ...], years: tuple[FinancialYear, ...]) -> Any:
    if len(set(values)) == 1:
        return money_str(values[0])
    return {year.label: money_str(value) for year, value in zip(years, values, strict=True)}


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The scenario as its file: what is stored, downloaded and copied."""
    years = scenario.years
    targets = {
        p.org_code: _amount_document(p.target, years)
        for p in scenario.organisations
        if any(p.target)
    }
    document: dict[str, Any] = {
        "name": scenario.name,
        "base_year": scenario.base_year.label,
        "years": len(years),
        "target": targets or BREAKEVEN,
        "assumptions": rates_document(scenario.assumptions, years),
        "organisations": [_organisation_document(p, years) for p in scenario.organisations],
    }
    if scenario.cip_threshold_pct != DEFAULT_CIP_THRESHOLD_PCT:
        document["cip_threshold_pct"] = _number(scenario.cip_threshold_pct)
    return document


def _organisation_document(
    plan: OrganisationPlan, years: tuple[FinancialYear, ...]
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "org_code": plan.org_code,
        "kind": plan.kind,
        "income": money_str(plan.income),
        "pay": money_str(plan.pay),
        "non_pay": money_str(plan.non_pay),
    }
    if plan.mitigations:
        document["mitigations"] = {
            m.value: _amount_document(v, years) for m, v in plan.mitigations.items()
        }
    if plan.financing:
        document["financing"] = money_str(plan.financing)
    if plan.income_sources:
        document["income_by_source"] = {s: money_str(a) for s, a in plan.income_sources}
    if plan.non_recurrent:
        document["non_recurrent"] = [
            {"year": i.financial_year.label, "label": i.label, "amount": money_str(i.amount)}
            for i in plan.non_recurrent
        ]
    if plan.cip_maturity:
        document["cip_maturity"] = {
            m.value: _rate_document(v, years) for m, v in plan.cip_maturity.items()
        }
    return document
