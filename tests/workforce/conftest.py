"""Small hand-made rotas for the workforce tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbook.workforce.rota.model import (
    Assignment,
    CoverRequirement,
    Exclusion,
    Roster,
    RotaDefinition,
    ShiftRequest,
    ShiftType,
    StaffMember,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "rostering"


def person(employee: str = "A", **limits: int) -> StaffMember:
    values = {
        "max_minutes": 3840,
        "min_minutes": 960,
        "max_consecutive_shifts": 3,
        "min_consecutive_shifts": 2,
        "min_consecutive_days_off": 2,
        "max_weekends": 1,
    } | limits
    return StaffMember(employee, {"E": 10, "L": 3}, **values)


@pytest.fixture
def rota() -> RotaDefinition:
    """Two weeks from a Monday; L may not be followed by E; A's day 9 is a day off."""
    return RotaDefinition(
        name="tiny",
        horizon=14,
        shift_types=(ShiftType("E", 480), ShiftType("L", 480, frozenset({"E"}))),
        staff=(person(),),
        days_off={"A": frozenset({9})},
        on_requests=(ShiftRequest("A", 10, "E", 3),),
        off_requests=(ShiftRequest("A", 1, "E", 2),),
        cover=(CoverRequirement(1, "E", 2, 100, 1), CoverRequirement(2, "L", 0, 100, 1)),
        exclusions=(Exclusion("A", 8, "L", "als expired on 2018-03-20"),),
    )


def roster(*worked: tuple[int, str], employee: str = "A") -> Roster:
    return Roster.of(Assignment(employee, day, shift) for day, shift in worked)


VALID = ((1, "E"), (2, "E"), (3, "E"), (7, "E"), (8, "E"))
