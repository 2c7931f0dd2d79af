"""Incremental loads of an extract partitioned by month: a new month is read alone and the
store ends as a full load leaves it; a changed month is a new version with the earlier kept;
a touched file is not a change; a month gone from the folder is reported, not deleted; a bad
partition stores nothing."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import func, select

from openbook.activity.extract import aggregate_extract, cube_counts
from openbook.activity.model.partition import PartitionState
from openbook.activity.partitioned_load import load_partitioned_extract
from openbook.activity.synthetic_extract import write_partitioned_extract
from openbook.activity.tables import (
    ActivityHistoryRow,
    ActivityRow,
    ExtractCellRow,
    ExtractPartitionRow,
)
from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.error import InvalidDataError
from tests.principals import ADMIN

TODAY = date(2026, 11, 24)
MONTHS = ("month=2018-04", "month=2018-05", "month=2018-06", "month=2018-07")


@pytest.fixture(scope="module")
def four_months(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four months of a synthetic extract, one folder per month."""
    whole = tmp_path_factory.mktemp("year") / "extract"
    write_partitioned_extract(whole, 36_000, seed=5)
    folder = whole.parent / "four"
    folder.mkdir()
    for month in MONTHS:
        shutil.copytree(whole / month, folder / month)
    return folder


def _copy(source: Path, target: Path, months: tuple[str, ...] = MONTHS) -> Path:
    target.mkdir()
    for month in months:
        shutil.copytree(source / month, target / month, copy_function=shutil.copy2)
    return target


def in_force(db: Database) -> dict[tuple[str, str, str, date], int]:
    with db.reading() as session:
        rows = session.scalars(select(ActivityRow).where(ActivityRow.count > 0))
        return {
            (r.provider_code, r.commissioner_code, r.pod, r.period_start): r.count for r in rows
        }


def full_cube(folder: Path) -> dict[tuple[str, str, str, date], int]:
    """What one read of the whole folder counts (the cube a full load stores)."""
    cube, issues = aggregate_extract(folder)
    assert issues == []
    return {
        (c.provider_code, c.commissioner_code, c.pod, c.period_start): c.count
        for c in cube_counts(cube)
    }


def test_a_new_month_is_read_alone_and_the_store_equals_a_full_load(
    db: Database, four_months: Path, tmp_path: Path
) -> None:
    folder = _copy(four_months, tmp_path / "extract", MONTHS[:3])
    first = load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    assert first.months(PartitionState.NEW) == [
        date(2018, 4, 1),
        date(2018, 5, 1),
        date(2018, 6, 1),
    ]
    shutil.copytree(four_months / MONTHS[3], folder / MONTHS[3])
    second = load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    assert second.months(PartitionState.NEW) == [date(2018, 7, 1)]
    assert second.months(PartitionState.UNCHANGED) == [
        date(2018, 4, 1),
        date(2018, 5, 1),
        date(2018, 6, 1),
    ]
    july = full_cube(folder / MONTHS[3])
    assert second.rows_read == sum(july.values())  # only July's rows were read
    assert second.result is not None and second.result.first_month == date(2018, 7, 1)
    assert in_force(db) == full_cube(folder)
    # The same four months read whole from another folder change nothing in the store.
    again = load_partitioned_extract(db, _copy(folder, tmp_path / "whole"), ADMIN, today=TODAY)
    assert len(again.months(PartitionState.NEW)) == 4
    assert again.result is not None
    assert (again.result.summary.added, again.result.summary.changed) == (0, 0)


def test_loading_again_reads_nothing_and_stores_nothing(
    db: Database, four_months: Path, tmp_path: Path
) -> None:
    folder = _copy(four_months, tmp_path / "extract")
    load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    before = head_sequence(db.engine)
    part = next((folder / MONTHS[1]).glob("*.parquet"))
    os.utime(part, ns=(1, 1))  # touched: other times, the same bytes
    again = load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    assert again.result is None and again.rows_read == 0
    assert len(again.months(PartitionState.UNCHANGED)) == 4
    assert head_sequence(db.engine) == before


def _keep_only_rbd(part: Path) -> None:
    """Rewrite a partition with one provider's rows only (the others' cells vanish)."""
    kept = part.with_suffix(".tmp")
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT * FROM read_parquet('{part}') WHERE provider_code = 'RBD') "
            f"TO '{kept}' (FORMAT parquet)"
        )
    kept.replace(part)


def test_a_changed_month_is_a_new_version_and_the_earlier_is_kept(
    db: Database, four_months: Path, tmp_path: Path
) -> None:
    folder = _copy(four_months, tmp_path / "extract")
    load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    may = date(2018, 5, 1)
    before = {k: v for k, v in in_force(db).items() if k[3] == may}
    _keep_only_rbd(next((folder / MONTHS[1]).glob("*.parquet")))
    changed = load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    assert changed.months(PartitionState.CHANGED) == [may]
    assert len(changed.months(PartitionState.UNCHANGED)) == 3
    (outcome,) = [p for p in changed.partitions if p.period_start == may]
    assert outcome.version == 2
    assert in_force(db) == full_cube(folder)  # the other providers' May is 0, not stale
    with db.reading() as session:
        versions = session.scalars(
            select(ExtractPartitionRow)
            .where(ExtractPartitionRow.period_start == may)
            .order_by(ExtractPartitionRow.version)
        ).all()
        assert [v.version for v in versions] == [1, 2]
        cells = session.scalars(
            select(ExtractCellRow).where(ExtractCellRow.partition_id == versions[0].id)
        )
        first_cube = {(c.provider_code, c.commissioner_code, c.pod, may): c.rows for c in cells}
        replaced = session.scalar(
            select(func.count())
            .select_from(ActivityHistoryRow)
            .where(ActivityHistoryRow.period_start == may)
        )
    assert first_cube == before  # version 1's cube is kept whole
    assert replaced == sum(1 for k in before if k[0] != "RBD")


def test_a_month_gone_from_the_folder_is_reported_and_kept(
    db: Database, four_months: Path, tmp_path: Path
) -> None:
    folder = _copy(four_months, tmp_path / "extract")
    load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    held = in_force(db)
    shutil.rmtree(folder / MONTHS[2])
    loaded = load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    assert loaded.months(PartitionState.REMOVED) == [date(2018, 6, 1)]
    assert loaded.result is None
    assert in_force(db) == held


def _stored(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        partitions = session.scalar(select(func.count()).select_from(ExtractPartitionRow))
        rows = session.scalar(select(func.count()).select_from(ActivityRow))
    return int(partitions or 0), int(rows or 0), head_sequence(db.engine)


def test_a_row_outside_its_month_refuses_every_partition(
    db: Database, four_months: Path, tmp_path: Path
) -> None:
    folder = _copy(four_months, tmp_path / "extract")
    stray = folder / MONTHS[0] / "part-9.parquet"
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT * REPLACE (DATE '2018-05-02' AS activity_date) "
            f"FROM read_parquet('{next((folder / MONTHS[0]).glob('part-0*'))}') LIMIT 3) "
            f"TO '{stray}' (FORMAT parquet)"
        )
    before = _stored(db)
    with pytest.raises(InvalidDataError) as raised:
        load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    assert [str(i) for i in raised.value.issues] == [
        "extract/month=2018-04:activity_date: 3 rows have an activity_date outside 2018-04:"
        " 2018-05 (3 rows)"
    ]
    assert _stored(db) == before


def test_a_folder_not_laid_out_by_month_is_refused(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "extract"
    (folder / "month=2018-13").mkdir(parents=True)
    (folder / "loose.parquet").write_bytes(b"")
    with pytest.raises(InvalidDataError) as raised:
        load_partitioned_extract(db, folder, ADMIN, today=TODAY)
    assert [i.message for i in raised.value.issues] == [
        "is outside a month folder",
        "is not a month",
    ]
