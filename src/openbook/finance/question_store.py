"""Questions on returns and their answers: the only SQL for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.finance.model.question import Question
from openbook.finance.tables import ReturnQuestionRow
from openbook.kernel.clock import aware
from openbook.kernel.period import FinancialYear


def _to_question(row: ReturnQuestionRow) -> Question:
    return Question(
        id=row.id,
        org_code=row.org_code,
        financial_year=FinancialYear.parse(row.financial_year),
        month=row.month,
        line_code=row.line_code,
        question=row.question,
        asked_by=row.asked_by,
        asked_at=aware(row.asked_at),
        answer=row.answer,
        answered_by=row.answered_by,
        answered_at=None if row.answered_at is None else aware(row.answered_at),
    )


def record_question(
    session: Session,
    org_code: str,
    year: FinancialYear,
    month: int,
    line_code: str,
    text: str,
    asked_by: str,
    asked_at: datetime,
) -> Question:
    row = ReturnQuestionRow(
        org_code=org_code,
        financial_year=year.label,
        month=month,
        line_code=line_code,
        question=text,
        asked_by=asked_by,
        asked_at=asked_at,
    )
    session.add(row)
    session.flush()
    return _to_question(row)


def get_question(session: Session, question_id: int) -> Question | None:
    row = session.get(ReturnQuestionRow, question_id)
    return None if row is None else _to_question(row)


def record_answer(
    session: Session, question_id: int, text: str, answered_by: str, answered_at: datetime
) -> Question:
    row = session.get_one(ReturnQuestionRow, question_id)
    row.answer, row.answered_by, row.answered_at = text, answered_by, answered_at
    session.flush()
    return _to_question(row)


def list_questions(
    session: Session, org_codes: list[str], year: FinancialYear, month: int
) -> list[Question]:
    query = (
        select(ReturnQuestionRow)
        .where(
            ReturnQuestionRow.org_code.in_(org_codes),
            ReturnQuestionRow.financial_year == year.label,
            ReturnQuestionRow.month == month,
        )
        .order_by(ReturnQuestionRow.id)
    )
    return [_to_question(row) for row in session.scalars(query)]
