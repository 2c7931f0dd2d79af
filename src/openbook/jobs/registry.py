"""What each kind of job runs: kind -> callable(parameters, progress) -> result (an object
with `to_dict()`, or JSON itself). A worker runs only the kinds registered in its process;
the capacity simulations register theirs (web/capacity_runs.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Progress = Callable[[int, int], None]
JobFunction = Callable[[dict[str, Any], Progress], Any]

_KINDS: dict[str, JobFunction] = {}


def register(kind: str, function: JobFunction) -> None:
    _KINDS[kind] = function


def function_for(kind: str) -> JobFunction | None:
    return _KINDS.get(kind)


def kinds() -> frozenset[str]:
    return frozenset(_KINDS)
