"""Reading posted form fields: every bad value is a 400 naming the field, never a 500.

Pages call these instead of converting `form.get(...)` themselves; a hand-edited value (an
unknown kind, a month of "x", a 10 MB title) is refused with the field's label and what was
expected, e.g. "the due date must be a date like 2018-04-20; found 'soon'". Labels are
written as they read in a sentence ("the due date").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

from fastapi import Path

from openbook.kernel.error import OpenbookError

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
MAX_TEXT = 2000
# A row's number in a path (/grants/7/confirm): a database integer, so a hand-typed
# 9223372036854775808 is a 422 naming the field, not an overflow in the driver.
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]


class FormError(OpenbookError):
    """A field of a posted form with a value the page cannot use."""

    status_code = 400
    code = "bad_form_value"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def text(
    form: Any, name: str, label: str, *, required: bool = False, max_length: int = MAX_TEXT
) -> str:
    raw = form.get(name)
    value = "" if raw is None else raw
    if not isinstance(value, str):
        raise FormError(name, f"{label} must be text, not a file")
    value = value.strip()
    if required and not value:
        raise FormError(name, f"{label} is needed")
    if len(value) > max_length:
        raise FormError(name, f"{label} is {len(value):,} characters long; at most {max_length:,}")
    return value


def choice(form: Any, name: str, label: str, kind: type[E]) -> E:
    value = text(form, name, label, required=True, max_length=60)
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise FormError(name, f"{label} must be one of {allowed}; found {value!r}") from None


def integer(form: Any, name: str, label: str, low: int, high: int) -> int:
    value = text(form, name, label, required=True, max_length=12)
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise FormError(
            name, f"{label} must be a whole number from {low} to {high}; found {value!r}"
        )
    return number


def day(form: Any, name: str, label: str) -> date:
    value = text(form, name, label, required=True, max_length=40)  # say "a date", not "too long"
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FormError(name, f"{label} must be a date like 2018-04-20; found {value!r}") from None


@dataclass
class FormProblems:
    """Every problem of a posted form at once, each beside its field (one message a field,
    the first found), so the page can show them all and keep what was typed."""

    errors: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)  # not about one field

    def read(self, reader: Callable[[], T]) -> T | None:
        """The field's value, or None with its problem noted."""
        try:
            return reader()
        except FormError as error:
            self.errors.setdefault(error.field, error.message)
            return None

    def refused(self, error: OpenbookError) -> int:
        """A use case's refusal (not about one field): noted, its status returned."""
        self.general.append(error.message + (f" ({error.hint})" if error.hint else ""))
        return error.status_code

    def ordered(self, names: tuple[str, ...]) -> dict[str, str]:
        """The field problems in the form's order, for the summary."""
        order = {name: index for index, name in enumerate(names)}
        return dict(sorted(self.errors.items(), key=lambda e: order.get(e[0], len(order))))

    def context(self, form: Any, names: tuple[str, ...]) -> dict[str, object]:
        """What a page needs to show the form again: the typed values and every problem."""
        values = typed(form, names)
        return {"values": values, "errors": self.ordered(names), "problems": self.general}

    def __bool__(self) -> bool:
        return bool(self.errors or self.general)


def typed(form: Any, names: tuple[str, ...], limit: int = MAX_TEXT * 5) -> dict[str, str]:
    """What was typed in each field, to put back in the form (text only, cut to a limit)."""
    values = {}
    for name in names:
        value = form.get(name)
        values[name] = value[:limit] if isinstance(value, str) else ""
    return values
