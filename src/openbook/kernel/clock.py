"""One clock for the whole application, injected rather than read from `datetime.now`.

Use cases ask the store's clock (`db.clock`) for the time, so a test can fix it and a
figure built "as at" a moment is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...

    def today(self) -> date: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


@dataclass
class FixedClock:
    """A clock that stands still until moved: for tests and reproducible builds."""

    moment: datetime = field(default_factory=lambda: datetime(2019, 4, 1, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()

    def advance(self, by: timedelta) -> None:
        self.moment += by


def parse_as_at(text: str) -> datetime:
    """'2018-05-01' -> the end of that day (what was known on it), UTC; a full ISO time,
    e.g. '2018-05-01T09:30', as given (UTC unless it says otherwise). ValueError if neither."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, datetime.max.time(), tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date like 2018-05-01 or a time like 2018-05-01T09:30"
        ) from None
    return aware(moment)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were stored as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


CLOCK_KEY = "openbook.clock"


def clock_of(session: Any) -> Clock:
    """The clock of the store a session belongs to (set by `Database`), for the code that is
    handed a session rather than the store."""
    found: Clock | None = session.info.get(CLOCK_KEY)
    return found or SystemClock()
