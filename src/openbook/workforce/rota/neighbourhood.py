"""Large-neighbourhood search over the CP-SAT model ("fix and optimise"): keep most of the
best roster fixed, let CP-SAT re-solve a few people or a window of days, keep what improves.

A full solve of a large rota stalls well above the best rosters known; re-solving small
pieces exactly, many times, moves on from there. Every roster it returns is still checked by
`solve` before it leaves the solver.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from openbook.workforce.rota.check import calculate_objective, count_weekends
from openbook.workforce.rota.model import Roster, RotaDefinition
from openbook.workforce.rota.progress import Progress

Key = tuple[str, int, str]


@dataclass
class Search:
    rota: RotaDefinition
    best: Roster
    objective: int
    bound: int
    started: float
    hook: Callable[[Progress], None] | None
    rng: random.Random
    size: float = 0.25  # share of the roster set free, adapted as the search goes

    def free_keys(self) -> set[Key]:
        """People, or a window of days, or some people over some days: set free."""
        rota, rng = self.rota, self.rng
        people, days = list(rota.employees), rota.horizon
        weekends = rota.weekends()
        kinds = ["people", "days", "both", "requests"] + (["weekends"] if len(weekends) > 1 else [])
        kind = rng.choice(kinds)
        if kind == "weekends":
            return self.weekend_keys(weekends)
        if kind == "requests":
            return self.request_keys()
        chosen_people = set(people)
        chosen_days = set(range(days))
        if kind in ("people", "both"):
            count = max(2, round(len(people) * (self.size * (2 if kind == "both" else 1))))
            count = min(count, len(people))
            slack = self.with_slack()
            picked = set(rng.sample(slack, min(len(slack), rng.randint(1, 2)))) if slack else set()
            rest = [p for p in people if p not in picked]
            chosen_people = picked | set(rng.sample(rest, max(0, count - len(picked))))
        if kind in ("days", "both"):
            width = max(3, round(days * (self.size * (2 if kind == "both" else 1))))
            short = self.short_days()
            if short and rng.random() < 0.6:  # most of the time, around a day that is short
                first = max(0, rng.choice(short) - rng.randrange(width))
            else:
                first = rng.randrange(max(1, days - width + 1))
            chosen_days = set(range(first, min(days, first + width)))
        return {(e, d, s) for e in chosen_people for d in chosen_days for s in rota.shift_ids}

    def weekend_keys(self, weekends: list[tuple[int, ...]]) -> set[Key]:
        """Everyone over two weekends and the days either side (weekend budgets are
        global: only freeing two at once lets a person trade one for another)."""
        short = set(self.short_days())
        wanted = [w for w in weekends if short & set(w)]
        first = self.rng.choice(wanted) if wanted else self.rng.choice(weekends)
        second = self.rng.choice([w for w in weekends if w != first])
        days = {d + step for w in (first, second) for d in w for step in (-1, 0, 1)}
        return {
            (e, d, s) for e in self.rota.employees for d in days if 0 <= d < self.rota.horizon
            for s in self.rota.shift_ids
        }  # fmt: skip

    def request_keys(self) -> set[Key]:
        """A few people whose requests are not met, and one other, over the whole horizon."""
        done = {(a.employee, a.day, a.shift_id) for a in self.best.assignments}
        rota = self.rota
        unmet = {
            r.employee for r in rota.on_requests if (r.employee, r.day, r.shift_id) not in done
        }
        met_off = {r.employee for r in rota.off_requests if (r.employee, r.day, r.shift_id) in done}
        unhappy = sorted(unmet | met_off)
        people = set(self.rng.sample(unhappy, min(len(unhappy), self.rng.randint(2, 3))))
        people.add(self.rng.choice(self.rota.employees))
        return {
            (e, d, s) for e in people for d in range(self.rota.horizon) for s in self.rota.shift_ids
        }

    def short_days(self) -> list[int]:
        """Days on which some shift has fewer people than it needs."""
        counts = Counter((a.day, a.shift_id) for a in self.best.assignments)
        return sorted({c.day for c in self.rota.cover if counts[c.day, c.shift_id] < c.requirement})

    def with_slack(self) -> list[str]:
        """People who could take another shift: minutes or weekends to spare."""
        rota, table = self.rota, self.best.by_employee()
        weekends = count_weekends(rota, self.best)
        found = []
        for m in rota.staff:
            worked = table.get(m.employee, {})
            minutes = sum(rota.shift(s).minutes for shifts in worked.values() for s in shifts)
            shortest = min(s.minutes for s in rota.shift_types)
            if minutes + shortest <= m.max_minutes or weekends[m.employee] < m.max_weekends:
                found.append(m.employee)
        return found

    def record(self, roster: Roster) -> bool:
        objective = calculate_objective(self.rota, roster).total
        if objective > self.objective:
            return False
        improved = objective < self.objective
        self.best, self.objective = roster, objective
        if improved and self.hook:
            self.hook(Progress(time.perf_counter() - self.started, objective, self.bound))
        return improved


def improve(search: Search, deadline: float, num_workers: int, step_seconds: float = 3.0) -> Search:
    """Re-solve neighbourhoods until the deadline (a `time.perf_counter()` value)."""
    from openbook.workforce.rota.cpsat import build_model, run_model

    everything = {
        (e, d, s) for e in search.rota.employees for d in range(search.rota.horizon)
        for s in search.rota.shift_ids
    }  # fmt: skip
    template = build_model(search.rota)
    while search.objective > search.bound:
        left = deadline - time.perf_counter()
        if left < 0.5:
            break
        free = search.free_keys()
        found = run_model(
            template.copy(), min(step_seconds, left), num_workers,
            random_seed=search.rng.randrange(1 << 30), hint=search.best,
            fixed=everything - free, below=search.objective,
        )  # fmt: skip
        if found.roster is not None:
            search.record(found.roster)  # better, by construction: keep it, same size
        elif found.infeasible:
            search.size = min(0.6, search.size * 1.1)  # nothing better here: look wider
        else:
            search.size = max(0.08, search.size * 0.9)  # too big to settle: look narrower
    return search
