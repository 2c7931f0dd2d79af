"""Governance: the system's bodies, the escalations they handle, and their decisions.

A body has a remit, members, a chair, a meeting calendar and the body it escalates to. An
escalation is raised (by a rule or a person) for a condition, assigned to the body whose
remit fits, worked through actions, and resolved with a note or escalated up the path.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from openbook.kernel.rule import Remit


class EscalationStatus(StrEnum):
    OPEN = "open"  # being worked by its body
    RESOLVED = "resolved"  # closed by a person, with a note
    CLEARED = "cleared"  # the condition that raised it no longer holds (kept, not deleted)


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}


@dataclass(frozen=True)
class Body:
    system_code: str
    code: str  # short and stable: "ofrg"
    name: str
    remits: tuple[Remit, ...]
    chair: str  # a username
    members: tuple[str, ...]  # usernames, the chair included
    escalates_to: str | None = None  # the next body up the path
    meets: str | None = None  # a monthly rule: "third friday"
    meetings: tuple[date, ...] = ()  # extra or one-off meeting dates
    response_days: int = 28  # an open escalation not resolved in this time is overdue

    def meeting_dates(self, first: date, last: date) -> list[date]:
        """Every meeting between two dates, from the monthly rule and the listed dates."""
        dates = {d for d in self.meetings if first <= d <= last}
        if self.meets:
            year, month = first.year, first.month
            while date(year, month, 1) <= last:
                day = nth_weekday(year, month, self.meets)
                if first <= day <= last:
                    dates.add(day)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return sorted(dates)

    def previous_meeting(self, before: date) -> date | None:
        earlier = self.meeting_dates(date(before.year - 1, before.month, 1), before)
        earlier = [d for d in earlier if d < before]
        return earlier[-1] if earlier else None


def nth_weekday(year: int, month: int, rule: str) -> date:
    """'third friday' of a month; 'last tuesday' counts back from the month's end."""
    ordinal_text, weekday_text = rule.lower().split()
    ordinal, weekday = ORDINALS[ordinal_text], WEEKDAYS[weekday_text]
    days = [
        day
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, day).weekday() == weekday
    ]
    return date(year, month, days[ordinal - 1] if ordinal > 0 else days[-1])


def check_meets_rule(rule: str) -> str | None:
    """Why a monthly meeting rule cannot be read, or None."""
    parts = rule.lower().split()
    if len(parts) != 2 or parts[0] not in ORDINALS or parts[1] not in WEEKDAYS:
        return (
            f"{rule!r} is not a monthly meeting rule; expected e.g. 'third friday' "
            "(first, second, third, fourth or last, then a weekday)"
        )
    return None


def check_bodies(bodies: list[Body]) -> list[str]:
    """Every problem with a system's set of bodies: unknown or circular paths, a chair who is
    not a member, a remit nobody holds."""
    problems = []
    codes = {body.code for body in bodies}
    for body in bodies:
        if body.escalates_to is not None and body.escalates_to not in codes:
            problems.append(f"{body.code}: escalates to {body.escalates_to!r}, not a body here")
        if body.chair not in body.members:
            problems.append(f"{body.code}: the chair {body.chair!r} is not one of its members")
        if body.meets and (why := check_meets_rule(body.meets)):
            problems.append(f"{body.code}: {why}")
    by_code = {body.code: body for body in bodies}
    for body in bodies:
        seen, current = {body.code}, body.escalates_to
        while current is not None and current in by_code:
            if current in seen:
                problems.append(f"{body.code}: its escalation path goes round in a circle")
                break
            seen.add(current)
            current = by_code[current].escalates_to
    held = {remit for body in bodies for remit in body.remits}
    if bodies and Remit.SYSTEM not in held:
        problems.append("no body has the whole-system remit ('system')")
    return problems


def body_for(bodies: list[Body], remit: Remit) -> Body | None:
    """The body an escalation with this remit goes to first: the lowest on its path (the
    one furthest from the top) among those holding the remit; the whole-system body if none."""

    def depth(body: Body) -> int:
        by_code = {b.code: b for b in bodies}
        steps, current = 0, body.escalates_to
        while current is not None and current in by_code and steps <= len(bodies):
            steps += 1
            current = by_code[current].escalates_to
        return steps

    holders = [b for b in bodies if remit in b.remits] or [
        b for b in bodies if Remit.SYSTEM in b.remits
    ]
    if not holders:
        return None
    return max(holders, key=lambda b: (depth(b), b.code))


@dataclass(frozen=True)
class Agreement:
    """An affected organisation's recorded agreement to a decision."""

    org_code: str
    agreed_by: str
    agreed_on: date


@dataclass(frozen=True)
class DecisionRecord:
    system_code: str
    body_code: str
    meeting_date: date
    title: str
    decided: str
    options: tuple[str, ...] = ()
    proposal_refs: tuple[str, ...] = ()
    escalation_refs: tuple[str, ...] = ()
    agreements: tuple[Agreement, ...] = field(default_factory=tuple)
