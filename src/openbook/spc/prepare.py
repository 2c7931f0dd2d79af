"""From a pandas DataFrame to sorted NumPy arrays, validating as we go.

Every problem is collected and raised once as `InvalidDataError`; warnings
(months missing, options naming unknown facets) travel with the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from openbook.kernel.error import DataIssue, InvalidDataError
from openbook.spc import check
from openbook.spc.segment import BoolArray, FloatArray, IntArray

NO_FACET = "no facet"
RebaseOption = Sequence[Any] | Mapping[Any, Sequence[Any]] | None
TargetOption = float | int | Mapping[Any, float | int | None] | None


@dataclass(frozen=True)
class SpcInput:
    """The input rows sorted by (facet, date), as arrays."""

    y: FloatArray
    x: np.ndarray
    facet_codes: IntArray
    facet_values: pd.Index
    facet_starts: BoolArray
    original_rows: IntArray
    trajectory: FloatArray
    numerator: FloatArray | None = None
    denominator: FloatArray | None = None
    warnings: list[str] = field(default_factory=list)


def _raise_if(issues: list[DataIssue], source: str) -> None:
    if issues:
        raise InvalidDataError(f"{source}: {len(issues)} problem(s) in the SPC input", issues)


def _facets(data: pd.DataFrame, facet_col: str | None) -> tuple[IntArray, pd.Index]:
    if facet_col is None:
        return np.zeros(len(data), dtype=np.int64), pd.Index([NO_FACET])
    codes, uniques = pd.factorize(data[facet_col], sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def _sort_order(codes: IntArray, x: np.ndarray) -> IntArray | None:
    """The order that sorts rows by (facet, date), or None when they already are."""
    ticks = x.view(np.int64)
    later_facet = codes[1:] < codes[:-1]
    same_facet_earlier = (codes[1:] == codes[:-1]) & (ticks[1:] < ticks[:-1])
    if not (later_facet.any() or same_facet_earlier.any()):
        return None
    return np.lexsort((ticks, codes)).astype(np.int64)


def prepare_input(
    data: pd.DataFrame,
    value_col: str,
    date_col: str,
    facet_col: str | None,
    denominator_col: str | None,
    trajectory_col: str | None,
    source: str,
    row_offset: int,
    option_issues: list[DataIssue],
) -> SpcInput:
    """Parse, check and sort; raises `InvalidDataError` listing every problem
    (including `option_issues` found earlier)."""
    wanted = [c for c in (value_col, date_col, facet_col, denominator_col, trajectory_col) if c]
    _raise_if(option_issues + check.check_columns(source, data, wanted), source)
    y, issues = check.parse_numbers(source, data[value_col], value_col, row_offset)
    x, date_issues = check.parse_dates(source, data[date_col], date_col, row_offset)
    issues += date_issues
    denominator = None
    if denominator_col is not None:
        denominator, more = check.parse_numbers(
            source, data[denominator_col], denominator_col, row_offset
        )
        issues += more + _check_proportions(source, y, denominator, value_col, row_offset)
    trajectory = np.full(len(data), np.nan)
    if trajectory_col is not None:
        trajectory, more = check.parse_numbers(
            source, data[trajectory_col], trajectory_col, row_offset
        )
        issues += more
    if facet_col is not None:
        issues += check.check_missing_facets(source, data[facet_col], facet_col, row_offset)
    if date_issues or any(i.column == facet_col for i in issues):
        _raise_if(issues, source)  # duplicates need every date and facet read
    codes, facet_values = _facets(data, facet_col)
    order = _sort_order(codes, x)
    rows = np.arange(len(data), dtype=np.int64) if order is None else order
    if order is not None:
        y, x, codes, trajectory = y[order], x[order], codes[order], trajectory[order]
        denominator = None if denominator is None else denominator[order]
    original_rows = rows + row_offset
    issues += check.check_duplicate_dates(source, codes, x, original_rows, facet_values, date_col)
    _raise_if(issues, source)  # every problem at once: values, dates, facets, duplicates
    return _sorted_input(y, x, codes, facet_values, original_rows, trajectory, denominator)


def _sorted_input(
    y: FloatArray,
    x: np.ndarray,
    codes: IntArray,
    facet_values: pd.Index,
    original_rows: IntArray,
    trajectory: FloatArray,
    denominator: FloatArray | None,
) -> SpcInput:
    facet_starts = np.ones(codes.size, dtype=bool)
    facet_starts[1:] = codes[1:] != codes[:-1]
    labels = [str(value) for value in facet_values]
    warnings = check.monthly_gap_warnings(facet_starts, x, labels)
    if denominator is None:
        return SpcInput(y, x, codes, facet_values, facet_starts, original_rows, trajectory,
                        warnings=warnings)  # fmt: skip
    with np.errstate(invalid="ignore", divide="ignore"):
        proportion = y / denominator
    return SpcInput(
        proportion, x, codes, facet_values, facet_starts, original_rows, trajectory,
        numerator=y, denominator=denominator, warnings=warnings,
    )  # fmt: skip


def _check_proportions(
    source: str,
    numerator: FloatArray,
    denominator: FloatArray,
    value_col: str,
    row_offset: int,
) -> list[DataIssue]:
    """p-charts: 0 <= numerator <= denominator, denominator > 0."""
    with np.errstate(invalid="ignore"):
        bad = (denominator <= 0) | (numerator < 0) | (numerator > denominator)
    return [
        DataIssue(
            source,
            f"'{value_col}' is {numerator[i]:g} out of {denominator[i]:g}; a p-chart needs "
            "0 <= numerator <= denominator and a denominator above 0",
            row=int(i) + row_offset,
            column=value_col,
        )
        for i in np.flatnonzero(bad)
    ]


def per_facet_values(
    option: TargetOption, facet_values: pd.Index, name: str, source: str
) -> tuple[FloatArray, list[str]]:
    """A scalar or per-facet option (target) as one float per facet (NaN where none)."""
    if option is None:
        return np.full(len(facet_values), np.nan), []
    if not isinstance(option, Mapping):
        return np.full(len(facet_values), _number(option, name, source)), []
    by_name = {str(key): value for key, value in option.items()}
    values = [by_name.get(str(facet)) for facet in facet_values]
    numbers = [np.nan if v is None else _number(v, name, source) for v in values]
    return np.asarray(numbers, dtype=np.float64), check.check_rebase_facets(
        name, option, list(facet_values)
    )


def _number(value: Any, name: str, source: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        issue = DataIssue(source, f"{name} is '{value}'; expected a number", found=str(value))
        raise InvalidDataError(f"{source}: bad {name}", [issue]) from None
