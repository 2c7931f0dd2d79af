"""Patient-level extracts: DuckDB's cube equals a direct count; bad extracts are refused
with a summary of every problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from openbook.activity.extract import aggregate_extract, check_cube, cube_counts
from openbook.activity.synthetic_extract import write_extract

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_the_cube_equals_a_direct_count(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"extract{suffix}"
    write_extract(path, 20_000, seed=7)
    seen: list[float] = []
    cube, issues = aggregate_extract(path, seen.append)
    assert issues == [] and check_cube(cube, path.name, TODAY) == []
    assert seen[-1] == 100.0
    frame = pd.read_parquet(path) if suffix == ".parquet" else pd.read_csv(path)
    frame["month"] = pd.to_datetime(frame["activity_date"]).dt.to_period("M")
    expected = frame.groupby(["provider_code", "commissioner_code", "pod", "month"]).size()
    counts = cube_counts(cube)
    assert sum(c.count for c in counts) == 20_000
    got = {
        (c.provider_code, c.commissioner_code, c.pod, pd.Period(c.period_start, "M")): c.count
        for c in counts
    }
    assert got == expected.to_dict()


def test_the_generator_is_reproducible_and_realistic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    write_extract(first, 5_000, seed=3)
    write_extract(second, 5_000, seed=3)
    a, b = pd.read_parquet(first), pd.read_parquet(second)
    pd.testing.assert_frame_equal(a, b)
    shares = a["pod"].value_counts(normalize=True)
    assert shares["E.M.3"] > shares["E.M.2"] > shares["E.M.10b"] > shares["E.M.10a"]
    same_day = a[a["pod"].isin(["E.M.2", "E.M.3", "E.M.6", "E.M.10b"])]
    assert (same_day["length_of_stay"] == 0).all()
    assert a["activity_date"].min() >= date(2018, 4, 1)
    assert a["activity_date"].max() <= date(2019, 3, 31)


def test_a_bad_extract_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "provider_code,commissioner_code,pod,activity_date,hrg,length_of_stay,age_band\n"
        "RBD,11J,E.M.11,2018-04-03,DZ19N,3,75-84\n"
        "RBD,11J,E.M.99,2018-04-03,DZ19N,3,75-84\n"
        "RBD,11J,E.M.11,2018-04-31,DZ19N,3,75-84\n"
        "RBD,11J,E.M.11,2027-01-05,DZ19N,3,75-84\n"
        "RBD,11J,E.M.11,2018-05-05,DZ19N,-2,75-84\n"
        "R_BD,11J,E.M.11,2018-05-05,DZ19N,2.5,75-84\n"
    )
    cube, issues = aggregate_extract(path)
    assert issues == []
    assert [str(i) for i in check_cube(cube, "bad.csv", TODAY)] == [
        "bad.csv:provider_code: 1 rows have no valid ODS code in 'provider_code': 'R_BD' (1 rows)",
        "bad.csv:pod: 1 rows have an unknown point of delivery in 'pod': 'E.M.99' (1 rows)",
        "bad.csv:activity_date: 1 rows have a value that is in 'activity_date':"
        " 'not a date' (1 rows)",
        "bad.csv:activity_date: 1 rows have an activity_date in a month that has not started yet",
        "bad.csv:length_of_stay: 1 rows have a negative length_of_stay",
        "bad.csv:length_of_stay: 1 rows have a length_of_stay that is not a whole number of days",
    ]


def test_missing_columns_and_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("provider_code,pod\nRBD,E.M.2\n")
    _, issues = aggregate_extract(path)
    assert [i.message for i in issues] == [
        "is missing column(s) commissioner_code, activity_date, hrg, length_of_stay, age_band"
    ]
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"not parquet at all")
    _, issues = aggregate_extract(garbage)
    assert issues[0].message.startswith("cannot be read as a table")
    _, issues = aggregate_extract(tmp_path / "extract.xlsx")
    assert [str(i) for i in issues] == ["extract.xlsx: does not exist"]
