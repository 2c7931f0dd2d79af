"""One cube, two engines: the same extract gives the same provider x commissioner x point of
delivery x month cube on DuckDB and on Apache Spark (local mode, a real JVM), as one file
or partitioned by month into a folder; and `openbook activity cube` prints it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from openbook.activity.cube import Engine, cube_document, extract_cube
from openbook.activity.generate_extract import generate_synthetic_extract
from openbook.cli import app
from openbook.kernel.error import InvalidDataError
from openbook.kernel.period import FinancialYear

TODAY = date(2026, 12, 1)


def _run(sql: str) -> None:
    with duckdb.connect() as connection:
        connection.execute(sql)


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("extract") / "dorset.parquet"
    generate_synthetic_extract(path, 20_000, FinancialYear.parse("2018/19"), 1, seed=7)
    return path


@pytest.fixture(scope="module")
def partitioned(extract: Path) -> Path:
    """The same rows written as a folder, one partition per month (month=2018-04/...)."""
    folder = extract.parent / "by_month"
    _run(
        f"COPY (SELECT *, strftime(activity_date, '%Y-%m') AS month "
        f"FROM read_parquet('{extract}')) TO '{folder}' (FORMAT parquet, PARTITION_BY (month))"
    )
    return folder


def test_duckdb_and_spark_give_the_same_cube(extract: Path, partitioned: Path) -> None:
    on_duckdb = extract_cube(extract, Engine.duckdb, TODAY)
    on_spark = extract_cube(extract, Engine.spark, TODAY)
    assert on_spark == on_duckdb
    assert sum(row.rows for row in on_duckdb) == 20_000
    assert len({row.period_start for row in on_duckdb}) == 12  # April 2018 to March 2019
    # A folder partitioned by month is the same extract to both engines.
    assert extract_cube(partitioned, Engine.duckdb, TODAY) == on_duckdb
    assert extract_cube(partitioned, Engine.spark, TODAY) == on_duckdb


def test_the_cube_counts_what_the_rows_say(extract: Path) -> None:
    """Each cell equals a direct count of the rows behind it."""
    cube = extract_cube(extract, Engine.duckdb, TODAY)
    cell = max(cube, key=lambda row: row.rows)
    assert cell.period_start is not None
    with duckdb.connect() as connection:
        counted = connection.execute(
            "SELECT count(*) FROM read_parquet($1) WHERE provider_code = $2 AND "
            "commissioner_code = $3 AND pod = $4 AND date_trunc('month', activity_date) = $5",
            [str(extract), cell.provider_code, cell.commissioner_code, cell.pod, cell.period_start],
        ).fetchone()
    assert counted == (cell.rows,)


def test_spark_refuses_what_it_cannot_read_with_a_reason(tmp_path: Path) -> None:
    csv = tmp_path / "extract.csv"
    csv.write_text("provider_code\nRBD\n")
    with pytest.raises(InvalidDataError) as error:
        extract_cube(csv, Engine.spark, TODAY)
    assert "must be a .parquet file or a folder of them for Spark" in str(error.value.issues[0])
    text_dates = tmp_path / "text_dates.parquet"
    _run(
        "COPY (SELECT 'RBD' AS provider_code, '11J' AS commissioner_code, 'E.M.7' AS pod, "
        "'2018-04-01' AS activity_date, 'HRG' AS hrg, 1 AS length_of_stay, '20-24' AS age_band) "
        f"TO '{text_dates}' (FORMAT parquet)"
    )
    with pytest.raises(InvalidDataError) as error:
        extract_cube(text_dates, Engine.spark, TODAY)
    assert "stores activity_date as string; Spark needs a date column" in str(error.value.issues[0])


def test_the_cli_prints_the_cube_without_storing_it(extract: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["activity", "cube", str(extract), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document == cube_document(
        extract_cube(extract, Engine.duckdb, TODAY), extract.name, Engine.duckdb
    )
    assert document["rows"] == 20_000
    assert set(document["cube"][0]) == {
        "provider_code",
        "commissioner_code",
        "pod",
        "month",
        "rows",
    }
    csv = runner.invoke(app, ["activity", "cube", str(extract), "--format", "csv"])
    assert csv.output.splitlines()[0] == "provider_code,commissioner_code,pod,month,rows"
    bad = runner.invoke(app, ["activity", "cube", str(extract), "--engine", "hadoop"])
    assert bad.exit_code == 2 and "--engine must be duckdb or spark" in bad.output
