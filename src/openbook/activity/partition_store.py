"""The manifest of partitioned extracts: each month's versions and their cubes. Reads and
writes inside the caller's transaction; a new version never replaces an earlier one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from openbook.activity.model.partition import PartitionFile, PartitionVersion
from openbook.activity.tables import ExtractCellRow, ExtractPartitionRow

Cell = tuple[str, str, str]  # provider, commissioner, point of delivery


def _files(row: ExtractPartitionRow) -> tuple[PartitionFile, ...]:
    return tuple(
        PartitionFile(str(f["name"]), int(str(f["bytes"])), int(str(f["mtime_ns"])))
        for f in row.files
    )


def _to_version(row: ExtractPartitionRow) -> PartitionVersion:
    return PartitionVersion(
        row.period_start, row.version, _files(row), row.fingerprint, row.rows, row.cube_rows, row.id
    )


def list_latest_partitions(session: Session, source: str) -> dict[date, PartitionVersion]:
    """The last version of each month of the folder extract, by month."""
    latest = (
        select(ExtractPartitionRow.period_start, func.max(ExtractPartitionRow.version).label("v"))
        .where(ExtractPartitionRow.source == source)
        .group_by(ExtractPartitionRow.period_start)
        .subquery()
    )
    rows = session.scalars(
        select(ExtractPartitionRow)
        .join(
            latest,
            (ExtractPartitionRow.period_start == latest.c.period_start)
            & (ExtractPartitionRow.version == latest.c.v),
        )
        .where(ExtractPartitionRow.source == source)
    )
    return {row.period_start: _to_version(row) for row in rows}


def list_partition_versions(session: Session, source: str, period_start: date) -> list[int]:
    return list(
        session.scalars(
            select(ExtractPartitionRow.version)
            .where(
                ExtractPartitionRow.source == source,
                ExtractPartitionRow.period_start == period_start,
            )
            .order_by(ExtractPartitionRow.version)
        )
    )


def get_cells(session: Session, partition_id: int) -> dict[Cell, int]:
    """A partition version's cube: rows by provider, commissioner and point of delivery."""
    rows = session.execute(
        select(
            ExtractCellRow.provider_code,
            ExtractCellRow.commissioner_code,
            ExtractCellRow.pod,
            ExtractCellRow.rows,
        ).where(ExtractCellRow.partition_id == partition_id)
    )
    return {(p, c, pod): int(n) for p, c, pod, n in rows}


def record_partition(
    session: Session,
    *,
    source: str,
    period_start: date,
    files: Iterable[PartitionFile],
    fingerprint: str,
    cells: dict[Cell, int],
    load_id: int,
    actor: str,
    at: datetime,
) -> PartitionVersion:
    """A new version of the month with its cube; returns it."""
    latest = session.scalar(
        select(func.max(ExtractPartitionRow.version)).where(
            ExtractPartitionRow.source == source, ExtractPartitionRow.period_start == period_start
        )
    )
    files = tuple(files)
    row = ExtractPartitionRow(
        source=source,
        period_start=period_start,
        version=int(latest or 0) + 1,
        files=[f.as_dict() for f in files],
        bytes=sum(f.bytes for f in files),
        fingerprint=fingerprint,
        rows=sum(cells.values()),
        cube_rows=len(cells),
        load_id=load_id,
        recorded_at=at,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    if cells:  # one statement: a national month has thousands of cells
        session.execute(
            insert(ExtractCellRow),
            [
                {
                    "partition_id": row.id,
                    "provider_code": p,
                    "commissioner_code": c,
                    "pod": pod,
                    "rows": n,
                }
                for (p, c, pod), n in sorted(cells.items())
            ],
        )
    return _to_version(row)
