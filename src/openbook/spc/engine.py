"""`spc()`: the Making Data Count XmR engine, run on every series of a table at once."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from openbook.kernel.error import DataIssue
from openbook.spc import check, label
from openbook.spc.classify import Classified, SpcMethod, classify, excel_method
from openbook.spc.limit import Limits, hide_short_limits, p_limits, xmr_limits
from openbook.spc.prepare import (
    RebaseOption,
    SpcInput,
    TargetOption,
    per_facet_values,
    prepare_input,
)
from openbook.spc.rebase import rebase_flags, rebase_groups
from openbook.spc.segment import BoolArray, IntArray, segment_ids, segment_positions
from openbook.spc.summary import build_icons, build_summary, facet_assurance, last_rows

POINT_COLUMNS = (
    "y", "x", "f", "trajectory", "rebase_group", "short_group_warning", "fix_y", "mean_col",
    "lpl", "upl", "outside_limits", "relative_to_mean", "close_to_limits", "special_cause_type",
    "special_cause_flag", "point_type", "target",
)  # fmt: skip
WARNING_THRESHOLD = 13


@dataclass(frozen=True)
class SpcResult:
    """Points (the reference's columns), summary per (facet, rebase group), icons per facet."""

    points: pd.DataFrame
    summary: pd.DataFrame
    icons: pd.DataFrame
    warnings: tuple[str, ...] = ()
    improvement_direction: str = "increase"
    chart_type: str = "xmr"
    value_col: str = "value"
    method: SpcMethod = field(default_factory=SpcMethod)


def spc(
    data: pd.DataFrame,
    value_col: str = "value",
    date_col: str = "date",
    facet_col: str | None = None,
    improvement_direction: str = "increase",
    target: TargetOption = None,
    rebase: RebaseOption = None,
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
    *,
    warning_threshold: int = WARNING_THRESHOLD,
    excel_compatible: bool = False,
    excel_run_length: int = 6,
    chart_type: str = "xmr",
    denominator_col: str | None = None,
    trajectory_col: str | None = None,
    source: str = "data",
    row_offset: int = 1,
) -> SpcResult:
    """Making Data Count SPC for every facet of `data`.

    The defaults give the reference (NHSRplotthedots 0.2.2) answers. `excel_compatible`
    switches to the NHS England Excel tool's rules; `chart_type="p"` (or `"p_prime"`, Laney)
    treats `value_col` as a numerator over `denominator_col`. Bad input raises
    `InvalidDataError` listing every problem; `row_offset` is added to 0-based row positions
    in messages (2 gives CSV line numbers).
    """
    issues = check.check_options(
        source, improvement_direction, fix_after_n_points, chart_type, excel_run_length
    )
    if chart_type != "xmr" and denominator_col is None:
        issues.append(DataIssue(source, f"a {chart_type}-chart needs a denominator column"))
    prepared = prepare_input(
        data, value_col, date_col, facet_col, denominator_col, trajectory_col, source,
        row_offset, issues,
    )  # fmt: skip
    method = excel_method(excel_run_length) if excel_compatible else SpcMethod(screen_outliers)
    flags, rebase_warnings = rebase_flags(rebase, prepared, source)
    targets, target_warnings = per_facet_values(target, prepared.facet_values, "target", source)
    result = _calculate(prepared, flags, targets, improvement_direction, fix_after_n_points,
                        method, chart_type, warning_threshold)  # fmt: skip
    warnings = list(result.warnings) + prepared.warnings + rebase_warnings + target_warnings
    return SpcResult(
        result.points, result.summary, result.icons, tuple(warnings),
        improvement_direction, chart_type, value_col, method,
    )  # fmt: skip


def _limits(
    prepared: SpcInput,
    starts: BoolArray,
    fix_after_n_points: int | None,
    method: SpcMethod,
    chart_type: str,
) -> Limits:
    positions = segment_positions(starts)
    if prepared.numerator is None or prepared.denominator is None:
        return xmr_limits(prepared.y, starts, positions, fix_after_n_points, method.screen_outliers)
    laney = chart_type == "p_prime"
    return p_limits(
        prepared.numerator, prepared.denominator, starts, positions, fix_after_n_points, laney
    )


def _calculate(
    prepared: SpcInput,
    flags: BoolArray,
    targets: np.ndarray,
    improvement_direction: str,
    fix_after_n_points: int | None,
    method: SpcMethod,
    chart_type: str,
    warning_threshold: int,
) -> SpcResult:
    starts = prepared.facet_starts | flags
    rebase_group = rebase_groups(flags, prepared.facet_starts)
    first = np.flatnonzero(starts)
    group_size = np.diff(np.append(first, starts.size))[segment_ids(starts)]
    limits = _limits(prepared, starts, fix_after_n_points, method, chart_type)
    limits = hide_short_limits(limits, group_size, method.min_points_for_limits)
    classified = classify(prepared.y, limits, starts, improvement_direction, method)
    short = group_size < warning_threshold
    points = _points(prepared, rebase_group, short, limits, classified, targets, method)
    facet_last = last_rows(prepared.facet_starts)
    assurance = facet_assurance(
        limits.lpl, limits.upl, prepared.facet_starts, targets, improvement_direction
    )
    icon_hidden = group_size[facet_last] < method.min_points_for_limits
    summary = build_summary(points["f"].array, rebase_group, starts, prepared.facet_starts,
                            limits, classified, assurance)  # fmt: skip
    icons = build_icons(prepared.facet_values, prepared.facet_starts,
                        classified.point_type_codes, assurance, icon_hidden,
                        improvement_direction)  # fmt: skip
    warnings = (label.SHORT_GROUP_WARNING,) if short.any() else ()
    return SpcResult(points, summary, icons, warnings)


def _nullable(values: BoolArray, known: BoolArray) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(values, ~known)


def _points(
    prepared: SpcInput,
    rebase_group: IntArray,
    short: BoolArray,
    limits: Limits,
    classified: Classified,
    targets: np.ndarray,
    method: SpcMethod,
) -> pd.DataFrame:
    codes = classified.special_cause_codes
    labels = label.special_cause_labels(method.trend_points, method.shift_points)
    columns = {
        "y": prepared.y,
        "x": prepared.x,
        "f": pd.Categorical.from_codes(prepared.facet_codes, prepared.facet_values),
        "trajectory": prepared.trajectory,
        "rebase_group": rebase_group,
        "short_group_warning": short,
        "fix_y": limits.fix_y,
        "mean_col": limits.mean_col,
        "lpl": limits.lpl,
        "upl": limits.upl,
        "outside_limits": _nullable(classified.outside_limits, classified.known),
        "relative_to_mean": classified.relative_to_mean,
        "close_to_limits": _nullable(classified.close_to_limits, classified.known),
        "special_cause_type": pd.Categorical.from_codes(codes, list(labels)),
        "special_cause_flag": codes != label.COMMON_CAUSE,
        "point_type": pd.Categorical.from_codes(
            classified.point_type_codes, list(label.POINT_TYPES)
        ),
        "target": targets[prepared.facet_codes],
    }
    assert tuple(columns) == POINT_COLUMNS
    return pd.DataFrame(columns, copy=False)
