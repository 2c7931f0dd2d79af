"""The Making Data Count special-cause rules, vectorised over many series at once.

Each function takes arrays of points laid end to end and an optional `starts`
mask (True on the first point of each series or rebase group); without it the
arrays are one series. Rules never look across a series or rebase boundary.
Names follow the reference package, with the run length as a parameter so
that the Excel tool's 6-point variants use the same code.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from openbook.spc import label
from openbook.spc.segment import (
    BoolArray,
    FloatArray,
    IntArray,
    flag_window_backwards,
    lagged_difference,
    next_in_segment,
    run_length,
    segment_positions,
)

ArrayLike = npt.ArrayLike


def _starts_for(values: npt.NDArray[np.generic], starts: BoolArray | None) -> BoolArray:
    if starts is not None:
        return np.asarray(starts, dtype=bool)
    one_series = np.zeros(values.size, dtype=bool)
    one_series[:1] = True
    return one_series


def _floats(values: ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def seven_point_one_side_mean(
    relative_to_mean: ArrayLike, starts: BoolArray | None = None, points: int = 7
) -> BoolArray:
    """Shift: True on the last of `points` points in a row on the same side of the mean.

    A point on the mean (0) or missing breaks the run.
    """
    side = _floats(relative_to_mean)
    starts = _starts_for(side, starts)
    above = run_length(side == 1, starts) >= points
    below = run_length(side == -1, starts) >= points
    return above | below


def seven_point_trend(y: ArrayLike, starts: BoolArray | None = None, points: int = 7) -> IntArray:
    """Trend: +1 (or -1) on the last of `points` points each strictly above (below) the one before.

    A tie or a missing value breaks the trend.
    """
    values = _floats(y)
    starts = _starts_for(values, starts)
    step = lagged_difference(values, starts)
    rising = run_length(step > 0, starts) >= points - 1
    falling = run_length(step < 0, starts) >= points - 1
    return rising.astype(np.int64) - falling.astype(np.int64)


def part_of_seven_trend(
    run_ends: ArrayLike, starts: BoolArray | None = None, points: int = 7
) -> BoolArray:
    """Every point of a qualifying run, given the run-end flags of a shift or trend rule."""
    ends = _floats(run_ends) != 0
    return flag_window_backwards(ends, _starts_for(ends, starts), points)


def two_in_three(
    close_to_limits: ArrayLike, relative_to_mean: ArrayLike, starts: BoolArray | None = None
) -> BoolArray:
    """True for every point of any 3 in a row with at least 2 close to the limits, all one side."""
    close = _floats(close_to_limits)
    side = _floats(relative_to_mean)
    starts = _starts_for(close, starts)
    size = close.size
    window_ok = np.zeros(size, dtype=bool)  # indexed by the window's first point
    if size >= 3:
        close_sum = close[:-2] + close[1:-1] + close[2:]
        side_sum = side[:-2] + side[1:-1] + side[2:]
        inside = segment_positions(starts)[2:] >= 2
        window_ok[:-2] = inside & (close_sum >= 2) & (np.abs(side_sum) == 3)
    covered = window_ok.copy()
    covered[1:] |= window_ok[:-1]
    covered[2:] |= window_ok[:-2]
    return covered


def part_of_two_in_three(in_window: ArrayLike, close_to_limits: ArrayLike) -> BoolArray:
    """Only the close points of a two-in-three window are flagged."""
    flagged: BoolArray = (_floats(in_window) == 1) & (np.abs(_floats(close_to_limits)) == 1)
    return flagged


def trend_direction(y: ArrayLike, in_trend: ArrayLike, starts: BoolArray | None = None) -> IntArray:
    """Direction of each trend point: the step to the next point when both are in the
    trend, otherwise the step from the previous point (0 where neither exists)."""
    values = _floats(y)
    trend = _floats(in_trend) != 0
    starts = _starts_for(values, starts)
    backward = np.nan_to_num(np.sign(lagged_difference(values, starts)))
    forward = np.zeros_like(backward)
    forward[:-1] = backward[1:]
    use_forward = trend & next_in_segment(trend, starts)
    return np.where(use_forward, forward, backward).astype(np.int64)


def special_cause_type(
    relative_to_mean: ArrayLike,
    outside_limits: ArrayLike,
    in_trend: ArrayLike,
    direction_of_trend: ArrayLike,
    in_two_in_three: ArrayLike,
    in_shift: ArrayLike,
) -> IntArray:
    """Special-cause code of each point; outside > trend > two-in-three > shift > common."""
    side = _floats(relative_to_mean)
    above = side > 0
    outside = np.nan_to_num(_floats(outside_limits)) != 0
    codes = np.full(side.size, label.COMMON_CAUSE, dtype=np.int64)
    rising = _floats(direction_of_trend) == 1
    ordered_rules = (
        (_floats(in_shift) != 0, label.SHIFT_ABOVE, label.SHIFT_BELOW, above),
        (_floats(in_two_in_three) != 0, label.TWO_IN_THREE_ABOVE, label.TWO_IN_THREE_BELOW, above),
        (_floats(in_trend) != 0, label.TREND_INCREASING, label.TREND_DECREASING, rising),
        (outside, label.ABOVE_UCL, label.BELOW_LCL, side == 1),
    )
    for applies, high_code, low_code, is_high in ordered_rules:  # lowest precedence first
        codes = np.where(applies, np.where(is_high, high_code, low_code), codes)
    return codes


def code_side(codes: IntArray) -> IntArray:
    """+1 for a high special cause, -1 for a low one, 0 for common cause."""
    side = np.zeros(codes.size, dtype=np.int64)
    side[np.isin(codes, label.HIGH_CODES)] = 1
    side[np.isin(codes, label.LOW_CODES)] = -1
    return side


def point_type(codes: IntArray, improvement_direction: str) -> IntArray:
    """Point type code of each point from its special-cause code and the direction."""
    side = code_side(codes)
    sign = label.DIRECTION_SIGN[improvement_direction]
    if sign == 0:
        neutral = np.where(side > 0, label.POINT_NEUTRAL_HIGH, label.POINT_NEUTRAL_LOW)
        return np.where(side == 0, label.POINT_COMMON, neutral).astype(np.int64)
    oriented = side * sign
    improvement = np.where(oriented > 0, label.POINT_IMPROVEMENT, label.POINT_CONCERN)
    return np.where(oriented == 0, label.POINT_COMMON, improvement).astype(np.int64)
