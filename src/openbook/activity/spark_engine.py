"""The extract's cube on Apache Spark: the same query as DuckDB's (extract.TYPED_CUBE_SQL),
for extracts too big for one machine (national patient-level data, partitioned by month).

Spark runs in local mode unless told otherwise: OPENBOOK_SPARK_MASTER names a cluster
(`spark://host:7077`, `yarn`, `k8s://...`), OPENBOOK_SPARK_REMOTE a Spark Connect server
(`sc://host:15002`, as Databricks serves); under spark-submit the session it made is used.
Spark reads Parquet (a file or a folder of them): typed columns, so the fast query applies
as it is. CSV stays with DuckDB, which checks every text value. Only the small cube comes
back to Python; checks and storage are the same as for DuckDB's cube.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openbook.activity.extract import (
    EXTRACT_COLUMNS,
    INTEGER_TYPES,
    TYPED_CUBE_SQL,
    CubeRow,
    normalise_cube,
)
from openbook.kernel.error import DataIssue

VIEW = "openbook_extract"
# Spark's names for the types DuckDB's fast path needs (extract.TYPED_PARQUET, INTEGER_TYPES).
SPARK_DATES = ("date", "timestamp", "timestamp_ntz")
SPARK_INTEGERS = ("tinyint", "smallint", "int", "bigint")


def _session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:  # pragma: no cover - pyspark is a locked dependency
        raise RuntimeError("pyspark is not installed: run 'make setup'") from error
    builder = SparkSession.builder.appName("openbook activity cube")
    remote = os.environ.get("OPENBOOK_SPARK_REMOTE")
    if remote:
        return builder.remote(remote).getOrCreate()
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    master = os.environ.get("OPENBOOK_SPARK_MASTER", "local[2]")
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no guessing at the hostname
    session = (
        builder.master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _check_schema(types: dict[str, str], source: str) -> list[DataIssue]:
    missing = [column for column in EXTRACT_COLUMNS if column not in types]
    if missing:
        return [
            DataIssue(
                source,
                f"is missing column(s) {', '.join(missing)}",
                found=", ".join(types),
                expected=", ".join(EXTRACT_COLUMNS),
            )
        ]
    issues = []
    if types["activity_date"] not in SPARK_DATES:
        issues.append(
            DataIssue(
                source,
                f"stores activity_date as {types['activity_date']}; Spark needs a date column",
                column="activity_date",
                hint="use --engine duckdb, which checks text dates value by value",
            )
        )
    if types["length_of_stay"] not in SPARK_INTEGERS:
        issues.append(
            DataIssue(
                source,
                f"stores length_of_stay as {types['length_of_stay']}; Spark needs whole numbers",
                column="length_of_stay",
                expected=", ".join(INTEGER_TYPES).lower(),
                hint="use --engine duckdb, which checks text values one by one",
            )
        )
    return issues


def spark_cube(source: str) -> tuple[list[CubeRow], list[DataIssue]]:
    """The cube of a Parquet extract on Spark: a local file or folder, or a cluster's URI
    (hdfs://, s3a://, abfss://, dbfs:/), which only the cluster can check; (rows, []) or
    ([], why not)."""
    remote = "://" in source or source.startswith("dbfs:")
    path = Path(source)
    name = source if remote else path.name
    if not remote and not path.exists():
        return [], [DataIssue(name, "does not exist")]
    if not remote and not path.is_dir() and path.suffix.lower() != ".parquet":
        return [], [
            DataIssue(
                name,
                "must be a .parquet file or a folder of them for Spark",
                hint="a CSV extract is read with --engine duckdb",
            )
        ]
    spark = _session()
    try:
        frame = spark.read.parquet(source)
    except Exception as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [], [DataIssue(name, f"cannot be read: {first_line}")]
    issues = _check_schema({f.name: f.dataType.simpleString() for f in frame.schema}, name)
    if issues:
        return [], issues
    frame.createOrReplaceTempView(VIEW)
    rows = spark.sql(TYPED_CUBE_SQL.format(source=VIEW)).collect()
    cube = [
        CubeRow(
            r["provider_code"],
            r["commissioner_code"],
            r["pod"],
            r["period_start"],
            int(r["rows"]),
            int(r["negative_stays"]),
            int(r["bad_stays"]),
        )
        for r in rows
    ]
    return normalise_cube(cube), []
