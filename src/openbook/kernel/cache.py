"""Answers remembered per version of the store, for the dashboard's many readers.

Every write appends an audit event in its own transaction (house rule), so the audit head's
sequence changes whenever any figure could have: an answer remembered under the sequence it
was built at is exact until the next write, and one cheap query tells whether that happened.
Answers must be immutable (frozen dataclasses, tuples), since readers share them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database

MAX_ENTRIES = 1024
T = TypeVar("T")


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[tuple[Hashable, int], Any] = {}


_CACHES: WeakKeyDictionary[Database, _Cache] = WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def data_version(db: Database) -> int:
    return head_sequence(db.engine)


def remember(db: Database, key: Hashable, build: Callable[[], T], version: int | None = None) -> T:
    """`build()` once per version of the store; the same object until the next write.
    A caller that read `data_version` already (once per web request) passes it in."""
    with _CACHES_LOCK:
        cache = _CACHES.setdefault(db, _Cache())
    versioned = (key, data_version(db) if version is None else version)
    with cache.lock:
        if versioned in cache.entries:
            found: T = cache.entries[versioned]
            return found
    answer = build()
    with cache.lock:
        if len(cache.entries) >= MAX_ENTRIES:
            cache.entries.clear()  # entries of older versions are never asked for again
        cache.entries[versioned] = answer
    return answer
