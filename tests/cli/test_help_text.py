"""Command summaries read as sentences in `--help`, not broken where the source wrapped."""

from __future__ import annotations

import inspect

from typer.testing import CliRunner

from openbook.cli import app
from openbook.cli.help_text import reflow


def test_reflow_joins_lines_and_keeps_paragraphs() -> None:
    text = """Project a scenario file: each organisation, the acute providers and the system, by
    year (do-nothing position).

    Second paragraph
    continues here."""
    assert reflow(text) == (
        "Project a scenario file: each organisation, the acute providers and the system, by "
        "year (do-nothing position).\n\nSecond paragraph continues here."
    )


def _helps(typer_app):  # type: ignore[no-untyped-def]
    for command in typer_app.registered_commands:
        yield command.help or ""
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            yield from _helps(group.typer_instance)


def test_no_command_help_breaks_inside_a_paragraph() -> None:
    helps = list(_helps(app))
    assert len(helps) > 100
    for text in helps:
        for paragraph in inspect.cleandoc(text).split("\n\n"):
            assert "\n" not in paragraph, paragraph


def test_plan_help_lists_a_summary_in_full_sentences() -> None:
    result = CliRunner().invoke(app, ["plan", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "the acute providers and the system, by year (do-nothing position" in result.output
