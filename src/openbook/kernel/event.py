"""Typed events, published inside a transaction and delivered after it commits.

A use case calls `publish(session, event)`; `Database.transaction()` hands the events to
its bus only once the transaction has committed, so a subscriber never sees a change that
was rolled back, and a subscriber that fails cannot undo the change (it is logged). The
composition roots (`openbook.compose`) subscribe one feature to another's events: this is
how governance reacts to new figures without any feature importing governance.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from openbook.kernel.period import FinancialYear

log = logging.getLogger(__name__)
PENDING = "openbook.events"

E = TypeVar("E", bound="Event")


@dataclass(frozen=True)
class Event:
    """The base of every event."""


@dataclass(frozen=True)
class FiguresChanged(Event):
    """Figures a rule could read changed for a system, from a month of a year onwards
    (a return, an enactment, an activity load, a period closed or reopened)."""

    system_code: str
    financial_year: FinancialYear
    from_month: int
    cause: str  # e.g. "return RD3 2017/18 M12 v2"


@dataclass(frozen=True)
class ProposalEnacted(Event):
    """A proposal's transfers or control-total changes were enacted: the decision it was."""

    system_code: str
    ref: str
    enacted_by: str


Handler = Callable[[Any], None]


class EventBus:
    """Subscribers by event type; an event reaches the handlers of its type and bases."""

    def __init__(self) -> None:
        self._handlers: list[tuple[type[Event], Handler]] = []

    def subscribe(self, kind: type[E], handler: Callable[[E], None]) -> None:
        self._handlers.append((kind, handler))

    def deliver(self, events: Sequence[Event]) -> None:
        for event in events:
            for kind, handler in self._handlers:
                if isinstance(event, kind):
                    try:
                        handler(event)
                    except Exception:  # a subscriber's failure must not undo a committed write
                        log.exception("subscriber %r failed on %r", handler, event)


def publish(session: Any, event: Event) -> None:
    """Queue an event on a write transaction's session; delivered after it commits."""
    session.info.setdefault(PENDING, []).append(event)


def take_pending(session: Any) -> list[Event]:
    events: list[Event] = session.info.pop(PENDING, [])
    return events


@dataclass(frozen=True)
class ProposalStepped(Event):
    """A proposal moved on: proposed, approved, rejected, withdrawn, enacted or superseded
    (who is told is governance's business)."""

    system_code: str
    ref: str
    step: str
    by: str


@dataclass(frozen=True)
class RoleGrantRequested(Event):
    """An administrator asked for a user to be given a role with power over money; it waits
    for a second administrator (who is told is governance's business)."""

    grant_id: int
    username: str
    role: str
    requested_by: str


@dataclass(frozen=True)
class ReturnReminderDue(Event):
    """An organisation's return for a month is late and its submitters are to be reminded
    (who is told, and how, is governance's business)."""

    system_code: str
    org_code: str
    financial_year: FinancialYear
    month: int
    deadline: str  # ISO date
    by: str
