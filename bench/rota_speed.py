"""Rotas: openbook's CP-SAT model on the open Curtois & Qu benchmark, against a greedy
constructive heuristic of the kind an analyst writes in a spreadsheet or a short script.

Targets (best-known objectives from the instance set): Instance1 proven optimal at 607;
Instance2 and Instance4 within 1% of 828 and 1716; Instance5 within 10% of 1143 in 240 s.
Every roster, openbook's and the peer's, is checked by the independent checker; the peer's
objective is reported with the number of hard rules it breaks (it has no way to repair them).
CP-SAT runs with 2 workers on a 2-core machine shared with other work: timings are indicative.
Writes bench/results/rota_speed.json.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import ortools

from openbook.workforce.file.curtois import load_curtois
from openbook.workforce.rota.check import calculate_objective, check_roster
from openbook.workforce.rota.model import Assignment, Roster, RotaDefinition, StaffMember
from openbook.workforce.rota.solve import solve

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples" / "rostering"
RESULTS = HERE / "results" / "rota_speed.json"
WORKERS = 2
CASES = {  # instance: (best known, time limit in seconds, allowed gap)
    "Instance1": (607, 60.0, 0.0),
    "Instance2": (828, 120.0, 0.01),
    "Instance4": (1716, 120.0, 0.01),
    "Instance5": (1143, 240.0, 0.10),
}


def _allowed(rota: RotaDefinition, m: StaffMember, worked: dict[int, str], day: int,
             shift: str) -> bool:  # fmt: skip
    """The rules a greedy can keep looking backwards only."""
    if day in worked or day in rota.days_off.get(m.employee, frozenset()):
        return False
    if sum(1 for s in worked.values() if s == shift) >= m.max_shifts_of(shift, rota.horizon):
        return False
    minutes = sum(rota.shift(s).minutes for s in worked.values())
    if minutes + rota.shift(shift).minutes > m.max_minutes:
        return False
    if day - 1 in worked and shift in rota.shift(worked[day - 1]).cannot_follow:
        return False
    run = 0
    while day - run - 1 in worked:
        run += 1
    if run + 1 > m.max_consecutive_shifts:
        return False
    weekends = [w for w in rota.weekends() if any(d in worked for d in w)]
    this = next((w for w in rota.weekends() if day in w), None)
    return this is None or this in weekends or len(weekends) < m.max_weekends


def greedy(rota: RotaDefinition) -> Roster:
    """Day by day, fill each shift's cover with whoever is allowed, preferring those who
    asked for it, then those with the fewest minutes so far; never those who asked not to."""
    worked: dict[str, dict[int, str]] = {m.employee: {} for m in rota.staff}
    on = {(r.employee, r.day, r.shift_id): r.weight for r in rota.on_requests}
    off = {(r.employee, r.day, r.shift_id): r.weight for r in rota.off_requests}
    for day in range(rota.horizon):
        for cover in sorted((c for c in rota.cover if c.day == day), key=lambda c: -c.under_weight):
            for _ in range(cover.requirement):
                candidates = [
                    m for m in rota.staff
                    if _allowed(rota, m, worked[m.employee], day, cover.shift_id)
                    and (m.employee, day, cover.shift_id) not in off
                ]  # fmt: skip
                if not candidates:
                    break
                best = min(
                    candidates,
                    key=lambda m: (
                        -on.get((m.employee, day, cover.shift_id), 0),
                        sum(rota.shift(s).minutes for s in worked[m.employee].values()),
                    ),
                )
                worked[best.employee][day] = cover.shift_id
    return Roster.of(Assignment(e, d, s) for e, days in worked.items() for d, s in days.items())


def run_case(name: str, best_known: int, limit: float, gap: float) -> dict[str, object]:
    rota, issues = load_curtois(EXAMPLES / f"{name}.txt")
    assert rota is not None, issues
    target = best_known * (1 + gap)
    result = solve(rota, time_limit=limit, num_workers=WORKERS)
    reached = next((p.seconds for p in result.progress if p.objective <= target), None)
    started = time.perf_counter()
    peer = greedy(rota)
    peer_seconds = time.perf_counter() - started
    assert result.roster is not None
    assert check_roster(rota, result.roster) == []
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "best_known": best_known,
        "target": f"<= {target:g}" + (" and proven optimal" if gap == 0 else ""),
        "time_limit_seconds": limit,
        "openbook_cp_sat": {
            "objective": result.objective,
            "bound": result.bound,
            "proven_optimal": result.proven_optimal,
            "seconds": round(result.seconds, 2),
            "seconds_to_target": None if reached is None else round(reached, 2),
            "gap_to_best_known_percent": round(100 * (result.objective or 0) / best_known - 100, 2),
            "met_target": (result.objective or 0) <= target and (gap > 0 or result.proven_optimal),
            "checker_violations": 0,
        },
        "greedy_constructive": {
            "objective": calculate_objective(rota, peer).total,
            "hard_rules_broken": len(check_roster(rota, peer)),
            "seconds": round(peer_seconds, 4),
        },
    }


def main() -> None:
    only = sys.argv[1:] or list(CASES)
    earlier = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    figures: dict[str, object] = {
        **earlier,
        "run": "all instances in one run" if not sys.argv[1:] else f"last re-ran {', '.join(only)}",
        "machine": {
            "note": "2 cores shared with other work while this ran; timings are indicative",
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "ortools": ortools.__version__,
            "cp_sat_workers": WORKERS,
        },
    }
    for name in only:
        figures[name] = run_case(name, *CASES[name])
        print(name, json.dumps(figures[name]), flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
