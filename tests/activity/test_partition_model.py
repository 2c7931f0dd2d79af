"""Which months of a partitioned extract a load reads: the quick check on names, sizes and
times, then the fingerprint."""

from __future__ import annotations

from datetime import date

import pytest

from openbook.activity.model.partition import (
    Partition,
    PartitionFile,
    PartitionState,
    PartitionVersion,
    classify,
)

APRIL = date(2018, 4, 1)
PART = PartitionFile("month=2018-04/part-0.parquet", 1000, 5)
LAST = PartitionVersion(APRIL, 1, (PART,), "f1", 300, 20, partition_id=7)


@pytest.mark.parametrize(
    ("files", "last", "fingerprint", "state"),
    [
        ((PART,), None, "f1", PartitionState.NEW),
        ((PART,), LAST, None, PartitionState.UNCHANGED),  # not even fingerprinted
        ((PartitionFile(PART.name, 1000, 9),), LAST, "f1", PartitionState.UNCHANGED),  # touched
        ((PartitionFile(PART.name, 1200, 9),), LAST, "f2", PartitionState.CHANGED),
        (
            (PART, PartitionFile("month=2018-04/part-1.parquet", 10, 5)),
            LAST,
            "f3",
            PartitionState.CHANGED,
        ),  # a file added
    ],
)
def test_classify(
    files: tuple[PartitionFile, ...],
    last: PartitionVersion | None,
    fingerprint: str | None,
    state: PartitionState,
) -> None:
    assert classify(Partition(APRIL, files), last, fingerprint) is state


def test_files_that_differ_need_their_fingerprint() -> None:
    with pytest.raises(ValueError, match="fingerprint"):
        classify(Partition(APRIL, (PartitionFile(PART.name, 1, 1),)), LAST, None)
