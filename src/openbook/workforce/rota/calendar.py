"""A person's shifts as iCalendar (RFC 5545), one file per person, for their own calendar.

Written by hand (no iCalendar library is locked): CRLF line ends, lines folded at 75 octets,
text escaped, DTSTAMP in UTC, and shift times in UK local time (`TZID=Europe/London`, with
the VTIMEZONE the standard requires beside it), so that a calendar anywhere shows a 20:00
night shift at 20:00 in Dorset, in summer time and out of it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from openbook.workforce.rota.model import Roster, RotaDefinition

TZID = "Europe/London"
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _uid(*parts: object) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", "-".join(map(str, parts))).strip("-")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def fold(line: str) -> str:
    """RFC 5545 3.1: at most 75 octets a line; a continuation starts with one space. Never
    splits a UTF-8 character."""
    parts: list[str] = []
    current, size = "", 0
    for character in line:
        octets = len(character.encode("utf-8"))
        limit = 75 if not parts else 74  # the continuation's leading space counts
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
        current += character
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def render_ics(rota: RotaDefinition, roster: Roster, employee: str, start_date: date) -> str:
    """One VEVENT per shift from `start_date` (day 0), CRLF line ends."""
    stamp = _stamp(datetime.combine(start_date, datetime.min.time())) + "Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//openbook//workforce rota//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(f'{rota.name}: {employee}')}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for a in roster.assignments:
        if a.employee != employee:
            continue
        shift = rota.shift(a.shift_id)
        begins = datetime.combine(start_date + timedelta(days=a.day), shift.start)
        ends = begins + timedelta(minutes=shift.minutes)
        where = shift.site or ("all sites" if shift.service else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(rota.name, employee, a.day, a.shift_id)}@openbook",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={TZID}:{_stamp(begins)}",
            f"DTEND;TZID={TZID}:{_stamp(ends)}",
            f"SUMMARY:{_escape(shift.label or a.shift_id)} ({_escape(a.shift_id)})",
        ]
        if where:
            lines.append(f"LOCATION:{_escape(where)}")
        lines += ["TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
