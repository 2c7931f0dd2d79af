"""Questions on a return: the system finance lead asks about a line of an organisation's
month (or the return as a whole), and the organisation answers, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from openbook.kernel.period import FinancialYear

MAX_TEXT = 4000


@dataclass(frozen=True)
class Question:
    id: int
    org_code: str
    financial_year: FinancialYear
    month: int
    line_code: str  # "" for the return as a whole
    question: str
    asked_by: str
    asked_at: datetime
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None

    @property
    def ref(self) -> str:
        return f"Q-{self.id}"

    @property
    def answered(self) -> bool:
        return self.answer is not None


def check_text(text: str, what: str) -> list[str]:
    """Problems with a question or an answer (empty, too long); none when it is fine."""
    if not text.strip():
        return [f"the {what} is empty; write what you want to say"]
    if len(text) > MAX_TEXT:
        return [f"the {what} is {len(text):,} characters; at most {MAX_TEXT:,}"]
    return []


def parse_question_ref(text: str) -> int | None:
    """`Q-12` or `12` -> 12; None if it is neither."""
    digits = text.strip().upper().removeprefix("Q-")
    return int(digits) if digits.isdigit() else None
