"""Help text that reflows: docstrings are wrapped at 95 columns in the source, and Typer's
Rich help keeps those line breaks, so a command's summary broke mid-sentence in the
listing. Each paragraph of a command's or group's help is joined into one line here
(blank lines still separate paragraphs); Rich then wraps it to the terminal."""

from __future__ import annotations

import inspect

import typer


def reflow(text: str) -> str:
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def reflow_help(app: typer.Typer) -> None:
    """Set every command's and group's help, under `app`, to its reflowed docstring."""
    for command in app.registered_commands:
        text = command.help if isinstance(command.help, str) else None
        if text is None and command.callback is not None:
            text = command.callback.__doc__
        if text:
            command.help = reflow(text)
    for group in app.registered_groups:
        for holder in (group, group.typer_instance.info if group.typer_instance else None):
            if holder is not None and isinstance(holder.help, str):
                holder.help = reflow(holder.help)
        if group.typer_instance is not None:
            reflow_help(group.typer_instance)
