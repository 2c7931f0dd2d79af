"""NumPy segment operations: many series laid end to end in one array.

A *segment* is one (facet, rebase group) run of rows, already sorted by date.
Every function here works on all segments at once, so that the cost of a call
does not depend on how many series there are, only on how many points.
`starts` is a boolean array, True on the first row of each segment.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def segment_ids(starts: BoolArray) -> IntArray:
    """0, 0, 0, 1, 1, 2, ... : the segment number of each row."""
    return np.cumsum(starts, dtype=np.int64) - 1


def segment_positions(starts: BoolArray) -> IntArray:
    """0, 1, 2, 0, 1, 0, ... : each row's position inside its segment."""
    index = np.arange(starts.size, dtype=np.int64)
    first = np.maximum.accumulate(np.where(starts, index, 0))
    return index - first


def segment_ends(starts: BoolArray) -> IntArray:
    """For each row, the index one past the last row of its segment."""
    start_index = np.flatnonzero(starts)
    end_index = np.append(start_index[1:], starts.size)
    return end_index[segment_ids(starts)]


def segment_sum(values: FloatArray, starts: BoolArray) -> FloatArray:
    """Sum of `values` per segment (NaN counts as zero)."""
    if values.size == 0:
        return np.zeros(0)
    clean = np.where(np.isnan(values), 0.0, values)
    return np.add.reduceat(clean, np.flatnonzero(starts))


def segment_count(values: FloatArray, starts: BoolArray) -> FloatArray:
    """How many values are not missing, per segment."""
    return segment_sum((~np.isnan(values)).astype(np.float64), starts)


def segment_nanmean(values: FloatArray, starts: BoolArray) -> FloatArray:
    """Mean per segment ignoring missing values (NaN when a segment has none)."""
    total = segment_sum(values, starts)
    count = segment_count(values, starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.where(count > 0, count, 1.0), np.nan)


def lagged_difference(values: FloatArray, starts: BoolArray) -> FloatArray:
    """values[i] - values[i-1] inside a segment; NaN on each segment's first row."""
    difference = np.empty_like(values)
    if values.size == 0:
        return difference
    difference[0] = np.nan
    difference[1:] = values[1:] - values[:-1]
    difference[starts] = np.nan
    return difference


def run_length(condition: BoolArray, starts: BoolArray) -> IntArray:
    """How many rows in a row, ending here, meet `condition` (0 where it fails).

    Runs never cross a segment boundary.
    """
    index = np.arange(condition.size, dtype=np.int64)
    breaks = np.where(~condition, index, np.where(starts, index - 1, -1))
    last_break = np.maximum.accumulate(breaks) if condition.size else breaks
    return index - last_break


def flag_window_backwards(ends_here: BoolArray, starts: BoolArray, width: int) -> BoolArray:
    """Rows inside any window of `width` rows that ends at a flagged row.

    A row is covered when a flagged row of the same segment lies at most
    `width - 1` rows after it.
    """
    size = ends_here.size
    index = np.arange(size, dtype=np.int64)
    marked = np.where(ends_here, index, size)
    next_flag = np.minimum.accumulate(marked[::-1])[::-1] if size else marked
    return (next_flag - index <= width - 1) & (next_flag < segment_ends(starts))


def next_in_segment(values: BoolArray, starts: BoolArray) -> BoolArray:
    """values[i + 1] when row i + 1 is in the same segment, else False."""
    shifted = np.empty_like(values)
    if values.size == 0:
        return shifted
    shifted[:-1] = values[1:]
    shifted[-1] = False
    shifted[:-1] &= ~starts[1:]
    return shifted
