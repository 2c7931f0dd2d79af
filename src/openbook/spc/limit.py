"""Process limits per segment: the XmR chart (the reference) and p / p' charts (options).

Everything returns one value per row, so that the rules can compare each point
with the limits of its own segment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from openbook.spc.segment import (
    BoolArray,
    FloatArray,
    IntArray,
    lagged_difference,
    segment_ids,
    segment_nanmean,
    segment_sum,
)

LIMIT = 2.66  # 3 / d2 with d2 = 1.128, as the reference writes it
LIMIT_CLOSE = 2 * (LIMIT / 3)  # the "near" lines, two sigma
SCREEN = 3.267  # moving ranges at or above 3.267 * mean moving range are screened out
D2 = 1.128


@dataclass(frozen=True)
class Limits:
    """Per-row centre line, process limits and near-limit lines."""

    fix_y: FloatArray
    mean_col: FloatArray
    lpl: FloatArray
    upl: FloatArray
    near_lpl: FloatArray
    near_upl: FloatArray


def baseline_values(
    y: FloatArray, positions: IntArray, fix_after_n_points: int | None
) -> FloatArray:
    """`fix_y`: y for the first `fix_after_n_points` rows of each segment, else missing."""
    if fix_after_n_points is None:
        return y.copy()
    return np.where(positions < fix_after_n_points, y, np.nan)


def mean_moving_range(fix_y: FloatArray, starts: BoolArray, screen_outliers: bool) -> FloatArray:
    """Mean moving range per segment, optionally screened once for outlying ranges."""
    moving_range = np.abs(lagged_difference(fix_y, starts))
    average = segment_nanmean(moving_range, starts)
    if screen_outliers:
        keep = moving_range < (SCREEN * average)[segment_ids(starts)]
        average = segment_nanmean(np.where(keep, moving_range, np.nan), starts)
    return average


def xmr_limits(
    y: FloatArray,
    starts: BoolArray,
    positions: IntArray,
    fix_after_n_points: int | None,
    screen_outliers: bool,
) -> Limits:
    """XmR limits: mean ± 2.66 × mean moving range of the baseline."""
    fix_y = baseline_values(y, positions, fix_after_n_points)
    ids = segment_ids(starts)
    mean = segment_nanmean(fix_y, starts)[ids]
    spread = mean_moving_range(fix_y, starts, screen_outliers)[ids]
    return Limits(
        fix_y=fix_y,
        mean_col=mean,
        lpl=mean - LIMIT * spread,
        upl=mean + LIMIT * spread,
        near_lpl=mean - LIMIT_CLOSE * spread,
        near_upl=mean + LIMIT_CLOSE * spread,
    )


def p_limits(
    numerator: FloatArray,
    denominator: FloatArray,
    starts: BoolArray,
    positions: IntArray,
    fix_after_n_points: int | None,
    laney: bool = False,
) -> Limits:
    """p-chart limits for proportions with varying denominators.

    Centre line p̄ = Σ numerator / Σ denominator over the baseline; sigma of each
    point sqrt(p̄(1 − p̄)/n). With `laney=True` (the p' chart) sigma is scaled by
    the spread of the standardised points, for large denominators.
    """
    proportion = numerator / denominator
    fix_y = baseline_values(proportion, positions, fix_after_n_points)
    in_baseline = ~np.isnan(fix_y)
    ids = segment_ids(starts)
    total_num = segment_sum(np.where(in_baseline, numerator, np.nan), starts)
    total_den = segment_sum(np.where(in_baseline, denominator, np.nan), starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_bar = (total_num / total_den)[ids]
        sigma = np.sqrt(p_bar * (1 - p_bar) / denominator)
        if laney:
            z_scores = np.where(in_baseline, (proportion - p_bar) / sigma, np.nan)
            moving_range = np.abs(lagged_difference(z_scores, starts))
            sigma = sigma * (segment_nanmean(moving_range, starts) / D2)[ids]
    return Limits(
        fix_y=fix_y,
        mean_col=p_bar,
        lpl=np.clip(p_bar - 3 * sigma, 0.0, 1.0),
        upl=np.clip(p_bar + 3 * sigma, 0.0, 1.0),
        near_lpl=p_bar - 2 * sigma,
        near_upl=p_bar + 2 * sigma,
    )


def hide_short_limits(limits: Limits, group_size: IntArray, min_points: int) -> Limits:
    """Excel-tool behaviour: no process limits for groups shorter than `min_points`."""
    if min_points <= 0:
        return limits
    short = group_size < min_points
    hidden = np.where(short, np.nan, 0.0)
    return Limits(
        fix_y=limits.fix_y,
        mean_col=limits.mean_col,
        lpl=limits.lpl + hidden,
        upl=limits.upl + hidden,
        near_lpl=limits.near_lpl + hidden,
        near_upl=limits.near_upl + hidden,
    )
