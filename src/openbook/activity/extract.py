"""A patient-level extract (one row per attendance or spell, CSV or Parquet) aggregated
into the provider x commissioner x point of delivery x month cube, with DuckDB.

The file is streamed, never loaded into memory: DuckDB scans it once, in parallel, with a
memory limit, and the checks run on the small cube it produces (an unknown code or a bad
date lands in its own group), so validation costs no second pass.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from openbook.activity.model.activity import POINTS_OF_DELIVERY, ActivityCount
from openbook.kernel.error import DataIssue

EXTRACT_COLUMNS = (
    "provider_code",
    "commissioner_code",
    "pod",
    "activity_date",
    "hrg",
    "length_of_stay",
    "age_band",
)
Progress = Callable[[float], None]  # percentage done, 0-100
ODS_PATTERN = "^[A-Z0-9]{3,6}$"


@dataclass(frozen=True)
class CubeRow:
    provider_code: str | None
    commissioner_code: str | None
    pod: str | None
    period_start: date | None  # None when activity_date is not a date
    rows: int
    negative_stays: int
    bad_stays: int  # length_of_stay present but not a whole number


def source_parameter(path: Path) -> str:
    """What the table function reads: the file, or every Parquet file under a folder (an
    extract partitioned by month, e.g. month=2018-04/part-0.parquet)."""
    return str(path / "**" / "*.parquet") if path.is_dir() else str(path)


@dataclass(frozen=True)
class _Source:
    """What DuckDB scans: one CSV or Parquet file, a folder of Parquet, or a list of
    Parquet files (the partitions of a folder that an incremental load reads)."""

    name: str
    parameter: str | list[str]
    csv: bool = False
    folder: bool = False  # a folder partitioned hive-style (month=2018-04/...)

    def sql(self, typed: bool = False) -> str:
        """The table function, its path(s) bound as parameter 1. Typed: DuckDB converts
        dates and stays as it reads (fast; fails on the first bad value). Untyped: every
        CSV column as text, checked and converted by the query."""
        if self.folder:
            return "read_parquet($1, hive_partitioning = true)"
        if not self.csv:
            return "read_parquet($1)"
        if typed:
            return (
                "read_csv($1, header = true, types = {'provider_code': 'VARCHAR', "
                "'commissioner_code': 'VARCHAR', 'pod': 'VARCHAR', 'activity_date': 'DATE', "
                "'length_of_stay': 'BIGINT'})"
            )
        return "read_csv($1, header = true, all_varchar = true)"


def _source_of(path: Path) -> _Source:
    csv = not path.is_dir() and path.suffix.lower() == ".csv"
    return _Source(path.name, source_parameter(path), csv, folder=path.is_dir())


def _connect(memory_limit: str, threads: int | None) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{memory_limit}'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = true")
    connection.execute("SET enable_progress_bar_print = false")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    return connection


def check_columns(
    connection: duckdb.DuckDBPyConnection, source: _Source
) -> tuple[dict[str, str], list[DataIssue]]:
    """The file's column types by name, or why it cannot be read as an extract."""
    try:
        described = connection.execute(
            "DESCRIBE SELECT * FROM " + source.sql(),  # noqa: S608 (constant SQL; path bound)
            [source.parameter],
        ).fetchall()
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        return {}, [DataIssue(source.name, f"cannot be read as a table: {first_line}")]
    types = {str(row[0]): str(row[1]) for row in described}
    missing = [column for column in EXTRACT_COLUMNS if column not in types]
    if missing:
        return {}, [
            DataIssue(
                source.name,
                f"is missing column(s) {', '.join(missing)}",
                found=", ".join(types),
                expected=", ".join(EXTRACT_COLUMNS),
            )
        ]
    return types, []


# The fast path: dates and stays already typed, so the scan only groups and counts. Portable
# SQL: the same text runs on Apache Spark (activity/spark_engine.py), {source} its view.
TYPED_CUBE_SQL = """
SELECT
    provider_code,
    commissioner_code,
    pod,
    CAST(date_trunc('month', activity_date) AS DATE) AS period_start,
    count(*) AS rows,
    count(*) FILTER (WHERE length_of_stay < 0) AS negative_stays,
    0 AS bad_stays
FROM {source}
GROUP BY ALL
"""

# The checking path, for files whose values DuckDB cannot convert as it reads: a bad date
# or stay lands in its own group or count instead of stopping the scan.
CHECKING_CUBE_SQL = """
SELECT
    CAST(provider_code AS VARCHAR) AS provider_code,
    CAST(commissioner_code AS VARCHAR) AS commissioner_code,
    CAST(pod AS VARCHAR) AS pod,
    CAST(date_trunc('month', TRY_CAST(activity_date AS DATE)) AS DATE) AS period_start,
    count(*) AS rows,
    count(*) FILTER (WHERE TRY_CAST(length_of_stay AS BIGINT) < 0) AS negative_stays,
    count(*) FILTER (
        WHERE length_of_stay IS NOT NULL
          AND trim(CAST(length_of_stay AS VARCHAR)) <> ''
          AND NOT regexp_full_match(trim(CAST(length_of_stay AS VARCHAR)), '-?[0-9]+')
    ) AS bad_stays
FROM {source}
GROUP BY ALL
"""
TYPED_PARQUET = ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE")
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")


def _typed_reads(source: _Source, types: dict[str, str]) -> bool:
    """Whether the fast path can read the file: any CSV (it falls back on a bad value),
    a Parquet file whose dates and stays are stored as such."""
    if source.csv:
        return True
    return types["activity_date"] in TYPED_PARQUET and types["length_of_stay"] in INTEGER_TYPES


def _run_with_progress(
    connection: duckdb.DuckDBPyConnection,
    sql: str,
    parameters: list[Any],
    progress: Progress | None,
) -> list[tuple[Any, ...]]:
    """Run the query on a worker thread while this one reports DuckDB's progress."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["rows"] = connection.execute(sql, parameters).fetchall()
        except duckdb.Error as error:
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)
        if progress is not None:
            done = connection.query_progress()
            if done >= 0:
                progress(done)
    if "error" in outcome:
        raise outcome["error"]
    if progress is not None:
        progress(100.0)
    rows: list[tuple[Any, ...]] = outcome["rows"]
    return rows


def aggregate_extract(
    path: Path,
    progress: Progress | None = None,
    *,
    memory_limit: str = "1GB",
    threads: int | None = None,
) -> tuple[list[CubeRow], list[DataIssue]]:
    """The cube of a CSV or Parquet extract; (rows, []) or ([], every problem)."""
    if not path.exists():
        return [], [DataIssue(path.name, "does not exist")]
    if not path.is_dir() and path.suffix.lower() not in (".csv", ".parquet"):
        return [], [
            DataIssue(path.name, "must be a .csv or .parquet file, or a folder of .parquet files")
        ]
    return _aggregate(_source_of(path), progress, memory_limit, threads)


def aggregate_parquet_files(
    files: list[Path],
    name: str,
    progress: Progress | None = None,
    *,
    memory_limit: str = "1GB",
    threads: int | None = None,
) -> tuple[list[CubeRow], list[DataIssue]]:
    """The cube of some Parquet files read as one extract (a partition of a folder)."""
    return _aggregate(_Source(name, [str(f) for f in files]), progress, memory_limit, threads)


def _aggregate(
    source: _Source, progress: Progress | None, memory_limit: str, threads: int | None
) -> tuple[list[CubeRow], list[DataIssue]]:
    connection = _connect(memory_limit, threads)
    try:
        types, issues = check_columns(connection, source)
        if issues:
            return [], issues
        raw = None
        if _typed_reads(source, types):
            try:
                sql = TYPED_CUBE_SQL.format(source=source.sql(typed=True))
                raw = _run_with_progress(connection, sql, [source.parameter], progress)
            except (duckdb.ConversionException, duckdb.InvalidInputException):
                raw = None  # a value DuckDB could not convert: find them all the slow way
        if raw is None:
            try:
                sql = CHECKING_CUBE_SQL.format(source=source.sql())
                raw = _run_with_progress(connection, sql, [source.parameter], progress)
            except duckdb.Error as error:
                first_line = str(error).splitlines()[0]
                return [], [DataIssue(source.name, f"cannot be read: {first_line}")]
    finally:
        connection.close()
    return normalise_rows(raw), []


def _code(value: object) -> str | None:
    return None if value is None else str(value).strip().upper()


def normalise_cube(cube: list[CubeRow]) -> list[CubeRow]:
    """Codes trimmed and upper-cased (pod codes keep their case: E.M.10a), groups that
    become equal merged. Done on the small cube, not on every row of the file."""
    return normalise_rows(
        (
            r.provider_code,
            r.commissioner_code,
            r.pod,
            r.period_start,
            r.rows,
            r.negative_stays,
            r.bad_stays,
        )
        for r in cube
    )


def normalise_rows(raw: Iterable[Sequence[Any]]) -> list[CubeRow]:
    """normalise_cube of an engine's result rows, as they come (a national cube has tens of
    thousands of cells: one CubeRow each, made once)."""
    merged: dict[tuple[str | None, str | None, str | None, date | None], list[int]] = {}
    for provider, commissioner, pod, period_start, rows, negative, bad in raw:
        key = (
            _code(provider),
            _code(commissioner),
            None if pod is None else str(pod).strip(),
            period_start,
        )
        totals = merged.get(key)
        if totals is None:
            merged[key] = [rows, negative, bad]
        else:
            totals[0] += rows
            totals[1] += negative
            totals[2] += bad
    return [CubeRow(*key, *totals) for key, totals in merged.items()]


def _summarise(
    source: str, column: str, bad: dict[str, int], what: str, expected: str
) -> list[DataIssue]:
    if not bad:
        return []
    examples = ", ".join(f"{value!r} ({rows:,} rows)" for value, rows in sorted(bad.items())[:5])
    total = sum(bad.values())
    return [
        DataIssue(
            source,
            f"{total:,} rows have {what} in {column!r}: {examples}",
            column=column,
            expected=expected,
        )
    ]


def check_cube(cube: list[CubeRow], source: str, today: date) -> list[DataIssue]:
    """Every problem the cube reveals, each summarised with counts and examples."""
    ods = re.compile(ODS_PATTERN)
    bad: dict[str, dict[str, int]] = {
        "provider_code": {},
        "commissioner_code": {},
        "pod": {},
        "activity_date": {},
    }
    future = 0
    negative = sum(row.negative_stays for row in cube)
    not_whole = sum(row.bad_stays for row in cube)
    for row in cube:
        for column, value in (
            ("provider_code", row.provider_code),
            ("commissioner_code", row.commissioner_code),
        ):
            if value is None or not ods.match(value):
                bad[column][str(value or "")] = bad[column].get(str(value or ""), 0) + row.rows
        if row.pod not in POINTS_OF_DELIVERY:
            bad["pod"][str(row.pod or "")] = bad["pod"].get(str(row.pod or ""), 0) + row.rows
        if row.period_start is None:
            bad["activity_date"]["not a date"] = (
                bad["activity_date"].get("not a date", 0) + row.rows
            )
        elif row.period_start > today:
            future += row.rows
    issues = _summarise(
        source, "provider_code", bad["provider_code"], "no valid ODS code", "an ODS code like RBD"
    )
    issues += _summarise(
        source,
        "commissioner_code",
        bad["commissioner_code"],
        "no valid ODS code",
        "an ODS code like 11J",
    )
    issues += _summarise(
        source, "pod", bad["pod"], "an unknown point of delivery", ", ".join(POINTS_OF_DELIVERY)
    )
    issues += _summarise(
        source, "activity_date", bad["activity_date"], "a value that is", "a date like 2018-04-17"
    )
    if future:
        issues.append(
            DataIssue(
                source,
                f"{future:,} rows have an activity_date in a month that has not started yet",
                column="activity_date",
            )
        )
    if negative:
        issues.append(
            DataIssue(
                source,
                f"{negative:,} rows have a negative length_of_stay",
                column="length_of_stay",
                expected="0 or more days",
            )
        )
    if not_whole:
        issues.append(
            DataIssue(
                source,
                f"{not_whole:,} rows have a length_of_stay that is not a whole number of days",
                column="length_of_stay",
            )
        )
    return issues


def cube_counts(cube: list[CubeRow]) -> list[ActivityCount]:
    """Valid cube rows as monthly counts (call after check_cube found nothing)."""
    return [
        ActivityCount(
            str(row.provider_code),
            str(row.commissioner_code),
            str(row.pod),
            row.period_start,
            row.rows,
        )
        for row in cube
        if row.period_start is not None
    ]
