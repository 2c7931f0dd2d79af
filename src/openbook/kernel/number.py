"""Parsing numbers typed by people, with hints for the usual slips."""

from __future__ import annotations

from decimal import Decimal

from openbook.kernel.money import parse_money

_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1", "S": "5"}


def guess_typo(text: str) -> str | None:
    """A hint when swapping look-alike letters for digits would make a number."""
    for letter, digit in _LOOKALIKES.items():
        if letter in text and parse_money(text.replace(letter, digit)) is not None:
            name = {"0": "zero", "1": "one", "5": "five"}[digit]
            return f"letter {letter} instead of {name}?"
    if text.count(".") > 1:
        return "more than one decimal point?"
    return None


def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """(value, hint): value None when the text is not an amount of money."""
    value = parse_money(text)
    if value is not None:
        return value, None
    return None, guess_typo(text)
