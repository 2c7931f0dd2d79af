"""Compare every point with its limits and apply the special-cause rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from openbook.spc import label, rule
from openbook.spc.limit import Limits
from openbook.spc.segment import BoolArray, FloatArray, IntArray


@dataclass(frozen=True)
class SpcMethod:
    """How the rules run. The default is the reference; `excel_method()` the NHS England tool."""

    screen_outliers: bool = True
    shift_points: int = 7
    trend_points: int = 7
    min_points_for_limits: int = 0
    improvement_wins: bool = False


def excel_method(run_length: int = 6) -> SpcMethod:
    """The NHS England Making Data Count Excel tool: no screening, 6 (or 7) point shift and
    trend, limits and icons only from 13 points, improvement wins over concern."""
    return SpcMethod(
        screen_outliers=False,
        shift_points=run_length,
        trend_points=run_length,
        min_points_for_limits=13,
        improvement_wins=True,
    )


@dataclass(frozen=True)
class Classified:
    """Per-point flags and codes. `known` is False where y or the limits are missing."""

    known: BoolArray
    outside_limits: BoolArray
    relative_to_mean: FloatArray
    close_to_limits: BoolArray
    special_cause_codes: IntArray
    point_type_codes: IntArray


def classify(
    y: FloatArray,
    limits: Limits,
    starts: BoolArray,
    improvement_direction: str,
    method: SpcMethod,
) -> Classified:
    """Limits tests, then the four rules with the reference's precedence."""
    known = ~np.isnan(y) & ~np.isnan(limits.lpl) & ~np.isnan(limits.upl)
    with np.errstate(invalid="ignore"):
        outside = known & ((y > limits.upl) | (y < limits.lpl))
        close = known & ~outside & ((y < limits.near_lpl) | (y > limits.near_upl))
        relative_to_mean = np.sign(y - limits.mean_col)
    close_or_missing = np.where(known, close, np.nan)
    trend_ends = rule.seven_point_trend(y, starts, method.trend_points)
    in_trend = rule.part_of_seven_trend(trend_ends, starts, method.trend_points)
    direction_of_trend = rule.trend_direction(y, in_trend, starts)
    in_two_in_three = rule.part_of_two_in_three(
        rule.two_in_three(close_or_missing, relative_to_mean, starts), close_or_missing
    )
    shift_ends = rule.seven_point_one_side_mean(relative_to_mean, starts, method.shift_points)
    in_shift = rule.part_of_seven_trend(shift_ends, starts, method.shift_points)
    codes = rule.special_cause_type(
        relative_to_mean, outside, in_trend, direction_of_trend, in_two_in_three, in_shift
    )
    sign = label.DIRECTION_SIGN[improvement_direction]
    if method.improvement_wins and sign != 0:
        improving_side = relative_to_mean == sign
        improving = rule.special_cause_type(
            relative_to_mean,
            outside & improving_side,
            in_trend & (direction_of_trend == sign),
            direction_of_trend,
            in_two_in_three & improving_side,
            in_shift & improving_side,
        )
        codes = np.where(improving != label.COMMON_CAUSE, improving, codes)
    return Classified(
        known=known,
        outside_limits=outside,
        relative_to_mean=relative_to_mean,
        close_to_limits=close,
        special_cause_codes=codes,
        point_type_codes=rule.point_type(codes, improvement_direction),
    )
