"""The cath-lab scenario file (JSON): sites with labs and sessions, procedures with
durations, weekly demand by site and urgency, targets and run settings.

    {"name": "...", "policy": "priority", "urgent_target_hours": 72, "elective_target_days": 42,
     "sites": [{"code": "RBD", "name": "...", "labs": 1,
                "sessions": [{"days": ["Mon", "Tue"], "start": "09:00", "end": "17:00"}]}],
     "procedures": [{"name": "pci", "duration_minutes": {"mean": 75, "stdev": 30}}],
     "demand": [{"site": "RBD", "procedure": "pci", "elective_per_week": 2,
                 "urgent_per_week": 2}]}

`load_cath_lab_scenario(path)` → (scenario or None, issues), every problem at once.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from openbook.capacity.file.reader import JsonReader, json_path, shown
from openbook.capacity.model.cath_lab import (
    DAYS,
    CathLabScenario,
    CathLabSite,
    Demand,
    Policy,
    Procedure,
    Session,
)
from openbook.capacity.model.scenario import Lognormal
from openbook.kernel.error import DataIssue

TOP = (
    "name",
    "synthetic",
    "source",
    "policy",
    "urgent_target_hours",
    "elective_target_days",
    "turnaround_minutes",
    "weeks",
    "warm_up_weeks",
    "replications",
    "seed",
    "sites",
    "procedures",
    "demand",
)
_TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


class _CathLabReader(JsonReader):
    def clock(self, parent: dict[str, Any], key: str, path: str) -> float | None:
        value = self.field(parent, key, path, "a time like 08:30")
        match = _TIME.match(value) if isinstance(value, str) else None
        if match and (int(match.group(1)) < 24 or match.group(2) == "00"):
            return int(match.group(1)) + int(match.group(2)) / 60
        if key in parent:
            self.problem(
                f"{path}.{key}", f"{key!r} is {shown(value)}; expected a time like 08:30", value
            )
        return None

    def session(self, value: Any, path: str) -> Session | None:
        entry = self.mapping(value, path, '{"days": [...], "start": "08:30", "end": "17:00"}')
        if entry is None:
            return None
        days = entry.get("days")
        if not isinstance(days, list) or not days or not all(d in DAYS for d in days):
            self.problem(
                f"{path}.days",
                f"'days' is {shown(days)}; expected a list of " + ", ".join(DAYS),
                days,
            )
            days = None
        start, end = self.clock(entry, "start", path), self.clock(entry, "end", path)
        if start is not None and end is not None and end <= start:
            self.problem(
                f"{path}.end",
                f"the session ends at {entry['end']}, before it starts "
                f"at {entry['start']}; expected a later time",
                entry["end"],
            )
            return None
        if days is None or start is None or end is None:
            return None
        return Session(tuple(sorted({DAYS.index(d) for d in days})), start, end)

    def site(self, value: Any, path: str) -> CathLabSite | None:
        entry = self.mapping(value, path, "an object describing a site")
        if entry is None:
            return None
        code = self.text(entry, "code", path)
        name = self.text(entry, "name", path, required=False, default=code)
        labs = self.whole(entry, "labs", path, "a whole number of labs, 1 or more")
        sessions = [
            self.session(s, f"{path}.sessions[{i}]")
            for i, s in enumerate(self.items(entry.get("sessions"), f"{path}.sessions", "sessions"))
        ]
        if not code or labs is None or not sessions or None in sessions:
            return None
        return CathLabSite(code, name, labs, tuple(s for s in sessions if s is not None))

    def procedure(self, value: Any, path: str) -> Procedure | None:
        entry = self.mapping(value, path, "an object describing a procedure")
        if entry is None:
            return None
        name = self.text(entry, "name", path)
        duration = self.mapping(
            entry.get("duration_minutes"),
            f"{path}.duration_minutes",
            '{"mean": minutes, "stdev": minutes}',
        )
        if duration is None:
            return None
        where = f"{path}.duration_minutes"
        mean = self.number(duration, "mean", where, "a positive number of minutes")
        stdev = self.number(duration, "stdev", where, "a positive number of minutes")
        if not name or mean is None or stdev is None:
            return None
        return Procedure(name, Lognormal(mean, stdev))

    def demand(self, value: Any, path: str, sites: set[str], procedures: set[str]) -> Demand | None:
        entry = self.mapping(value, path, "an object of weekly demand")
        if entry is None:
            return None
        # with no valid list to check against, its own problem is reported once, above
        site = self.choice(entry, "site", path, sorted(sites)) if sites else None
        procedure = (
            self.choice(entry, "procedure", path, sorted(procedures)) if procedures else None
        )
        expected = "a number of cases a week, 0 or more"
        elective = self.number(
            entry, "elective_per_week", path, expected, strict=False, required=False, default=0.0
        )
        urgent = self.number(
            entry, "urgent_per_week", path, expected, strict=False, required=False, default=0.0
        )
        if site is None or procedure is None or elective is None or urgent is None:
            return None
        return Demand(site, procedure, elective, urgent)


def parse_cath_lab_scenario(
    document: Any, source: str = "scenario"
) -> tuple[CathLabScenario | None, list[DataIssue]]:
    return _parse(document, _CathLabReader(source))


def _parse(document: Any, r: _CathLabReader) -> tuple[CathLabScenario | None, list[DataIssue]]:
    top = r.mapping(document, "$", "an object describing the cath-lab scenario")
    if top is None:
        return None, r.issues
    r.unknown_keys(top, "$", TOP)
    sites = [
        r.site(s, json_path("sites", i))
        for i, s in enumerate(r.items(top.get("sites"), "$.sites", "sites"))
    ]
    procedures = [
        r.procedure(p, json_path("procedures", i))
        for i, p in enumerate(r.items(top.get("procedures"), "$.procedures", "procedures"))
    ]
    site_codes = r.names(top.get("sites"), "code")
    names = r.names(top.get("procedures"), "name")
    demand = [
        r.demand(d, json_path("demand", i), site_codes, names)
        for i, d in enumerate(r.items(top.get("demand"), "$.demand", "demand lines"))
    ]
    settings = _settings(r, top)
    if r.issues:
        return None, r.issues
    return CathLabScenario(
        name=r.text(top, "name", "$", required=False, default="cath labs"),
        sites=tuple(s for s in sites if s),
        procedures=tuple(p for p in procedures if p),
        demand=tuple(d for d in demand if d),
        source=r.text(top, "source", "$", required=False),
        **settings,
    ), []


def _settings(r: _CathLabReader, top: dict[str, Any]) -> dict[str, Any]:
    def number(key: str, expected: str, default: float, strict: bool = True) -> float | None:
        return r.number(top, key, "$", expected, strict=strict, required=False, default=default)

    settings: dict[str, Any] = {
        "urgent_target_hours": number("urgent_target_hours", "a positive number of hours", 72),
        "elective_target_days": number("elective_target_days", "a positive number of days", 42),
        "turnaround_minutes": number("turnaround_minutes", "0 or more minutes", 15, False),
        "weeks": number("weeks", "a positive number of weeks", 52),
        "warm_up_weeks": number("warm_up_weeks", "0 or more weeks", 8, False),
        "replications": r.whole(
            top,
            "replications",
            "$",
            "a whole number, 2 or more",
            minimum=2,
            required=False,
            default=20,
        ),
        "seed": r.whole(
            top, "seed", "$", "a whole number, 0 or more", minimum=0, required=False, default=2018
        ),
    }
    policy = r.choice(
        top, "policy", "$", [p.value for p in Policy], required=False, default=Policy.PRIORITY.value
    )
    settings["policy"] = Policy(policy) if policy else Policy.PRIORITY
    return settings


def load_cath_lab_scenario(path: Path) -> tuple[CathLabScenario | None, list[DataIssue]]:
    reader = _CathLabReader(path.name)
    document = reader.load(path)
    if document is None:
        return None, reader.issues
    return _parse(document, reader)


def dorset_cath_labs() -> CathLabScenario:
    """The synthetic Dorset demonstration scenario shipped in data/dorset_cath_labs.json."""
    data = resources.files("openbook.capacity") / "data" / "dorset_cath_labs.json"
    with resources.as_file(data) as path:
        scenario, issues = load_cath_lab_scenario(path)
    if scenario is None:
        raise RuntimeError(f"shipped cath-lab scenario is invalid: {issues}")
    return scenario
