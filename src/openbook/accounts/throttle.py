"""Sign-in throttling: exponential backoff by client and by account, never a lockout.

After FREE_FAILURES failed attempts from one client (or against one username), the next
attempt must wait 2, 4, 8 ... seconds, at most MAX_DELAY; a success clears the username's
count. The same rule applies to usernames that exist and to those that do not, so the
answer never tells which exist. State is kept in memory, per server process: an attacker
with N workers gets N times the attempts, still a few a minute, and a restart forgets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

FREE_FAILURES = 5
MAX_DELAY = 300.0  # seconds: the longest wait backoff imposes (not a lockout: it ends)
MAX_KEYS = 10_000  # bound on remembered clients and usernames (oldest forgotten first)


def backoff_delay(failures: int) -> float:
    """Seconds to wait before the next attempt after this many consecutive failures."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(MAX_DELAY, 2.0 ** (failures - FREE_FAILURES + 1)))


@dataclass
class _Count:
    failures: int
    last: float


@dataclass
class Throttle:
    """Failures by key ('client:<address>', 'account:<username>'), with their time."""

    counts: dict[str, _Count] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_needed(self, keys: list[str], now: float) -> float:
        """Seconds the caller must still wait (0 if an attempt may be made now)."""
        with self.lock:
            waits = [
                backoff_delay(c.failures) - (now - c.last)
                for c in (self.counts.get(k) for k in keys)
                if c is not None
            ]
        return max([0.0, *waits])

    def failed(self, keys: list[str], now: float) -> None:
        with self.lock:
            for key in keys:
                count = self.counts.pop(key, None) or _Count(0, now)
                self.counts[key] = _Count(count.failures + 1, now)
            while len(self.counts) > MAX_KEYS:
                del self.counts[next(iter(self.counts))]

    def succeeded(self, keys: list[str]) -> None:
        with self.lock:
            for key in keys:
                self.counts.pop(key, None)


def keys_for(client: str, username: str) -> list[str]:
    return [f"client:{client}", f"account:{username}"]
