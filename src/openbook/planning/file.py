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

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.kernel.money import ZERO
from openbook.kernel.organisation import OrgKind
from openbook.kernel.period import FinancialYear
from openbook.planning.file_document import BREAKEVEN, rates_document, scenario_document
from openbook.planning.file_lines import read_cip_maturity, read_income_sources, read_non_recurrent
from openbook.planning.file_reader import Reader, shown
from openbook.planning.model.scenario import (
    DEFAULT_CIP_THRESHOLD_PCT,
    Assumptions,
    Mitigation,
    OrganisationPlan,
    Rate,
    Scenario,
)

MAX_YEARS = 10
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
KINDS = tuple(kind.value for kind in OrgKind)


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
    sources = read_income_sources(
        r, item.get("income_by_source"), f"{path}.income_by_source", amounts["income"]
    )
    one_offs = read_non_recurrent(r, item.get("non_recurrent"), f"{path}.non_recurrent", years)
    maturity = read_cip_maturity(r, item.get("cip_maturity"), f"{path}.cip_maturity", years)
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


__all__ = [
    "Reader",
    "load_scenario",
    "parse_scenario",
    "rates_document",
    "read_assumptions",
    "read_years",
    "scenario_document",
    "shown",
]
