"""`openbook returns`: questions on returns (the system finance lead asks about a line, the
organisation answers)."""

from __future__ import annotations

from typing import Annotated

import typer

from openbook.cli.common import MonthOption, YearOption, database, parse_period, signed_in
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)

OrgOption = Annotated[str, typer.Option("--org", help="ODS code, e.g. RD3.")]


def register(root: typer.Typer) -> None:
    from openbook.cli import return_tracker

    returns_app = typer.Typer(
        help="Questions on returns and their answers; who has submitted, who is late.",
        no_args_is_help=True,
    )
    returns_app.command("ask")(ask)
    returns_app.command("answer")(answer)
    returns_app.command("questions")(questions)
    returns_app.command("tracker")(return_tracker.tracker)
    returns_app.command("remind")(return_tracker.remind)
    root.add_typer(returns_app, name="returns")


def ask(
    org: OrgOption,
    year: YearOption,
    month: MonthOption,
    question: Annotated[str, typer.Option("--question", help="What you want to know.")],
    line: Annotated[
        str, typer.Option("--line", help="A line code; default the return as a whole.")
    ] = "",
) -> None:
    """Ask an organisation about a line of its month's return (the system finance lead)."""
    from openbook.finance.commentary import ask_question

    financial_year, month_number = parse_period(year, month)
    db = database()
    with handled_errors():
        asked = ask_question(
            db, org.upper(), financial_year, month_number, line, question, signed_in(db)
        )
    console.print(f"Asked {asked.ref} of {asked.org_code} on {line or 'the return as a whole'}.")


def answer(
    ref: Annotated[str, typer.Argument(help="The question, e.g. Q-3.")],
    text: Annotated[str, typer.Option("--answer", help="Your answer.")],
) -> None:
    """Answer a question on your organisation's return (its submitters and approvers)."""
    from openbook.finance.commentary import answer_question
    from openbook.finance.model.question import parse_question_ref

    question_id = parse_question_ref(ref)
    if question_id is None:
        fail(f"{ref!r} is not a question; expected like Q-3")
    db = database()
    with handled_errors():
        answered = answer_question(db, question_id, text, signed_in(db))
    console.print(f"Answered {answered.ref}.")


def questions(
    org: OrgOption,
    year: YearOption,
    month: MonthOption,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The questions asked on an organisation's month, with their answers."""
    from openbook.finance.commentary import list_questions, question_to_dict

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        found = list_questions(database(), [org.upper()], financial_year, month_number)
    shapes = [question_to_dict(q) for q in found]
    if output_format is OutputFormat.json:
        print_json({"questions": shapes})
        return
    keys = ["ref", "line_code", "question", "asked_by", "answer", "answered_by"]
    if output_format is OutputFormat.csv:
        print_csv(keys, [[s[k] for k in keys] for s in shapes])
        return
    rows = [[str(s[k] or "") for k in keys] for s in shapes]
    print_table(
        f"{org.upper()} {financial_year.label} M{month_number}: questions",
        keys,
        rows,
        right_from=99,
    )
