"""Reading a JSON scenario file with every problem collected, each at its JSON path.

`JsonReader` walks a parsed document; each `number`/`text`/... call returns the value or None
and records a `DataIssue` at `file:$.path.to.value` saying what was found and what was
expected. Callers build their dataclasses only when `issues` is empty.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue


def json_path(*parts: str | int) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def shown(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else repr(value)


class JsonReader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[DataIssue] = []

    def problem(
        self,
        path: str,
        message: str,
        found: Any = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.issues.append(
            DataIssue(
                self.source,
                message,
                column=path,
                found=None if found is None else shown(found),
                expected=expected,
                hint=hint,
            )
        )

    def load(self, path: Path) -> Any:
        """The parsed document, or None (with the issue) when it is missing or not JSON."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.issues.append(DataIssue(self.source, "file not found"))
            return None
        except (OSError, UnicodeDecodeError) as error:
            self.issues.append(DataIssue(self.source, f"cannot be read: {error}"))
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            self.issues.append(
                DataIssue(
                    self.source,
                    f"not valid JSON: {error.msg}",
                    row=error.lineno,
                    column=str(error.colno),
                )
            )
            return None

    def mapping(self, value: Any, path: str, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(path, f"is {shown(value)}; expected {what}", value, what)
        return None

    def items(self, value: Any, path: str, what: str) -> list[Any]:
        if isinstance(value, list) and value:
            return value
        self.problem(path, f"is {shown(value)}; expected a non-empty list of {what}", value)
        return []

    def field(self, parent: dict[str, Any], key: str, path: str, expected: str) -> Any:
        if key not in parent:
            self.problem(f"{path}.{key}", f"is missing; expected {expected}", None, expected)
            return None
        return parent[key]

    def number(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        expected: str,
        *,
        minimum: float = 0.0,
        strict: bool = True,
        required: bool = True,
        default: float | None = None,
    ) -> float | None:
        """A number above (`strict`) or at least `minimum`."""
        if key not in parent and not required:
            return default
        value = self.field(parent, key, path, expected)
        if value is None and key not in parent:
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and (value > minimum if strict else value >= minimum):
            return float(value)
        self.problem(
            f"{path}.{key}", f"{key!r} is {shown(value)}; expected {expected}", value, expected
        )
        return None

    def whole(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        expected: str,
        *,
        minimum: int = 1,
        required: bool = True,
        default: int | None = None,
    ) -> int | None:
        if key not in parent and not required:
            return default
        value = self.field(parent, key, path, expected)
        if value is None and key not in parent:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value
        self.problem(
            f"{path}.{key}", f"{key!r} is {shown(value)}; expected {expected}", value, expected
        )
        return None

    def choice(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        allowed: Iterable[str],
        *,
        required: bool = True,
        default: str | None = None,
    ) -> str | None:
        options = list(allowed)
        expected = "one of " + ", ".join(repr(o) for o in options)
        if key not in parent and not required:
            return default
        value = self.field(parent, key, path, expected)
        if value is None and key not in parent:
            return None
        if isinstance(value, str) and value in options:
            return value
        self.problem(
            f"{path}.{key}", f"{key!r} is {shown(value)}; expected {expected}", value, expected
        )
        return None

    def text(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = True,
        default: str = "",
    ) -> str:
        if key not in parent and not required:
            return default
        value = self.field(parent, key, path, "some text")
        if isinstance(value, str) and value.strip():
            return value
        if key in parent:
            self.problem(f"{path}.{key}", f"{key!r} is {shown(value)}; expected some text", value)
        return default

    def unknown_keys(self, parent: dict[str, Any], path: str, known: Iterable[str]) -> None:
        allowed = list(known)
        for key in parent:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                self.problem(
                    f"{path}.{key}",
                    f"{key!r} is not a setting here; expected one of " + ", ".join(allowed),
                    key,
                    hint=f"did you mean {close[0]!r}?" if close else None,
                )

    def names(self, value: Any, key: str) -> set[str]:
        """The `key` of every object in a list, valid or not (so one bad entry does not make
        everything that refers to it look wrong too)."""
        entries = value if isinstance(value, list) else []
        return {e[key] for e in entries if isinstance(e, dict) and isinstance(e.get(key), str)}
