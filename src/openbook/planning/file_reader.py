"""The scenario file's reader: every problem collected as file:$.path: message."""

from __future__ import annotations

import difflib
import json
from decimal import Decimal
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.kernel.money import parse_money
from openbook.kernel.period import FinancialYear

MAX_AMOUNT = Decimal(10) ** 12


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
