"""Money is Decimal pounds, exact to the penny, end to end.

Floats appear only inside the solver; everything that crosses a boundary goes
through `parse_money` (text -> Decimal) or one of the formatters below (Decimal -> text),
which every page, CLI table, pack and workbook uses (their Excel equivalents are in
`openbook.kernel.table_writer.Format`):

- a table cell in £000: `format_thousands` / `format_cell` -> 1,500 and (8,500), — if unknown;
- a sentence: `format_k` -> £1,500k and (£8,500k);
- pounds and pence: `format_pounds` -> 1,500.25 and (1,500.25); JSON: `money_str` -> -1500.25.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
THOUSAND = Decimal(1000)
DASH = "—"  # an unknown amount (no return), on pages, in the CLI and in packs


def to_pounds(value: Decimal | int | str) -> Decimal:
    """Round to whole pence, half away from zero (the rule NHS ledgers use)."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_money(text: str) -> Decimal | None:
    """'12500', '12,500.00', '(1,200)', '-1200.5', '£1,000' -> pounds; None if not a number."""
    cleaned = text.strip().replace(",", "").replace("£", "").replace(" ", "")
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return to_pounds(-value if negative else value)


def money_str(value: Decimal) -> str:
    """Pounds as a plain string with two decimals, the form every JSON output uses."""
    return f"{to_pounds(value):.2f}"


def format_thousands(value: Decimal, decimals: int = 0) -> str:
    """£000 as NHS finance reports show it: thousands separators, negatives in brackets."""
    thousands = (Decimal(value) / THOUSAND).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )
    text = f"{abs(thousands):,.{decimals}f}"
    return f"({text})" if thousands < 0 else text


def format_pounds(value: Decimal) -> str:
    """Pounds and pence with separators, negatives in brackets: (1,500.25)."""
    return format_thousands(Decimal(value) * THOUSAND, 2)


def format_cell(value: Decimal | None, decimals: int = 0) -> str:
    """A £000 cell of a table (page, CLI, pack): format_thousands, or a dash when unknown."""
    return DASH if value is None else format_thousands(value, decimals)


def format_k(value: Decimal) -> str:
    """£000 in a sentence: £1,500k, and a deficit in brackets, (£4,800k). The one form
    titles, notifications and explanations use."""
    text = f"£{format_thousands(abs(value))}k"
    return f"({text})" if value < 0 else text


def sum_money(values: list[Decimal] | tuple[Decimal, ...]) -> Decimal:
    """Sum exactly, starting from 0.00 so an empty sum still carries pence."""
    total = ZERO
    for value in values:
        total += value
    return total
