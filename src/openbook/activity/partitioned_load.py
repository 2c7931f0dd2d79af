"""Incremental loads of a patient-level extract partitioned by month (month=YYYY-MM/*.parquet):
only new or changed months are read; a changed month is a new version of that month's cube
(earlier versions kept, with their cells); a month gone from the folder is reported and its
counts stay in force. The manifest (activity_extract_partition) is what makes this possible.

Everything read is checked first, and stored in one transaction with the counts: a bad
partition stores nothing, not even the good ones beside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from openbook.activity import partition_store
from openbook.activity.extract import CubeRow, Progress, aggregate_parquet_files, check_cube
from openbook.activity.file.partitioned_extract import fingerprint, scan_partitions
from openbook.activity.load import LoadKind, LoadResult, _store, _today
from openbook.activity.model.activity import ActivityCount
from openbook.activity.model.partition import (
    Partition,
    PartitionState,
    PartitionVersion,
    classify,
    files_match,
)
from openbook.activity.partition_store import Cell
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, DataIssue, InvalidDataError


@dataclass(frozen=True)
class PartitionOutcome:
    period_start: date
    state: PartitionState
    version: int  # the month's version in force after the load
    rows: int  # extract rows read now (0 when skipped or removed)


@dataclass(frozen=True)
class PartitionedLoad:
    source: str
    partitions: tuple[PartitionOutcome, ...]
    result: LoadResult | None  # None when nothing was new or changed

    def months(self, state: PartitionState) -> list[date]:
        return [p.period_start for p in self.partitions if p.state is state]

    @property
    def rows_read(self) -> int:
        return sum(p.rows for p in self.partitions)


@dataclass(frozen=True)
class _Read:
    """A partition read in this load: its files, fingerprint and the month's cube."""

    partition: Partition
    state: PartitionState
    fingerprint: str
    cells: dict[Cell, int]
    last: PartitionVersion | None

    @property
    def rows(self) -> int:
        return sum(self.cells.values())


def source_key(folder: Path) -> str:
    """The manifest's name for a folder extract: its full path."""
    return str(folder.resolve())


def _plan(
    folder: Path, partitions: list[Partition], last: dict[date, PartitionVersion]
) -> list[tuple[Partition, PartitionState, str | None]]:
    """Each partition's state; a fingerprint for those that are read (and those whose files
    differ, to tell a touched file from a changed one)."""
    planned = []
    for partition in partitions:
        previous = last.get(partition.period_start)
        quick = previous is not None and files_match(partition, previous)
        digest = None if quick else fingerprint(folder, partition)
        planned.append((partition, classify(partition, previous, digest), digest))
    return planned


def _month_issues(partition: Partition, cube: list[CubeRow], name: str) -> list[DataIssue]:
    """Rows dated outside their partition's month would be counted in two partitions."""
    outside: dict[str, int] = {}
    for row in cube:
        if row.period_start is not None and row.period_start != partition.period_start:
            label = f"{row.period_start:%Y-%m}"
            outside[label] = outside.get(label, 0) + row.rows
    if not outside:
        return []
    examples = ", ".join(f"{month} ({rows:,} rows)" for month, rows in sorted(outside.items()))
    return [
        DataIssue(
            name,
            f"{sum(outside.values()):,} rows have an activity_date outside "
            f"{partition.period_start:%Y-%m}: {examples}",
            column="activity_date",
            expected=f"dates in {partition.period_start:%Y-%m}, the partition's month",
        )
    ]


def _aggregate(
    folder: Path,
    planned: list[tuple[Partition, PartitionState, str | None]],
    today: date,
    progress: Progress | None,
) -> tuple[list[tuple[Partition, PartitionState, str, list[CubeRow]]], list[DataIssue]]:
    """Each partition to read, aggregated on its own; every problem in all of them."""
    to_read = [(p, s, d) for p, s, d in planned if s.is_read]
    total = sum(p.bytes for p, _, _ in to_read) or 1
    done = 0
    cubes, issues = [], []
    for partition, state, digest in to_read:
        name = f"{folder.name}/{partition.label}"

        def report(percent: float, before: int = done, size: int = partition.bytes) -> None:
            if progress is not None:
                progress(100.0 * (before + size * percent / 100.0) / total)

        files = [folder / f.name for f in partition.files]
        cube, found = aggregate_parquet_files(files, name, report)
        found = found or check_cube(cube, name, today) or _month_issues(partition, cube, name)
        issues += found
        cubes.append((partition, state, str(digest), cube))
        done += partition.bytes
    return cubes, issues


def _cells(cube: list[CubeRow]) -> dict[Cell, int]:
    return {(str(r.provider_code), str(r.commissioner_code), str(r.pod)): r.rows for r in cube}


def _counts(read: list[_Read], earlier: dict[date, dict[Cell, int]]) -> list[ActivityCount]:
    """The months' counts in force after the load: each read month's cube, and 0 for a cell
    its earlier version had and this one has not (the earlier value goes to history)."""
    counts = []
    for item in read:
        month = item.partition.period_start
        gone = set(earlier.get(month, {})) - set(item.cells)
        counts += [ActivityCount(p, c, pod, month, n) for (p, c, pod), n in item.cells.items()]
        counts += [ActivityCount(p, c, pod, month, 0) for p, c, pod in sorted(gone)]
    return counts


def _record_partitions(
    key: str, read: list[_Read], actor: str
) -> tuple[Callable[[Session, LoadResult], None], list[PartitionVersion]]:
    """What the load's transaction records after the counts: each month's new version, its
    cube and audit event, unless another load recorded a version of it meanwhile."""
    recorded: list[PartitionVersion] = []

    def then(session: Session, result: LoadResult) -> None:
        latest = partition_store.list_latest_partitions(session, key)
        for item in read:
            now = latest.get(item.partition.period_start)
            if (now and now.version) != (item.last and item.last.version):
                raise ConflictError(
                    f"{item.partition.label} was loaded by someone else meanwhile; load again"
                )
            version = partition_store.record_partition(
                session,
                source=key,
                period_start=item.partition.period_start,
                files=item.partition.files,
                fingerprint=item.fingerprint,
                cells=item.cells,
                load_id=result.summary.load_id,
                actor=actor,
                at=clock_of(session).now(),
            )
            _audit(session, key, item, version, actor)
            recorded.append(version)

    return then, recorded


def _audit(session: Session, key: str, item: _Read, version: PartitionVersion, actor: str) -> None:
    def described(v: PartitionVersion) -> dict[str, object]:
        return {"version": v.version, "fingerprint": v.fingerprint, "rows": v.rows}

    record_event(
        session,
        actor=actor,
        action="activity.extract_partition.recorded",
        entity="activity_extract_partition",
        entity_id=str(version.partition_id),
        before=None if item.last is None else described(item.last),
        after={
            "source": key,
            "month": f"{version.period_start:%Y-%m}",
            "state": item.state.value,
            "files": [f.as_dict() for f in version.files],
            "cube_rows": version.cube_rows,
            **described(version),
        },
    )


def _store_read(
    db: Database, folder: Path, read: list[_Read], by: Principal, synthetic: bool
) -> tuple[LoadResult, dict[date, int]]:
    """The months read, stored in one transaction: counts, versions, cubes and audit."""
    key = source_key(folder)
    with db.reading() as session:
        earlier = {
            r.partition.period_start: partition_store.get_cells(session, r.last.partition_id)
            for r in read
            if r.last is not None
        }
    then, recorded = _record_partitions(key, read, by.username)
    content = "".join(f"{r.partition.label}:{r.fingerprint}" for r in read)
    result = _store(
        db,
        _counts(read, earlier),
        kind=LoadKind.EXTRACT,
        source=folder.name,
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
        by=by,
        synthetic=synthetic,
        then=then,
    )
    return result, {v.period_start: v.version for v in recorded}


def load_partitioned_extract(
    db: Database,
    folder: Path,
    by: Principal,
    *,
    progress: Progress | None = None,
    today: date | None = None,
    synthetic: bool = False,
) -> PartitionedLoad:
    """Read the new and changed months of a folder extract and store them; skip the rest."""
    partitions, issues = scan_partitions(folder)
    if issues:
        raise InvalidDataError(f"{folder.name} is not an extract partitioned by month", issues)
    key = source_key(folder)
    with db.reading() as session:
        last = partition_store.list_latest_partitions(session, key)
    planned = _plan(folder, partitions, last)
    cubes, issues = _aggregate(folder, planned, _today(today), progress)
    if issues:
        raise InvalidDataError(f"{folder.name} is not a valid patient-level extract", issues)
    read = [_Read(p, s, d, _cells(cube), last.get(p.period_start)) for p, s, d, cube in cubes]
    on_disk = {p.period_start for p in partitions}
    removed = sorted(set(last) - on_disk)
    result: LoadResult | None = None
    versions: dict[date, int] = {}
    if read:  # otherwise nothing is new or changed, and nothing is stored
        result, versions = _store_read(db, folder, read, by, synthetic)
    rows = {r.partition.period_start: r.rows for r in read}
    outcomes = [
        PartitionOutcome(
            p.period_start,
            state,
            versions.get(p.period_start) or last[p.period_start].version,
            rows.get(p.period_start, 0),
        )
        for p, state, _ in planned
    ]
    outcomes += [PartitionOutcome(m, PartitionState.REMOVED, last[m].version, 0) for m in removed]
    outcomes.sort(key=lambda o: o.period_start)
    return PartitionedLoad(folder.name, tuple(outcomes), result)
