"""What an incremental load of a folder extract did, month by month, for the terminal."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from openbook.activity.model.partition import PartitionState
from openbook.cli.output import console

if TYPE_CHECKING:
    from openbook.activity.partitioned_load import PartitionedLoad

HEADINGS = {
    PartitionState.NEW: "Read (new)",
    PartitionState.CHANGED: "Read (changed: a new version, the earlier kept)",
    PartitionState.UNCHANGED: "Skipped (unchanged)",
    PartitionState.REMOVED: "Gone from the folder (counts kept; not deleted)",
}


def month_runs(months: list[date]) -> str:
    """2018-04 to 2018-06, 2018-09: consecutive months as one run."""
    runs: list[list[date]] = []
    for month in sorted(months):
        if runs:
            last = runs[-1][-1]
            following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
            if month == following:
                runs[-1].append(month)
                continue
        runs.append([month])
    return ", ".join(
        f"{run[0]:%Y-%m}" if len(run) == 1 else f"{run[0]:%Y-%m} to {run[-1]:%Y-%m}" for run in runs
    )


def print_partitions(loaded: PartitionedLoad) -> None:
    for state, heading in HEADINGS.items():
        months = loaded.months(state)
        if months:
            console.print(f"{heading}: {len(months)} month(s), {month_runs(months)}")
    if loaded.result is None:
        console.print(f"{loaded.source}: nothing new or changed; nothing stored.")
    else:
        console.print(f"{loaded.rows_read:,} extract rows read.")
