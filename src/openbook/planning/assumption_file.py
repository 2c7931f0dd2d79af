"""An assumption set as a document: the rates of a scenario file on their own, so a set can
be stored, versioned and applied to any scenario over the same years.

    {"name": "+1% from 2019/20", "base_year": "2017/18", "years": 3,
     "assumptions": {"uplift_pct": {"2018/19": 0, "2019/20": 1, "2020/21": 1}, ...}}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.kernel.period import FinancialYear
from openbook.planning.file import Reader, rates_document, read_assumptions, read_years, shown
from openbook.planning.model.scenario import Assumptions

KEYS = ("name", "base_year", "years", "assumptions")


@dataclass(frozen=True)
class AssumptionSet:
    name: str
    base_year: FinancialYear
    years: tuple[FinancialYear, ...]
    assumptions: Assumptions


def parse_assumption_set(data: Any, source: str) -> tuple[AssumptionSet | None, list[DataIssue]]:
    r = Reader(source)
    if not isinstance(data, dict):
        r.report("$", f"expected a JSON object with {', '.join(KEYS)}, found {shown(data)[:40]}")
        return None, r.issues
    r.unknown_keys(data, "$", KEYS)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        r.report("$.name", f"expected the assumption set's name, found {shown(name)}")
    base, years = read_years(r, data)
    assumptions = read_assumptions(r, data.get("assumptions"), years)
    if r.issues or base is None or years is None or assumptions is None:
        return None, r.issues
    assert isinstance(name, str)
    return AssumptionSet(name.strip(), base, years, assumptions), []


def assumption_set_document(found: AssumptionSet) -> dict[str, Any]:
    return {
        "name": found.name,
        "base_year": found.base_year.label,
        "years": len(found.years),
        "assumptions": rates_document(found.assumptions, found.years),
    }
