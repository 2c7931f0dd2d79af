"""Cath labs: sites with labs and weekly sessions, procedure demand by urgency, targets.

Time runs in hours from Monday 00:00. Urgent cases (e.g. NSTEMI angiography) must be done
within `urgent_target_hours`; electives within `elective_target_days`. Labs work only in
their sessions; a case is started only if its planned (mean) duration fits in what is left of
the session, so overruns come from cases that take longer than planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from openbook.capacity.model.scenario import Lognormal

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOURS_A_WEEK = 168.0


class Policy(StrEnum):
    """Which waiting case a lab takes next."""

    PRIORITY = "priority"  # urgent cases first (pre-empting the elective list), then electives
    DEADLINE = "deadline"  # earliest due date first: urgent cases wait within their target

    @property
    def label(self) -> str:
        return {
            Policy.PRIORITY: "urgent first, then electives in order of referral",
            Policy.DEADLINE: "earliest due date first (urgent cases wait within target)",
        }[self]


class Configuration(StrEnum):
    SEPARATE = "separate"  # each site's labs serve its own patients
    POOLED = "pooled"  # one county list: any lab at any site (central co-ordination)


@dataclass(frozen=True)
class Session:
    """Lab sessions on some weekdays, from `start` to `end` hours (e.g. 8.5 to 17.0)."""

    days: tuple[int, ...]  # 0 = Monday
    start: float
    end: float

    @property
    def hours_a_week(self) -> float:
        return len(self.days) * (self.end - self.start)


@dataclass(frozen=True)
class CathLabSite:
    code: str
    name: str
    labs: int
    sessions: tuple[Session, ...]

    @property
    def lab_hours_a_week(self) -> float:
        return self.labs * sum(s.hours_a_week for s in self.sessions)

    def windows(self, until: float) -> list[tuple[float, float]]:
        """Every session (start, end) in hours from Monday 00:00, up to `until`."""
        weekly = sorted(
            (day * 24.0 + s.start, day * 24.0 + s.end) for s in self.sessions for day in s.days
        )
        windows = []
        week = 0
        while week * HOURS_A_WEEK < until:
            offset = week * HOURS_A_WEEK
            windows += [(offset + a, offset + b) for a, b in weekly if offset + a < until]
            week += 1
        return windows


@dataclass(frozen=True)
class Procedure:
    name: str
    duration_minutes: Lognormal


@dataclass(frozen=True)
class Demand:
    site: str
    procedure: str
    elective_per_week: float
    urgent_per_week: float


@dataclass(frozen=True)
class CathLabScenario:
    name: str
    sites: tuple[CathLabSite, ...]
    procedures: tuple[Procedure, ...]
    demand: tuple[Demand, ...]
    urgent_target_hours: float = 72.0
    elective_target_days: float = 42.0
    turnaround_minutes: float = 15.0
    policy: Policy = Policy.PRIORITY
    weeks: float = 52.0
    warm_up_weeks: float = 8.0
    replications: int = 20
    seed: int = 2018
    source: str = ""

    def procedure(self, name: str) -> Procedure:
        return next(p for p in self.procedures if p.name == name)

    def planned_hours_a_week(self, site: str | None = None) -> float:
        """Lab time asked for (mean durations plus turnaround), a week."""
        total = 0.0
        for line in self.demand:
            if site is None or line.site == site:
                minutes = self.procedure(line.procedure).duration_minutes.mean
                cases = line.elective_per_week + line.urgent_per_week
                total += cases * (minutes + self.turnaround_minutes) / 60.0
        return total
