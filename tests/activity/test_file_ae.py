"""NHS England's A&E file: the real shipped file reads whole; each bad file is refused
with a message that says where and why."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from openbook.activity.file.ae import load_ae_file, parse_ae_bytes

REAL_FILE = Path(__file__).parents[2] / "src" / "openbook" / "demo" / "data" / "ae_attendances.csv"
TODAY = date(2026, 11, 24)
HEADER = "period,org_code,type,attendances,breaches,admissions\n"


def messages(text: str) -> list[str]:
    counts, issues = parse_ae_bytes(text.encode(), "ae.csv", TODAY)
    assert counts == []
    return [str(issue) for issue in issues]


def test_the_real_file_reads_every_trust_and_month() -> None:
    counts, issues = load_ae_file(REAL_FILE, TODAY)
    assert issues == []
    with REAL_FILE.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(counts) == len(rows) == 12765
    assert len({c.provider_code for c in counts}) == len({r["org_code"] for r in rows})
    assert sum(c.count for c in counts) == sum(int(r["attendances"]) for r in rows)


def test_one_trust_only() -> None:
    counts, issues = load_ae_file(REAL_FILE, TODAY, frozenset({"RBD"}))
    assert issues == []
    assert {c.provider_code for c in counts} == {"RBD"}
    assert len({c.period_start for c in counts}) == 36


def test_a_trust_not_in_the_file() -> None:
    _, issues = load_ae_file(REAL_FILE, TODAY, frozenset({"ZZZ99"}))
    assert [str(i) for i in issues] == ["ae_attendances.csv: has no rows for ZZZ99"]


def test_wrong_columns() -> None:
    assert messages("month,org,type,attendances,breaches,admissions\n2018-04-01,RBD,1,1,0,0\n") == [
        "ae.csv:1: is missing column(s) period, org_code",
        "ae.csv:1:A: has an unexpected column 'month'",
        "ae.csv:1:B: has an unexpected column 'org'",
    ]


def test_unknown_type_code() -> None:
    assert messages(HEADER + "2018-04-01,RBD,4,100,5,10\n") == [
        "ae.csv:2:C: 'type' is '4', which is not a known code"
    ]


def test_duplicate_month() -> None:
    text = HEADER + "2018-04-01,RBD,1,100,5,10\n2018-04-01,RBD,1,101,5,10\n"
    assert messages(text) == [
        "ae.csv:3: duplicate month: A&E RBD E.M.6 type 1 2018-04 is also on row 2 "
        "(each month appears once; remove one of the rows)"
    ]


def test_negative_counts_all_reported_at_once() -> None:
    text = HEADER + "2018-04-01,RBD,1,-100,5,10\n2018-05-01,RBD,1,100,5,-1\n"
    assert messages(text) == [
        "ae.csv:2:D: 'attendances' is -100; a count cannot be negative",
        "ae.csv:3:F: 'admissions' is -1; a count cannot be negative",
    ]


def test_a_month_in_the_future() -> None:
    assert messages(HEADER + "2027-01-01,RBD,1,100,5,10\n") == [
        "ae.csv:2:A: 'period' is 2027-01-01, a month that has not started yet"
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2018-04-15,RBD,1,100,5,10",
            "ae.csv:2:A: 'period' is '2018-04-15'; expected the first day of the month",
        ),
        (
            "April 2018,RBD,1,100,5,10",
            "ae.csv:2:A: 'period' is 'April 2018'; expected a month like 2018-04-01",
        ),
        (
            "2018-04-01,R-BD,1,100,5,10",
            "ae.csv:2:B: 'org_code' is 'R-BD'; expected an ODS code like RBD",
        ),
        (
            "2018-04-01,RBD,1,1O0,5,10",
            "ae.csv:2:D: 'attendances' is '1O0'; expected a whole number like 1250",
        ),
        (
            "2018-04-01,RBD,1,100,101,10",
            "ae.csv:2:E: 'breaches' is 101, more than the 100 attendances",
        ),
    ],
)
def test_bad_values(row: str, message: str) -> None:
    assert messages(HEADER + row + "\n") == [message]
