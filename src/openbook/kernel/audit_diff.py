"""An audit event's before and after as a person reads them: 'field: old → new' for what
changed, 'field: new' for what was added, 'field: (removed)' for what went."""

from __future__ import annotations

import json
from typing import Any

MAX_CHANGE = 600  # characters shown; the full event stays in the log


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key in sorted(value):
            flat.update(_flatten(value[key], f"{prefix}{key}."))
        return flat
    return {prefix.rstrip(".") or "value": value}


def describe_change(before: Any, after: Any) -> str:
    """The difference between two JSON values, field by field, newest values last."""
    if before is None and after is None:
        return ""
    old = {} if before is None else _flatten(before)
    new = {} if after is None else _flatten(after)
    parts = []
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            parts.append(f"{key}: (removed)")
        elif key not in old:
            parts.append(f"{key}: {_text(new[key])}")
        elif old[key] != new[key]:
            parts.append(f"{key}: {_text(old[key])} → {_text(new[key])}")
    text = "; ".join(parts)
    return text if len(text) <= MAX_CHANGE else text[: MAX_CHANGE - 1] + "…"


def change_of(payload: str) -> str:
    """The readable change of a stored event (its canonical JSON payload)."""
    event = json.loads(payload)
    return describe_change(event.get("before"), event.get("after"))
