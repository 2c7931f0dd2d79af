"""Regime rules files (YAML, one per financial year) → (Regime, issues).

A system's own rules directory may hold a file for a year too: its keys replace the shipped
file's (a whole section at a time), and its `local_rules` are added. Every problem is
reported at once, with the file and the key.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from openbook.kernel.error import DataIssue
from openbook.kernel.period import FinancialYear
from openbook.regime.model.regime import (
    AccountableUnit,
    EnvelopeLevel,
    IncentiveFund,
    OrganisationTest,
    PositionShape,
    RagThresholds,
    Regime,
    SystemTest,
)

REQUIRED = (
    "financial_year",
    "name",
    "summary",
    "sources",
    "measured",
    "accountable_unit",
    "organisation_test",
    "system_test",
    "rag",
)
OPTIONAL = (
    "position_shape",
    "incentive_funds",
    "capital",
    "cash",
    "workforce",
    "local_rules",
)
E = TypeVar("E", bound=StrEnum)


def year_file_name(year: FinancialYear) -> str:
    """2017/18 → '2017-18.yaml'."""
    return f"{year.label.replace('/', '-')}.yaml"


class _Reader:
    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data, self.source, self.issues = data, source, list[DataIssue]()

    def report(self, key: str, message: str, expected: str | None = None) -> None:
        self.issues.append(DataIssue(self.source, message, column=key, expected=expected))

    def text(self, key: str, value: Any = None) -> str:
        value = self.data.get(key) if value is None else value
        if not isinstance(value, str) or not value.strip():
            self.report(key, f"{key!r} must be a non-empty text", "a line of text")
            return ""
        return value.strip()

    def texts(self, key: str, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.report(key, f"{key!r} must be a list of texts", "[text, text, ...]")
            return ()
        return tuple(v.strip() for v in value)

    def choice(self, key: str, kind: type[E], value: Any, default: E | None = None) -> E:
        if value is None and default is not None:
            return default
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.report(key, f"{key!r} is {value!r}", f"one of {allowed}")
            return default if default is not None else next(iter(kind))

    def decimal(self, key: str, value: Any) -> Decimal | None:
        if value is None:
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.report(key, f"{key!r} is {value!r}", "a number like 30 or 0.70")
            return None
        if not number.is_finite() or number < 0:
            self.report(key, f"{key!r} is {value!r}", "a number at least 0")
            return None
        return number

    def section(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(key, f"{key!r} must be a mapping", f"{key}: {{name: value, ...}}")
            return {}
        return value


def _funds(reader: _Reader) -> tuple[IncentiveFund, ...]:
    value = reader.data.get("incentive_funds") or []
    if not isinstance(value, list):
        reader.report("incentive_funds", "'incentive_funds' must be a list", "[- code: STF ...]")
        return ()
    funds = []
    for index, item in enumerate(value, start=1):
        where = f"incentive_funds[{index}]"
        if not isinstance(item, dict):
            reader.report(where, f"{where} must be a mapping", "code, name, conditions")
            continue
        funds.append(
            IncentiveFund(
                reader.text(f"{where}.code", item.get("code") or ""),
                reader.text(f"{where}.name", item.get("name") or ""),
                reader.texts(f"{where}.conditions", item.get("conditions")),
                reader.decimal(f"{where}.finance_share", item.get("finance_share")),
            )
        )
    return tuple(funds)


def _year(reader: _Reader, expected: FinancialYear | None) -> FinancialYear:
    raw = reader.data.get("financial_year")
    try:
        year = FinancialYear.parse(str(raw))
    except ValueError:
        reader.report("financial_year", f"'financial_year' is {raw!r}", "a year like 2026/27")
        return expected or FinancialYear(2017)
    if expected is not None and year != expected:
        reader.report(
            "financial_year",
            f"'financial_year' is {year.label} but the file is named for {expected.label}",
            expected.label,
        )
    return year


def parse_regime(
    data: Any, source: str, expected: FinancialYear | None = None, files: tuple[str, ...] = ()
) -> tuple[Regime | None, list[DataIssue]]:
    """A regime from a rules file's data (shipped, or shipped with a local file merged)."""
    if not isinstance(data, dict):
        return None, [DataIssue(source, "must be a mapping of regime keys", expected="a mapping")]
    reader = _Reader(data, source)
    for key in REQUIRED:
        if key not in data:
            reader.report(key, f"is missing {key!r}", ", ".join(REQUIRED))
    for key in data:
        if key not in REQUIRED + OPTIONAL:
            reader.report(str(key), f"has an unknown key {key!r}", ", ".join(REQUIRED + OPTIONAL))
    if reader.issues:
        return None, reader.issues
    measured, rag = reader.section("measured"), reader.section("rag")
    capital, cash, workforce = (reader.section(k) for k in ("capital", "cash", "workforce"))
    regime = Regime(
        financial_year=_year(reader, expected),
        name=reader.text("name"),
        summary=reader.text("summary"),
        sources=reader.texts("sources", data.get("sources")),
        measured_basis=reader.text("measured.basis", measured.get("basis") or ""),
        excludes=reader.texts("measured.excludes", measured.get("excludes")),
        accountable_unit=reader.choice(
            "accountable_unit", AccountableUnit, data.get("accountable_unit")
        ),
        organisation_test=reader.choice(
            "organisation_test", OrganisationTest, data.get("organisation_test")
        ),
        system_test=reader.choice("system_test", SystemTest, data.get("system_test")),
        position_shape=reader.choice(
            "position_shape", PositionShape, data.get("position_shape"), PositionShape.REGIME
        ),
        incentive_funds=_funds(reader),
        envelope_level=reader.choice(
            "capital.envelope_level",
            EnvelopeLevel,
            capital.get("envelope_level"),
            EnvelopeLevel.ORGANISATION,
        ),
        rag=RagThresholds(
            reader.choice("rag.target", OrganisationTest, rag.get("target")),
            reader.decimal("rag.amber_margin_pct", rag.get("amber_margin_pct")) or Decimal(0),
        ),
        bppc_target_pct=reader.decimal("cash.bppc_target_pct", cash.get("bppc_target_pct")),
        agency_reduction_pct=reader.decimal(
            "workforce.agency_reduction_pct", workforce.get("agency_reduction_pct")
        ),
        bank_reduction_pct=reader.decimal(
            "workforce.bank_reduction_pct", workforce.get("bank_reduction_pct")
        ),
        local_rules=reader.texts("local_rules", data.get("local_rules")),
        files=files or (source,),
    )
    if not regime.sources:
        reader.report("sources", "'sources' must name at least one source", "[a source, ...]")
    return (None, reader.issues) if reader.issues else (regime, [])


def merge_local(shipped: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """The shipped rules with a system's local file over them: a key of the local file
    replaces the shipped one; `local_rules` are added to any the shipped file has."""
    merged = {**shipped, **{k: v for k, v in local.items() if k != "local_rules"}}
    extra = local.get("local_rules")
    if extra is not None:
        before = shipped.get("local_rules") or []
        merged["local_rules"] = [*before, *extra] if isinstance(extra, list) else extra
    return merged
