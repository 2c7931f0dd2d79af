"""Summary per (facet, rebase group), assurance, and the two icons per facet."""

from __future__ import annotations

import numpy as np
import pandas as pd

from openbook.spc import label
from openbook.spc.classify import Classified
from openbook.spc.limit import Limits
from openbook.spc.segment import BoolArray, FloatArray, IntArray

NO_ICON = -1
PASS, FAIL, INCONSISTENT = 0, 1, 2


def last_rows(starts: BoolArray) -> IntArray:
    """Index of the last row of each segment."""
    start_index = np.flatnonzero(starts)
    return np.append(start_index[1:], starts.size) - 1


def assurance_codes(
    target: FloatArray, lpl: FloatArray, upl: FloatArray, improvement_direction: str
) -> IntArray:
    """Assurance of each facet from the limits of its last point (-1 where there is none)."""
    sign = label.DIRECTION_SIGN[improvement_direction]
    codes = np.full(target.size, NO_ICON, dtype=np.int64)
    if sign == 0:
        return codes
    with np.errstate(invalid="ignore"):
        above, below = target > upl, target < lpl
    codes[:] = np.where(
        above, FAIL if sign > 0 else PASS, np.where(below, PASS if sign > 0 else FAIL, INCONSISTENT)
    )
    codes[np.isnan(target) | np.isnan(lpl) | np.isnan(upl)] = NO_ICON
    return codes


def facet_assurance(
    lpl: FloatArray,
    upl: FloatArray,
    facet_starts: BoolArray,
    targets: FloatArray,
    improvement_direction: str,
) -> IntArray:
    """Assurance code per facet from its last row, i.e. the latest rebase group."""
    last = last_rows(facet_starts)
    return assurance_codes(targets, lpl[last], upl[last], improvement_direction)


def assurance_type(
    lpl: float, upl: float, target: float | None, improvement_direction: str
) -> str | None:
    """One facet's assurance: consistent_pass, consistent_fail, inconsistent or None."""
    value = np.nan if target is None else float(target)
    code = assurance_codes(
        np.array([value]), np.array([lpl]), np.array([upl]), improvement_direction
    )
    return None if code[0] == NO_ICON else label.ASSURANCE_ICONS[int(code[0])]


def _labels(codes: IntArray, names: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(names))


def variation_icon_codes(point_codes: IntArray, improvement_direction: str) -> IntArray:
    """Variation icon code (index into `label.VARIATION_ICONS`) for point type codes."""
    icon_of_point = {
        point: label.VARIATION_ICONS.index(label.variation_icon(name, improvement_direction))
        for point, name in enumerate(label.POINT_TYPES)
    }
    table = np.array([icon_of_point[point] for point in range(len(label.POINT_TYPES))])
    return table[point_codes]


def build_icons(
    facet_values: pd.Index,
    facet_starts: BoolArray,
    point_codes: IntArray,
    assurance: IntArray,
    icon_hidden: BoolArray,
    improvement_direction: str,
) -> pd.DataFrame:
    """One row per facet: f, variation_icon, assurance_icon (None where not shown)."""
    last = last_rows(facet_starts)
    variation = variation_icon_codes(point_codes[last], improvement_direction)
    variation = np.where(icon_hidden, NO_ICON, variation)
    assurance = np.where(icon_hidden, NO_ICON, assurance)
    return pd.DataFrame(
        {
            "f": pd.Categorical.from_codes(np.arange(len(facet_values)), facet_values),
            "variation_icon": _labels(variation, label.VARIATION_ICONS),
            "assurance_icon": _labels(assurance, label.ASSURANCE_ICONS),
        }
    )


def build_summary(
    points_f: pd.Categorical,
    rebase_group: IntArray,
    starts: BoolArray,
    facet_starts: BoolArray,
    limits: Limits,
    classified: Classified,
    assurance: IntArray,
) -> pd.DataFrame:
    """The reference's summary, one row per (facet, rebase group), assurance on the last group."""
    first, last = np.flatnonzero(starts), last_rows(starts)
    ids = np.cumsum(starts) - 1
    count = len(first)
    point_codes = classified.point_type_codes

    def tally(mask: BoolArray) -> IntArray:
        return np.bincount(ids, weights=mask, minlength=count).astype(np.int64)

    n = np.diff(np.append(first, starts.size))
    facet_of_segment = np.cumsum(facet_starts)[first] - 1
    last_of_facet = np.append(facet_of_segment[1:] != facet_of_segment[:-1], True)
    segment_assurance = np.where(last_of_facet, assurance[facet_of_segment], NO_ICON)
    return pd.DataFrame(
        {
            "f": points_f[first],
            "rebase_group": rebase_group[first],
            "mean_col": limits.mean_col[first],
            "lpl": limits.lpl[first],
            "upl": limits.upl[first],
            "n": n,
            "common_cause": n - tally(classified.special_cause_codes != label.COMMON_CAUSE),
            "special_cause_improvement": tally(point_codes == label.POINT_IMPROVEMENT),
            "special_cause_concern": tally(point_codes == label.POINT_CONCERN),
            "variation_type": _labels(point_codes[last], label.POINT_TYPES),
            "assurance_type": _labels(segment_assurance, label.ASSURANCE_ICONS),
        }
    )
