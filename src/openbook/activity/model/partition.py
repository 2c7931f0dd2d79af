"""Incremental loads of an extract partitioned by month: which partitions to read again.

A partition is one month's folder (month=2018-04/part-*.parquet). The manifest holds, for
each month, the files the last version had (name, size, modification time) and a
fingerprint of their contents. A partition whose files have the same names, sizes and
times is unchanged without reading a byte (as make and rsync judge); one whose files differ
is fingerprinted, and only a different fingerprint makes it changed (a copied or touched
file with the same contents is still unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class PartitionFile:
    name: str  # relative to the extract's folder, e.g. month=2018-04/part-0.parquet
    bytes: int
    mtime_ns: int

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "bytes": self.bytes, "mtime_ns": self.mtime_ns}


@dataclass(frozen=True)
class Partition:
    """One month's files as they are on disk now."""

    period_start: date
    files: tuple[PartitionFile, ...]

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    @property
    def label(self) -> str:
        return f"month={self.period_start:%Y-%m}"


@dataclass(frozen=True)
class PartitionVersion:
    """One month as the manifest last recorded it."""

    period_start: date
    version: int
    files: tuple[PartitionFile, ...]
    fingerprint: str
    rows: int
    cube_rows: int
    partition_id: int


class PartitionState(StrEnum):
    NEW = "new"  # no version yet: read
    CHANGED = "changed"  # contents differ from the last version: read, a new version
    UNCHANGED = "unchanged"  # skipped
    REMOVED = "removed"  # in the manifest, gone from the folder: reported, counts kept

    @property
    def is_read(self) -> bool:
        return self in (PartitionState.NEW, PartitionState.CHANGED)


def files_match(partition: Partition, last: PartitionVersion) -> bool:
    """The quick check: the same files with the same sizes and modification times."""
    return sorted(partition.files, key=lambda f: f.name) == sorted(last.files, key=lambda f: f.name)


def classify(
    partition: Partition, last: PartitionVersion | None, fingerprint: str | None
) -> PartitionState:
    """New, changed or unchanged; `fingerprint` is needed only when the quick check fails."""
    if last is None:
        return PartitionState.NEW
    if files_match(partition, last):
        return PartitionState.UNCHANGED
    if fingerprint is None:
        raise ValueError("a partition whose files differ needs its fingerprint")
    return PartitionState.UNCHANGED if fingerprint == last.fingerprint else PartitionState.CHANGED
