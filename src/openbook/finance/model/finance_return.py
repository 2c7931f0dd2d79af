"""A monthly finance return: one organisation, one month, its lines, risks and mitigations.

Figures are year-to-date at the month of the return, plus the annual plan and the
forecast outturn for the whole year, the layout of an NHS board finance report.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from openbook.finance.model.account import AccountLine, LineKind
from openbook.kernel.money import ZERO, money_str, to_pounds
from openbook.kernel.period import FinancialYear

AMOUNT_COLUMNS = ("annual_plan", "plan_ytd", "actual_ytd", "forecast_outturn")
ID_COLUMNS = ("org_code", "financial_year", "month", "line_code", "description")
RISK_COLUMNS = ("gross_value", "likelihood_pct")
# The template's columns, in order; the letters (A, B, ...) appear in error messages.
RETURN_COLUMNS = ID_COLUMNS + AMOUNT_COLUMNS + RISK_COLUMNS
# Optional, last: narrative on any row; the row `commentary` carries the overall narrative.
COMMENTARY_COLUMN = "commentary"
OVERALL_COMMENTARY_ROW = "commentary"
OVERALL = ""  # the key of the overall narrative in FinanceReturn.commentary
MAX_COMMENTARY = 4000  # characters in one cell


def return_column_letter(name: str) -> str:
    return chr(ord("A") + RETURN_COLUMNS.index(name))


@dataclass(frozen=True)
class ReturnLine:
    line_code: str
    annual_plan: Decimal = ZERO
    plan_ytd: Decimal = ZERO
    actual_ytd: Decimal = ZERO
    forecast_outturn: Decimal = ZERO
    row: int | None = None  # where it came from, for messages

    def amount(self, column: str) -> Decimal:
        value: Decimal = getattr(self, column)
        return value

    @classmethod
    def from_amounts(
        cls, line_code: str, amounts: dict[str, Decimal], row: int | None = None
    ) -> ReturnLine:
        """Build from a {column: amount} mapping covering AMOUNT_COLUMNS."""
        return cls(
            line_code,
            annual_plan=amounts["annual_plan"],
            plan_ytd=amounts["plan_ytd"],
            actual_ytd=amounts["actual_ytd"],
            forecast_outturn=amounts["forecast_outturn"],
            row=row,
        )


class RiskKind(StrEnum):
    RISK = "risk"
    MITIGATION = "mitigation"


@dataclass(frozen=True)
class RiskItem:
    """A risk to the forecast, or a mitigation of one: gross value × likelihood = net."""

    ref: str
    kind: RiskKind
    description: str
    gross_value: Decimal
    likelihood_pct: Decimal

    @property
    def net_value(self) -> Decimal:
        return to_pounds(self.gross_value * self.likelihood_pct / Decimal(100))


@dataclass(frozen=True)
class FinanceReturn:
    org_code: str
    financial_year: FinancialYear
    month: int
    lines: tuple[ReturnLine, ...]
    risks: tuple[RiskItem, ...] = field(default_factory=tuple)
    # (line_code, text) pairs; line_code OVERALL ("") for the return as a whole
    commentary: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def commentary_for(self, line_code: str) -> str:
        return dict(self.commentary).get(line_code, "")

    def line(self, line_code: str) -> ReturnLine | None:
        for line in self.lines:
            if line.line_code == line_code:
                return line
        return None

    def amount(self, line_code: str, column: str) -> Decimal:
        line = self.line(line_code)
        return ZERO if line is None else line.amount(column)

    def net_risk(self, kind: RiskKind) -> Decimal:
        return sum((item.net_value for item in self.risks if item.kind is kind), ZERO)

    def gross_risk(self, kind: RiskKind) -> Decimal:
        return sum((item.gross_value for item in self.risks if item.kind is kind), ZERO)

    def content_hash(self) -> str:
        """Hash of the figures, not the file: the same return as CSV or XLSX hashes alike."""
        payload = {
            "org_code": self.org_code,
            "financial_year": self.financial_year.label,
            "month": self.month,
            "lines": sorted(
                [line.line_code, *(money_str(line.amount(c)) for c in AMOUNT_COLUMNS)]
                for line in self.lines
            ),
            "risks": sorted(
                [
                    r.ref,
                    r.kind.value,
                    r.description,
                    money_str(r.gross_value),
                    str(r.likelihood_pct.normalize()),
                ]
                for r in self.risks
            ),
        }
        if self.commentary:  # a return without narrative hashes as it always did
            payload["commentary"] = sorted([code, text] for code, text in self.commentary)
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def calculate_subtotal(line: AccountLine, values: dict[str, ReturnLine], column: str) -> Decimal:
    """Signed sum of a subtotal's parts for one column; missing parts count as zero."""
    total = ZERO
    for code, sign in line.parts:
        part = values.get(code)
        if part is not None:
            total += sign * part.amount(column)
    return total


def fill_subtotals(
    inputs: dict[str, ReturnLine], chart: tuple[AccountLine, ...]
) -> tuple[ReturnLine, ...]:
    """Complete a return from its input lines: every subtotal computed, in chart order."""
    values = dict(inputs)
    for line in chart:
        if line.kind is LineKind.SUBTOTAL:
            amounts = {c: calculate_subtotal(line, values, c) for c in AMOUNT_COLUMNS}
            values[line.line_code] = ReturnLine.from_amounts(line.line_code, amounts)
    return tuple(values[line.line_code] for line in chart if line.line_code in values)
