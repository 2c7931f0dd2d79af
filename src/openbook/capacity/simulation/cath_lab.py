"""Cath labs, simulated with SimPy: each lab a process that works through its sessions,
taking the next case from its site's list (separate) or the county list (pooled).

Cases are sampled once per replication (arrival, home site, procedure, urgency, duration) and
replayed by both configurations: common random numbers. In the pooled county list a lab
takes, among cases of equal standing, one from its own site first; urgent cases (priority
policy) and due dates (deadline policy) are county-wide."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from openbook.capacity.model.cath_lab import (
    HOURS_A_WEEK,
    CathLabScenario,
    CathLabSite,
    Configuration,
    Policy,
)
from openbook.capacity.simulation.sampling import lognormal_stays, poisson_arrivals

METRICS = (
    "urgent_wait_hours_mean",
    "urgent_wait_hours_p95",
    "urgent_within_target",
    "elective_wait_days_mean",
    "elective_within_target",
    "utilisation",
    "sessions_overrunning",
    "overrun_minutes_mean",
    "share_away_from_home",
)


@dataclass
class Case:
    arrival: float
    site: str
    urgent: bool
    planned: float  # hours (the procedure's mean duration)
    duration: float  # hours (as it turns out)
    deadline: float
    started: float = -1.0
    lab_site: str = ""


@dataclass
class _Lists:
    """Waiting cases per list (one per site, or one for the county) and a wake-up event."""

    env: simpy.Environment
    policy: Policy
    waiting: dict[str, list[Case]] = field(default_factory=dict)
    wake: dict[str, simpy.Event] = field(default_factory=dict)

    def add(self, key: str, case: Case) -> None:
        self.waiting.setdefault(key, []).append(case)
        event = self.wake.pop(key, None)
        if event is not None:
            event.succeed()

    def signal(self, key: str) -> simpy.Event:
        if key not in self.wake:
            self.wake[key] = self.env.event()
        return self.wake[key]

    def take(self, key: str, home: str, room: float) -> Case | None:
        """The next case for a lab at `home` with `room` hours left in its session."""
        fits = [c for c in self.waiting.get(key, ()) if c.planned <= room]
        if not fits:
            return None
        if self.policy is Policy.PRIORITY:
            chosen = min(fits, key=lambda c: (not c.urgent, c.urgent or c.site != home, c.arrival))
        else:
            chosen = min(fits, key=lambda c: (c.deadline, c.site != home, c.arrival))
        self.waiting[key].remove(chosen)
        return chosen


@dataclass
class _Sessions:
    """Per site: scheduled lab hours, hours busy within sessions, overruns (after warm-up)."""

    hours: dict[str, float] = field(default_factory=dict)
    busy: dict[str, float] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)
    overruns: dict[str, list[float]] = field(default_factory=dict)

    def record(self, site: str, start: float, end: float, busy: float, overrun: float) -> None:
        self.hours[site] = self.hours.get(site, 0.0) + (end - start)
        self.busy[site] = self.busy.get(site, 0.0) + busy
        self.count[site] = self.count.get(site, 0) + 1
        self.overruns.setdefault(site, [])
        if overrun > 0:
            self.overruns[site].append(overrun)

    def totals(self, site: str | None) -> tuple[float, float, int, list[float]]:
        """(session hours, busy hours, sessions, overruns) for a site or all."""
        sites = list(self.hours) if site is None else [site]
        return (
            sum(self.hours.get(s, 0.0) for s in sites),
            sum(self.busy.get(s, 0.0) for s in sites),
            sum(self.count.get(s, 0) for s in sites),
            [o for s in sites for o in self.overruns.get(s, [])],
        )


def sample_cases(
    scenario: CathLabScenario, until: float, seed: np.random.SeedSequence
) -> list[Case]:
    lines = scenario.demand
    rngs = [np.random.default_rng(s) for s in seed.spawn(2 * len(lines))]
    cases: list[Case] = []
    for index, line in enumerate(lines):
        duration = scenario.procedure(line.procedure).duration_minutes
        for urgent, per_week in ((True, line.urgent_per_week), (False, line.elective_per_week)):
            rng = rngs[2 * index + (0 if urgent else 1)]
            times = (
                poisson_arrivals(rng, HOURS_A_WEEK / per_week, until) if per_week else np.empty(0)
            )
            lengths = lognormal_stays(rng, duration, times.size) / 60.0
            target = scenario.urgent_target_hours if urgent else scenario.elective_target_days * 24
            cases += [
                Case(float(t), line.site, urgent, duration.mean / 60.0, float(d), float(t) + target)
                for t, d in zip(times, lengths, strict=True)
            ]
    return sorted(cases, key=lambda c: c.arrival)


def _lab(
    env: simpy.Environment,
    lists: _Lists,
    key: str,
    site: CathLabSite,
    until: float,
    warm_up: float,
    turnaround: float,
    sessions: _Sessions,
) -> Generator[Any, Any, None]:
    for start, end in site.windows(until):
        if start > env.now:
            yield env.timeout(start - env.now)
        busy = 0.0
        while env.now < end:
            case = lists.take(key, site.code, end - env.now)
            if case is None:
                yield env.any_of([lists.signal(key), env.timeout(end - env.now)])
                continue
            case.started, case.lab_site = env.now, site.code
            yield env.timeout(case.duration)
            busy += min(env.now, end) - case.started
            if env.now < end:
                yield env.timeout(min(turnaround, end - env.now))
        if start >= warm_up:
            sessions.record(site.code, start, end, busy, max(0.0, env.now - end))


def _arrivals(
    env: simpy.Environment, lists: _Lists, cases: list[Case], configuration: Configuration
) -> Generator[Any, Any, None]:
    for case in cases:
        if case.arrival > env.now:
            yield env.timeout(case.arrival - env.now)
        lists.add("county" if configuration is Configuration.POOLED else case.site, case)


def run_configuration(
    scenario: CathLabScenario, cases: list[Case], configuration: Configuration
) -> dict[str, dict[str, float]]:
    """One replication of one configuration: metric → value, for 'all' and each site."""
    until = (scenario.warm_up_weeks + scenario.weeks) * HOURS_A_WEEK
    warm_up = scenario.warm_up_weeks * HOURS_A_WEEK
    env = simpy.Environment()
    lists = _Lists(env, scenario.policy)
    sessions = _Sessions()
    for site in scenario.sites:
        key = "county" if configuration is Configuration.POOLED else site.code
        for _ in range(site.labs):
            env.process(
                _lab(
                    env,
                    lists,
                    key,
                    site,
                    until,
                    warm_up,
                    scenario.turnaround_minutes / 60.0,
                    sessions,
                )
            )
    replayed = [Case(c.arrival, c.site, c.urgent, c.planned, c.duration, c.deadline) for c in cases]
    env.process(_arrivals(env, lists, replayed, configuration))
    env.run(until=until)
    counted = [c for c in replayed if c.arrival >= warm_up]
    figures = {"all": _figures(counted, sessions, None, until)}
    for site in scenario.sites:
        figures[site.code] = _figures(counted, sessions, site.code, until)
    return figures


def _figures(
    cases: list[Case], sessions: _Sessions, site: str | None, until: float
) -> dict[str, float]:
    """Waits (cases still waiting at the end count with their wait so far), use, overruns."""
    mine = [c for c in cases if site is None or c.site == site]
    figures: dict[str, float] = {}
    for urgent, name, unit in ((True, "urgent", 1.0), (False, "elective", 24.0)):
        group = [c for c in mine if c.urgent is urgent]
        waits = np.array([(c.started if c.started >= 0 else until) - c.arrival for c in group])
        late = np.array([(c.started if c.started >= 0 else until) > c.deadline for c in group])
        suffix = "hours" if urgent else "days"
        figures[f"{name}_wait_{suffix}_mean"] = float(waits.mean() / unit) if waits.size else np.nan
        if urgent:
            figures["urgent_wait_hours_p95"] = (
                float(np.percentile(waits, 95)) if waits.size else np.nan
            )
        figures[f"{name}_within_target"] = float(1 - late.mean()) if late.size else np.nan
    hours, busy, count, overruns = sessions.totals(site)
    figures["utilisation"] = busy / hours if hours else np.nan
    figures["sessions_overrunning"] = len(overruns) / count if count else np.nan
    figures["overrun_minutes_mean"] = float(np.mean(overruns) * 60) if overruns else 0.0
    away = [c.lab_site != c.site for c in mine if c.started >= 0]
    figures["share_away_from_home"] = float(np.mean(away)) if away else 0.0
    return figures


def simulate_cath_labs(
    scenario: CathLabScenario, seed: np.random.SeedSequence
) -> dict[str, dict[str, dict[str, float]]]:
    """One replication of both configurations on the same cases."""
    until = (scenario.warm_up_weeks + scenario.weeks) * HOURS_A_WEEK
    cases = sample_cases(scenario, until, seed)
    return {c.value: run_configuration(scenario, cases, c) for c in Configuration}
