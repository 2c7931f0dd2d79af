"""The checks every section of a programme file shares: each value read at its path in the
file (`dorset.yaml:$.milestones[3].month: ...`), every problem collected, none raised."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from openbook.kernel.error import DataIssue
from openbook.kernel.input_limit import MAX_NAME
from openbook.kernel.money import parse_money
from openbook.kernel.period import FinancialYear

E = TypeVar("E", bound=StrEnum)
MAX_TEXT = 4000  # a description, terms of reference or statement
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TBC = "TBC"


@dataclass
class Reader:
    source: str
    issues: list[DataIssue] = field(default_factory=list)

    def report(self, path: str, message: str, expected: str | None = None) -> None:
        self.issues.append(DataIssue(self.source, message, column=path, expected=expected))

    def mapping(self, data: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.report(path, "must be a mapping of keys to values", expected="key: value lines")
            return None
        return data

    def items(self, data: dict[str, Any], key: str, path: str, required: bool = True) -> list[Any]:
        value = data.get(key)
        if value is None:
            if required:
                self.report(f"{path}.{key}", f"'{key}' is missing", expected="a list")
            return []
        if not isinstance(value, list):
            self.report(f"{path}.{key}", f"'{key}' must be a list", expected="a list of entries")
            return []
        return value

    def text(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        required: bool = True,
        limit: int = MAX_NAME,
    ) -> str | None:
        value = data.get(key)
        if isinstance(value, (list, dict)):
            self.report(f"{path}.{key}", f"'{key}' must be text, not a list or mapping")
            return None
        if value is None or str(value).strip() == "":
            if required:
                self.report(f"{path}.{key}", f"'{key}' is missing")
            return None
        text = str(value).strip()
        if len(text) > limit:
            self.report(
                f"{path}.{key}",
                f"'{key}' is {len(text):,} characters long; at most {limit:,}",
                expected=f"at most {limit:,} characters",
            )
            return None
        return text

    def texts(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        found = []
        for index, item in enumerate(self.items(data, key, path, required=False)):
            if isinstance(item, (list, dict)) or item is None or str(item).strip() == "":
                self.report(f"{path}.{key}[{index}]", "must be a line of text")
            else:
                found.append(str(item).strip()[:MAX_TEXT])
        return tuple(found)

    def choice(
        self, data: dict[str, Any], key: str, path: str, kind: type[E], default: E | None = None
    ) -> E | None:
        value = data.get(key)
        if value is None and default is not None:
            return default
        try:
            return kind(str(value).strip().lower())
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            shown = "missing" if value is None else repr(value)
            self.report(f"{path}.{key}", f"'{key}' is {shown}", expected=f"one of {allowed}")
            return None

    def month(self, value: Any, path: str) -> date | None:
        """A calendar month written YYYY-MM (e.g. 2015-10), as its first day."""
        match = _MONTH.match(str(value).strip()) if value is not None else None
        if match is None or not 1 <= int(match.group(2)) <= 12:
            self.report(path, f"{value!r} is not a month", expected="YYYY-MM, e.g. 2015-10")
            return None
        return date(int(match.group(1)), int(match.group(2)), 1)

    def optional_month(self, data: dict[str, Any], key: str, path: str) -> date | None:
        value = data.get(key)
        return None if value is None else self.month(value, f"{path}.{key}")

    def day(self, value: Any, path: str) -> date | None:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.report(path, f"{value!r} is not a date", expected="YYYY-MM-DD")
            return None

    def money(self, value: Any, path: str, allow_tbc: bool = False) -> Decimal | None:
        if allow_tbc and str(value).strip().upper() == TBC:
            return None
        amount = None if isinstance(value, (bool, list, dict)) else parse_money(str(value))
        if amount is None or amount < 0:
            also = " or TBC" if allow_tbc else ""
            self.report(
                path, f"{value!r} is not an amount of money", expected=f"pounds, e.g. 249702{also}"
            )
        return amount

    def number(self, value: Any, path: str) -> Decimal | None:
        try:
            if isinstance(value, (bool, list, dict)) or value is None:
                raise ValueError
            return Decimal(str(value))
        except (ArithmeticError, ValueError):
            self.report(path, f"{value!r} is not a number", expected="a number, e.g. 12.5")
            return None

    def year(self, value: Any, path: str) -> str | None:
        try:
            return FinancialYear.parse(str(value)).label
        except ValueError as error:
            self.report(path, str(error), expected="a financial year like 2015/16")
            return None

    def by_year(self, data: Any, path: str, allow_tbc: bool = False) -> dict[str, Decimal | None]:
        """A mapping of financial year to amount of money."""
        if data is None:
            return {}
        mapping = self.mapping(data, path)
        found: dict[str, Decimal | None] = {}
        for key, value in (mapping or {}).items():
            label = self.year(key, f"{path}.{key}")
            amount = self.money(value, f"{path}.{key}", allow_tbc)
            if label is not None and (amount is not None or allow_tbc):
                found[label] = amount
        return found

    def numbers_by_year(self, data: Any, path: str) -> dict[str, Decimal]:
        if data is None:
            return {}
        found: dict[str, Decimal] = {}
        for key, value in (self.mapping(data, path) or {}).items():
            label, number = self.year(key, f"{path}.{key}"), self.number(value, f"{path}.{key}")
            if label is not None and number is not None:
                found[label] = number
        return found

    def unique(self, refs: list[str], path: str, what: str) -> None:
        seen: set[str] = set()
        for index, ref in enumerate(refs):
            if ref in seen:
                self.report(f"{path}[{index}].ref", f"{what} {ref!r} appears twice")
            seen.add(ref)
