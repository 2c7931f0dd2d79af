"""What each kind of job runs: kind -> callable(parameters, progress) -> result (an object
with `to_dict()`, or JSON itself). A worker runs only the kinds registered in its process;
the capacity simulations register theirs (web/capacity_runs.py).

Work on the store itself (the escalation rules after new figures) registers a function of
(store, parameters, progress) with `register_on_store`: the worker gives it the store the
job was claimed from, so the job works on the book it was asked for on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openbook.kernel.database import Database

Progress = Callable[[int, int], None]
JobFunction = Callable[[dict[str, Any], Progress], Any]
StoreJobFunction = Callable[[Database, dict[str, Any], Progress], Any]

_KINDS: dict[str, JobFunction] = {}
_STORE_KINDS: dict[str, StoreJobFunction] = {}


def register(kind: str, function: JobFunction) -> None:
    _KINDS[kind] = function


def register_on_store(kind: str, function: StoreJobFunction) -> None:
    _STORE_KINDS[kind] = function


def function_for(kind: str, db: Database | None = None) -> JobFunction | None:
    """What a job of `kind` runs; a store kind bound to `db`, the store it was claimed from."""
    on_store = _STORE_KINDS.get(kind)
    if on_store is not None and db is not None:
        return lambda parameters, progress: on_store(db, parameters, progress)
    return _KINDS.get(kind)


def kinds() -> frozenset[str]:
    return frozenset(_KINDS) | frozenset(_STORE_KINDS)
