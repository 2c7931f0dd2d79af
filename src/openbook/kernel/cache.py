"""Answers remembered per version of the store, for the dashboard's many readers.

Every write appends an audit event in its own transaction (house rule), so the audit heads'
sequences change whenever any figure could have: an answer remembered under the version it
was built at is exact until the next write, and one cheap query tells whether that happened.
An answer about one system is versioned by that system's chain and the store's (a write to
another system's chain does not touch it), so a busy England does not rebuild Dorset's
dashboard on every return submitted in Cumbria. Answers must be immutable (frozen
dataclasses, tuples), since readers share them.

After a write, many readers ask for the same answer at once; only the first builds it and
the others wait for that build (one build per key and version, not one per reader), so a
busy dashboard does not rebuild the same position on every worker thread at the same time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.tables import STORE_CHAIN

MAX_ENTRIES = 1024
T = TypeVar("T")


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[tuple[Hashable, str | None, int], Any] = {}
        self.building: dict[tuple[Hashable, str | None, int], threading.Event] = {}


_CACHES: WeakKeyDictionary[Database, _Cache] = WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def data_version(db: Database, system: str | None = None) -> int:
    """The version of the whole store, or (given a system) of that system's figures: the
    store's chain and the system's own."""
    chains = None if system is None else (STORE_CHAIN, system.upper())
    return head_sequence(db.engine, chains)


def remember(
    db: Database,
    key: Hashable,
    build: Callable[[], T],
    version: int | None = None,
    system: str | None = None,
) -> T:
    """`build()` once per version of the store (of one system's figures, given `system`);
    the same object until the next write that could change it. A caller that read
    `data_version` already (once per web request) passes it in."""
    with _CACHES_LOCK:
        cache = _CACHES.setdefault(db, _Cache())
    if version is None:
        version = data_version(db, system)
    versioned = (key, system, version)
    while True:
        with cache.lock:
            if versioned in cache.entries:
                found: T = cache.entries[versioned]
                return found
            underway = cache.building.get(versioned)
            if underway is None:
                cache.building[versioned] = threading.Event()
                break
        underway.wait()  # another reader is building it; if that build failed, try ourselves
    try:
        answer = build()
        with cache.lock:
            if len(cache.entries) >= MAX_ENTRIES:
                cache.entries.clear()  # entries of older versions are never asked for again
            cache.entries[versioned] = answer
        return answer
    finally:
        with cache.lock:
            cache.building.pop(versioned).set()
