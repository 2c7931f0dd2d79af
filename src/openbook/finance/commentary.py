"""Questions on returns: the system finance lead asks about a line of an organisation's
month (or the return as a whole); someone of the organisation who submits or approves its
returns answers, once. Both are audited. (The narrative itself travels in the return: see
`FinanceReturn.commentary` and docs/return-template.md.)"""

from __future__ import annotations

from datetime import datetime

from openbook.finance import question_store as questions
from openbook.finance import store as returns
from openbook.finance.model.finance_return import OVERALL
from openbook.finance.model.question import Question, check_text
from openbook.finance.submit import get_chart
from openbook.kernel.access import Principal, Role, can_propose
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear, check_month
from openbook.reference import store as organisations


def can_answer_for(user: Principal, org_code: str) -> bool:
    """The organisation answers: its submitters and approvers."""
    return user.org_code == org_code and user.role in (Role.SUBMITTER, Role.APPROVER)


def _checked(text: str, what: str) -> str:
    problems = check_text(text, what)
    if problems:
        raise OpenbookError(problems[0])
    return " ".join(text.split())


def ask_question(
    db: Database,
    org_code: str,
    year: FinancialYear,
    month: int,
    line_code: str,
    text: str,
    by: Principal,
) -> Question:
    """The system finance lead asks about a line (`line_code` "" for the whole return)."""
    check_month(month)
    question = _checked(text, "question")
    with db.transaction() as session:
        if not can_propose(by):
            raise ForbiddenError("only the system finance lead may ask about a return")
        if organisations.get_organisation(session, org_code) is None:
            raise NotFoundError(f"organisation {org_code!r} is not known")
        lines = {line.line_code for line in get_chart(session, org_code, year)}
        if line_code != OVERALL and line_code not in lines:
            raise NotFoundError(
                f"{org_code}'s return has no line {line_code!r}",
                hint="give a line code from the return, or none for the return as a whole",
            )
        asked = questions.record_question(
            session,
            org_code,
            year,
            month,
            line_code,
            question,
            by.username,
            clock_of(session).now(),
        )
        record_event(
            session,
            actor=by.username,
            action="return.question.asked",
            entity="return_question",
            entity_id=asked.ref,
            before=None,
            after={
                "org_code": org_code,
                "period": f"{year.label}/M{month}",
                "line_code": line_code,
                "question": question,
            },
        )
    return asked


def answer_question(db: Database, question_id: int, text: str, by: Principal) -> Question:
    """The organisation answers a question, once."""
    answer = _checked(text, "answer")
    with db.transaction() as session:
        asked = questions.get_question(session, question_id)
        if asked is None:
            raise NotFoundError(f"there is no question Q-{question_id}")
        if not can_answer_for(by, asked.org_code):
            raise ForbiddenError(
                f"only {asked.org_code}'s submitters and approvers may answer {asked.ref}"
            )
        if asked.answered:
            raise ConflictError(
                f"{asked.ref} was answered by {asked.answered_by}",
                hint="ask the system finance lead to ask again if there is more to say",
            )
        answered = questions.record_answer(
            session, question_id, answer, by.username, clock_of(session).now()
        )
        record_event(
            session,
            actor=by.username,
            action="return.question.answered",
            entity="return_question",
            entity_id=asked.ref,
            before={"answer": None},
            after={"answer": answer},
        )
    return answered


def list_questions(
    db: Database, org_codes: list[str], year: FinancialYear, month: int
) -> list[Question]:
    """The questions asked on these organisations' month, oldest first."""
    with db.reading() as session:
        return questions.list_questions(session, org_codes, year, month)


def question_to_dict(q: Question) -> dict[str, object]:
    return {
        "ref": q.ref,
        "org_code": q.org_code,
        "financial_year": q.financial_year.label,
        "month": f"M{q.month}",
        "line_code": q.line_code or None,
        "question": q.question,
        "asked_by": q.asked_by,
        "asked_at": q.asked_at.isoformat(),
        "answer": q.answer,
        "answered_by": q.answered_by,
        "answered_at": None if q.answered_at is None else q.answered_at.isoformat(),
    }


def list_commentary(
    db: Database,
    org_codes: list[str],
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> dict[str, tuple[tuple[str, str], ...]]:
    """The narrative of each organisation's return in force for the month (as known at
    `as_at`), for those whose return has any: (line_code, text), "" for the overall one."""
    with db.reading() as session:
        latest = returns.get_latest_returns(session, org_codes, year, month, as_at)
    return {code: r.commentary for code, (r, _) in latest.items() if r.commentary}
