"""The cube of an extract, on the engine asked for, as rows a person or a tool reads: the
use case behind `openbook activity cube` (nothing is stored)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from openbook.activity.extract import CubeRow, aggregate_extract, check_cube
from openbook.kernel.error import InvalidDataError

CUBE_COLUMNS = ("provider_code", "commissioner_code", "pod", "month", "rows")


class Engine(StrEnum):
    duckdb = "duckdb"  # one machine, bounded memory: the default
    spark = "spark"  # Apache Spark: local mode, a cluster, or Spark Connect


def extract_cube(source: str | Path, engine: Engine, today: date) -> list[CubeRow]:
    """The checked cube, sorted; InvalidDataError with every problem the data has. Spark
    also reads a cluster's URI (hdfs://, s3a://, abfss://, dbfs:/)."""
    if engine is Engine.spark:
        from openbook.activity.spark_engine import spark_cube

        cube, issues = spark_cube(str(source))
    else:
        cube, issues = aggregate_extract(Path(source))
    name = source_name(source)
    issues = issues or check_cube(cube, name, today)
    if issues:
        raise InvalidDataError(f"{name} is not a valid extract", issues)
    return sorted(cube, key=_order)


def source_name(source: str | Path) -> str:
    text = str(source)
    return text if "://" in text or text.startswith("dbfs:") else Path(text).name


def _order(row: CubeRow) -> tuple[str, str, str, date]:
    return (
        str(row.provider_code),
        str(row.commissioner_code),
        str(row.pod),
        row.period_start or date.min,
    )


def cube_rows(cube: list[CubeRow]) -> list[list[Any]]:
    """One row per provider, commissioner, point of delivery and month (YYYY-MM)."""
    return [
        [
            row.provider_code,
            row.commissioner_code,
            row.pod,
            row.period_start.strftime("%Y-%m") if row.period_start else "",
            row.rows,
        ]
        for row in cube
    ]


def cube_document(cube: list[CubeRow], source: str, engine: Engine) -> dict[str, Any]:
    return {
        "source": source,
        "engine": engine.value,
        "rows": sum(row.rows for row in cube),
        "cube": [dict(zip(CUBE_COLUMNS, values, strict=True)) for values in cube_rows(cube)],
    }
