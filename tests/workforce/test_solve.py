"""CP-SAT on tiny rotas: its objective is the checker's, nothing it returns breaks a rule, and
Instance1 reaches the best-known 607 (proven optimal)."""

from __future__ import annotations

import random

import pytest

from openbook.workforce.file.curtois import load_curtois
from openbook.workforce.rota import solve as solve_module
from openbook.workforce.rota.check import HardRule, Violation, calculate_objective, check_roster
from openbook.workforce.rota.model import (
    CoverRequirement,
    RotaDefinition,
    ShiftRequest,
    ShiftType,
    StaffMember,
)
from openbook.workforce.rota.solve import SolveStatus, solve, solve_staffing
from tests.workforce.conftest import EXAMPLES


def random_rota(seed: int) -> RotaDefinition:
    rng = random.Random(seed)
    shifts = (ShiftType("E", 480), ShiftType("L", 480, frozenset({"E"})))
    staff = tuple(
        StaffMember(name, {"E": 7, "L": rng.choice([0, 3])}, 2880, 960, 4, 2, 2, 1)
        for name in "ABCD"
    )

    def request(kind_weight: int) -> ShiftRequest:
        return ShiftRequest(rng.choice("ABCD"), rng.randrange(14), rng.choice("EL"), kind_weight)

    return RotaDefinition(
        name=f"random-{seed}",
        horizon=14,
        shift_types=shifts,
        staff=staff,
        days_off={"A": frozenset({rng.randrange(14)})},
        on_requests=tuple(request(rng.randint(1, 3)) for _ in range(4)),
        off_requests=tuple(request(rng.randint(1, 3)) for _ in range(4)),
        cover=tuple(
            CoverRequirement(d, s, rng.randint(0, 2), 100, 1) for d in range(14) for s in "EL"
        ),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cp_sat_objective_is_the_checkers_on_tiny_rotas(seed: int) -> None:
    rota = random_rota(seed)
    seen = []
    result = solve(rota, time_limit=10, num_workers=2, on_progress=seen.append)
    assert result.status is SolveStatus.OPTIMAL and result.roster is not None
    assert check_roster(rota, result.roster) == []
    assert result.objective == calculate_objective(rota, result.roster).total == result.bound
    assert seen and seen[-1].objective == result.objective
    payload = result.as_dict()
    assert set(payload) == {"objective", "bound", "proven_optimal", "seconds", "assignments"}
    assert payload["proven_optimal"] is True


def test_instance1_reaches_the_best_known_607() -> None:
    rota, _ = load_curtois(EXAMPLES / "Instance1.txt")
    assert rota is not None
    result = solve(rota, time_limit=25, num_workers=2)
    assert result.objective == 607 and result.proven_optimal and result.bound == 607


def test_a_roster_that_fails_the_check_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Violation(HardRule.MAX_WEEKENDS, "A", "A works 2 weekends; at most 1")
    monkeypatch.setattr(solve_module, "check_roster", lambda rota, roster: [broken])
    result = solve(random_rota(1), time_limit=5, num_workers=1)
    assert result.status is SolveStatus.REJECTED and result.roster is None
    assert result.objective is None and result.violations == (broken,)
    assert result.status.label == "the solver's roster failed the independent check"


def test_an_impossible_rota_is_reported_infeasible() -> None:
    rota = random_rota(1)
    impossible = StaffMember("A", {}, 480, 960, 4, 2, 2, 1)  # at most 480, at least 960 minutes
    result = solve(RotaDefinition("x", 14, rota.shift_types, (impossible,)), 5, 1)
    assert result.status is SolveStatus.INFEASIBLE and result.roster is None


def test_staffing_finds_the_fewest_people_for_full_cover() -> None:
    shifts = (ShiftType("D", 600),)
    staff = tuple(StaffMember(f"X{i}", {}, 600 * 4, 0, 7, 1, 1, 2) for i in range(6))
    cover = tuple(CoverRequirement(d, "D", 1, 100, 1) for d in range(14))
    result = solve_staffing(RotaDefinition("s", 14, shifts, staff, cover=cover), 10, 2)
    assert result.status is SolveStatus.OPTIMAL and result.staff_needed == 4  # 14 shifts / 4


def test_neighbourhood_search_keeps_rosters_valid_and_never_worse() -> None:
    import time

    from openbook.workforce.rota.cpsat import build_model, run_model
    from openbook.workforce.rota.neighbourhood import Search, improve

    rota, _ = load_curtois(EXAMPLES / "Instance2.txt")
    assert rota is not None
    first = run_model(build_model(rota), 2, 2)
    assert first.roster is not None and first.bound is not None
    start = calculate_objective(rota, first.roster).total
    search = Search(rota, first.roster, start, first.bound, time.perf_counter(), None,
                    random.Random(1))  # fmt: skip
    improve(search, time.perf_counter() + 4, 2)
    assert search.objective <= start
    assert search.objective == calculate_objective(rota, search.best).total
    assert check_roster(rota, search.best) == []
    keys = [search.free_keys() for _ in range(40)]
    assert all(keys) and len({len(k) for k in keys}) > 1
