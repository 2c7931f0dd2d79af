"""A roster as JSON: the `assignments` list of `openbook rota solve --format json`.

`{"assignments": [{"employee": "A", "day": 0, "shift": "D"}, ...]}`; other keys (objective,
bound, ...) are ignored, so a solve's output can be checked as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.workforce.rota.model import Assignment, Roster


def _assignment(item: Any, path: str, source: str) -> tuple[Assignment | None, list[DataIssue]]:
    if not isinstance(item, dict):
        return None, [
            DataIssue(source, "expected an object with employee, day, shift", column=path)
        ]
    issues = []
    employee, day, shift = item.get("employee"), item.get("day"), item.get("shift")
    for key, value in (("employee", employee), ("shift", shift)):
        if not isinstance(value, str) or not value:
            issues.append(
                DataIssue(source, f"'{key}' is {value!r}; expected a name", column=f"{path}.{key}")
            )
    if not isinstance(day, int) or isinstance(day, bool):
        issues.append(
            DataIssue(
                source, f"'day' is {day!r}; expected a whole number from 0", column=f"{path}.day"
            )
        )
    if issues:
        return None, issues
    return Assignment(str(employee), int(day), str(shift)), []  # type: ignore[arg-type]


def parse_roster(text: str, source: str) -> tuple[Roster | None, list[DataIssue]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [DataIssue(source, f"not JSON: {error.msg}", row=error.lineno)]
    items = data.get("assignments") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None, [
            DataIssue(source, "expected an object with an 'assignments' list", column="$")
        ]
    issues: list[DataIssue] = []
    found = []
    for index, item in enumerate(items):
        assignment, problems = _assignment(item, f"$.assignments[{index}]", source)
        issues += problems
        if assignment:
            found.append(assignment)
    return (None, issues) if issues else (Roster.of(found), [])


def load_roster(path: Path) -> tuple[Roster | None, list[DataIssue]]:
    try:
        return parse_roster(path.read_text(encoding="utf-8"), path.name)
    except (OSError, UnicodeDecodeError) as error:
        return None, [DataIssue(path.name, f"cannot read the file: {error}")]
