"""A person's shifts as iCalendar (RFC 5545), one file per person, for their own calendar."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from openbook.workforce.rota.model import Roster, RotaDefinition


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _uid(*parts: object) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", "-".join(map(str, parts))).strip("-")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def render_ics(rota: RotaDefinition, roster: Roster, employee: str, start_date: date) -> str:
    """VEVENTs in local (floating) time from `start_date` (day 0), CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//openbook//workforce rota//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(f'{rota.name}: {employee}')}",
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
            f"DTSTAMP:{_stamp(datetime.combine(start_date, shift.start))}",
            f"DTSTART:{_stamp(begins)}",
            f"DTEND:{_stamp(ends)}",
            f"SUMMARY:{_escape(shift.label or a.shift_id)} ({_escape(a.shift_id)})",
        ]
        if where:
            lines.append(f"LOCATION:{_escape(where)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
