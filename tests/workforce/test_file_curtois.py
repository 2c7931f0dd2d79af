"""The Curtois & Qu text format: the four shipped instances read, every problem at once."""

from __future__ import annotations

import pytest

from openbook.workforce.file.curtois import load_curtois, parse_curtois, render_curtois
from tests.workforce.conftest import EXAMPLES

GOOD = """# a comment
SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=7|L=3,2400,960,5,2,2,1
B,E=7|L=0,2400,960,5,2,2,1

SECTION_DAYS_OFF
A,0,6

SECTION_SHIFT_ON_REQUESTS
B,2,E,3

SECTION_SHIFT_OFF_REQUESTS
A,3,L,1

SECTION_COVER
0,E,1,100,1
0,L,1,100,1
"""


@pytest.mark.parametrize(
    ("name", "horizon", "staff", "shifts"),
    [("Instance1", 14, 8, 1), ("Instance2", 14, 14, 2), ("Instance4", 28, 10, 2),
     ("Instance5", 28, 16, 2)],
)  # fmt: skip
def test_the_benchmark_instances_read(name: str, horizon: int, staff: int, shifts: int) -> None:
    rota, issues = load_curtois(EXAMPLES / f"{name}.txt")
    assert issues == [] and rota is not None
    assert (rota.horizon, len(rota.staff), len(rota.shift_types)) == (horizon, staff, shifts)
    assert len(rota.cover) == horizon * shifts


def test_a_small_file_reads_every_section() -> None:
    rota, issues = parse_curtois(GOOD, "small.txt")
    assert issues == [] and rota is not None
    assert rota.shift("L").cannot_follow == frozenset({"E"})
    assert rota.staff[1].max_shifts == {"E": 7, "L": 0}
    assert rota.days_off == {"A": frozenset({0, 6})}
    assert rota.on_requests[0].weight == 3 and rota.off_requests[0].shift_id == "L"


def test_render_then_parse_gives_the_same_rota() -> None:
    rota, _ = load_curtois(EXAMPLES / "Instance2.txt")
    assert rota is not None
    again, issues = parse_curtois(render_curtois(rota), "again.txt", name=rota.name)
    assert issues == [] and again == rota


def issues_of(text: str) -> list[str]:
    rota, issues = parse_curtois(text, "bad.txt")
    assert rota is None
    return [str(i) for i in issues]


def test_every_problem_is_reported_at_once_with_its_line() -> None:
    bad = (
        GOOD.replace("L,480,E", "L,48O,X")
        .replace("B,E=7|L=0,2400", "B,E=7|L=0,24x0")
        .replace("A,0,6", "A,0,9")
        .replace("B,2,E,3", "Q,2,E,3")
        .replace("0,L,1,100,1", "0,L,1,100")
    )
    assert issues_of(bad) == [
        "bad.txt:7:Length in mins: 'Length in mins' is '48O'; expected a whole number",
        "bad.txt:11:MaxTotalMinutes: 'MaxTotalMinutes' is '24x0'; expected a whole number",
        "bad.txt:14:DayIndexes: 'DayIndexes' is 9; expected 0-6",
        "bad.txt:17:EmployeeID: employee 'Q' is not defined (A, B)",
        "bad.txt:24: 4 field(s); expected 5: Day, ShiftID, Requirement, Weight for under, "
        "Weight for over",
    ]


def test_unknown_references() -> None:
    bad = GOOD.replace("L,480,E", "L,480,N").replace("A,E=7|L=3", "A,E=7|N=3")
    bad = bad.replace("A,3,L,1", "A,3,Z,1")
    assert issues_of(bad) == [
        "bad.txt:7:ShiftID: shift 'N' (cannot follow) is not defined",
        "bad.txt:10:MaxShifts: shift 'N' (MaxShifts) is not defined",
        "bad.txt:20:ShiftID: shift 'Z' is not defined (E, L)",
    ]


def test_structure_problems() -> None:
    bad = "E,480,\nSECTION_HORIZON\n7\nSECTION_SHIFTZ\nSECTION_STAFF\n"
    assert issues_of(bad) == [
        "bad.txt:1: 'E,480,' is outside any known section",
        "bad.txt:4: unknown section 'SECTION_SHIFTZ' (SECTION_HORIZON, SECTION_SHIFTS, "
        "SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, "
        "SECTION_SHIFT_OFF_REQUESTS, SECTION_COVER)",
        "bad.txt:1: section 'SECTION_SHIFTS' is missing",
    ]


def test_duplicates_and_bad_horizon() -> None:
    bad = GOOD.replace("SECTION_HORIZON\n7", "SECTION_HORIZON\n0").replace(
        "L,480,E", "L,480,E\nE,300,"
    ).replace("0,L,1,100,1", "0,L,1,100,1\n0,L,2,100,1")  # fmt: skip
    assert issues_of(bad) == [
        "bad.txt:3:horizon: 'horizon' is 0; expected at least 1",
        "bad.txt:8:ShiftID: shift 'E' is defined twice",
        "bad.txt:26: cover for day 0 shift L is given twice",
    ]


def test_an_unreadable_file(tmp_path: object) -> None:
    from pathlib import Path

    rota, issues = load_curtois(Path("/nonexistent/Instance.txt"))
    assert rota is None and issues[0].message.startswith("cannot read the file")
