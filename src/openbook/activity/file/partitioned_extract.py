"""A folder extract partitioned by month, as it is on disk: month=YYYY-MM/ folders of Parquet
files (the layout DuckDB's and Spark's PARTITION_BY write), and each partition's fingerprint."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from openbook.activity.model.partition import Partition, PartitionFile
from openbook.kernel.error import DataIssue

MONTH_FOLDER = re.compile(r"^month=(\d{4})-(\d{2})$")
BLOCK = 1 << 20


def _month(name: str) -> date | None:
    found = MONTH_FOLDER.match(name)
    if found is None or not 1 <= int(found.group(2)) <= 12:
        return None
    return date(int(found.group(1)), int(found.group(2)), 1)


def _files(folder: Path, month_folder: Path) -> tuple[PartitionFile, ...]:
    found = []
    for path in sorted(month_folder.rglob("*.parquet")):
        stat = path.stat()
        found.append(
            PartitionFile(path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns)
        )
    return tuple(found)


def _has_parquet(entry: Path) -> bool:
    if entry.is_dir():
        return any(entry.rglob("*.parquet"))
    return entry.suffix.lower() == ".parquet"


def scan_partitions(folder: Path) -> tuple[list[Partition], list[DataIssue]]:
    """Every month's partition, oldest first, or every reason the folder is not laid out by
    month (a Parquet file outside a month folder, a folder name that is not a month)."""
    if not folder.is_dir():
        return [], [DataIssue(folder.name, "is not a folder")]
    partitions: list[Partition] = []
    issues: list[DataIssue] = []
    for entry in sorted(folder.iterdir()):
        month = _month(entry.name) if entry.is_dir() else None
        if month is not None:
            files = _files(folder, entry)
            if files:
                partitions.append(Partition(month, files))
            else:
                issues.append(DataIssue(f"{folder.name}/{entry.name}", "has no .parquet file"))
        elif entry.is_dir() and entry.name.startswith("month="):
            issues.append(
                DataIssue(
                    f"{folder.name}/{entry.name}",
                    "is not a month",
                    expected="a folder named month=YYYY-MM, e.g. month=2018-04",
                )
            )
        elif _has_parquet(entry):
            issues.append(
                DataIssue(
                    f"{folder.name}/{entry.name}",
                    "is outside a month folder",
                    expected="Parquet files under month=YYYY-MM/ folders",
                )
            )
    if not partitions and not issues:
        issues.append(DataIssue(folder.name, "has no month=YYYY-MM folders of .parquet files"))
    return partitions, issues


def fingerprint(folder: Path, partition: Partition) -> str:
    """sha256 over each file's name and contents, in name order: the same files with the same
    bytes give the same fingerprint wherever and whenever they were written."""
    digest = hashlib.sha256()
    for file in sorted(partition.files, key=lambda f: f.name):
        digest.update(f"{file.name}\0{file.bytes}\0".encode())  # the size keeps files apart
        with (folder / file.name).open("rb") as handle:
            for block in iter(lambda: handle.read(BLOCK), b""):
                digest.update(block)
    return digest.hexdigest()
