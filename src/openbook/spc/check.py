"""Checks of SPC inputs. Each `check_*` returns a list of `DataIssue`s and never raises;
`spc()` raises one `InvalidDataError` carrying every issue found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from openbook.kernel.error import DataIssue
from openbook.spc.label import IMPROVEMENT_DIRECTIONS
from openbook.spc.segment import BoolArray, IntArray

MIN_FIXED_BASELINE = 12
CHART_TYPES = ("xmr", "p", "p_prime")


def check_options(
    source: str,
    improvement_direction: str,
    fix_after_n_points: int | None,
    chart_type: str,
    excel_run_length: int,
) -> list[DataIssue]:
    """Problems with the options themselves (no data needed)."""
    issues: list[DataIssue] = []
    if improvement_direction not in IMPROVEMENT_DIRECTIONS:
        issues.append(
            DataIssue(
                source,
                f"improvement_direction is '{improvement_direction}'; "
                "expected one of increase, decrease, neutral",
                found=str(improvement_direction),
                expected="increase, decrease or neutral",
            )
        )
    if fix_after_n_points is not None and fix_after_n_points < MIN_FIXED_BASELINE:
        issues.append(
            DataIssue(
                source,
                f"fix_after_n_points is {fix_after_n_points}; a fixed baseline needs at "
                f"least {MIN_FIXED_BASELINE} points",
                found=str(fix_after_n_points),
                expected=f"a whole number >= {MIN_FIXED_BASELINE}",
            )
        )
    if chart_type not in CHART_TYPES:
        issues.append(
            DataIssue(
                source,
                f"chart_type is '{chart_type}'; expected one of {', '.join(CHART_TYPES)}",
                found=str(chart_type),
            )
        )
    if excel_run_length not in (6, 7):
        issues.append(DataIssue(source, f"excel_run_length is {excel_run_length}; expected 6 or 7"))
    return issues


def check_columns(source: str, data: pd.DataFrame, columns: Sequence[str]) -> list[DataIssue]:
    """Every named column must exist."""
    present = ", ".join(map(str, data.columns))
    return [
        DataIssue(
            source,
            f"column '{name}' not found; the columns are: {present}",
            column=name,
            expected="a column of that name",
        )
        for name in columns
        if name not in data.columns
    ]


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype(str).str.strip() == "")


def parse_numbers(
    source: str, series: pd.Series, column: str, row_offset: int
) -> tuple[np.ndarray, list[DataIssue]]:
    """A column as float64; blanks are missing values, anything else not a number is an issue."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=np.float64, na_value=np.nan), []
    numbers = pd.to_numeric(series, errors="coerce")
    bad = numbers.isna() & ~_blank(series)
    issues = [
        DataIssue(
            source,
            f"'{column}' is '{series.iloc[position]}'; expected a number",
            row=int(position) + row_offset,
            column=column,
            found=str(series.iloc[position]),
            expected="a number like 0.95 or 1234",
        )
        for position in np.flatnonzero(bad.to_numpy())
    ]
    return numbers.to_numpy(dtype=np.float64, na_value=np.nan), issues


def parse_dates(
    source: str, series: pd.Series, column: str, row_offset: int
) -> tuple[np.ndarray, list[DataIssue]]:
    """A column as datetime64[ns]; a missing or unreadable date is an issue."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        dates = series
    else:
        dates = pd.to_datetime(series, errors="coerce", format="mixed")
    values = dates.to_numpy(dtype="datetime64[ns]")
    issues = [
        DataIssue(
            source,
            f"'{column}' is '{series.iloc[position]}'; expected a date like 2024-04-01",
            row=int(position) + row_offset,
            column=column,
            found=str(series.iloc[position]),
            expected="a date (YYYY-MM-DD)",
        )
        for position in np.flatnonzero(np.isnat(values))
    ]
    return values, issues


def check_missing_facets(
    source: str, series: pd.Series, column: str, row_offset: int
) -> list[DataIssue]:
    return [
        DataIssue(
            source,
            f"'{column}' is empty; every row needs a facet value",
            row=int(position) + row_offset,
            column=column,
        )
        for position in np.flatnonzero(series.isna().to_numpy())
    ]


def check_duplicate_dates(
    source: str,
    facet_codes: IntArray,
    dates: np.ndarray,
    original_rows: IntArray,
    facet_values: Sequence[Any],
    date_col: str,
) -> list[DataIssue]:
    """One row per date in each facet (rows must already be sorted by facet, date)."""
    same = np.zeros(dates.size, dtype=bool)
    same[1:] = (facet_codes[1:] == facet_codes[:-1]) & (dates[1:] == dates[:-1])
    issues = []
    for position in np.flatnonzero(same):
        facet = facet_values[facet_codes[position]]
        day = np.datetime_as_string(dates[position], unit="D")
        issues.append(
            DataIssue(
                source,
                f"date {day} appears more than once for facet '{facet}' "
                f"(also on row {original_rows[position - 1]})",
                row=int(original_rows[position]),
                column=date_col,
                found=day,
                expected="one row per date in each facet",
                hint="remove the duplicate or set --facet-col",
            )
        )
    return issues


def check_rebase_facets(
    name: str, by_facet: Mapping[Any, Any] | None, facet_values: Sequence[Any]
) -> list[str]:
    """Warnings for per-facet options naming a facet that is not in the data."""
    if by_facet is None:
        return []
    known = {str(value) for value in facet_values}
    return [
        f"{name} given for facet '{key}', which is not in the data; ignored"
        for key in by_facet
        if str(key) not in known
    ]


def monthly_gap_warnings(
    facet_starts: BoolArray, dates: np.ndarray, facet_labels: Sequence[str]
) -> list[str]:
    """Warnings for months missing from monthly series (all dates first or last of a month)."""
    if dates.size == 0:
        return []
    days = dates.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    first_of_month = days == months.astype("datetime64[D]")
    last_of_month = (days + 1).astype("datetime64[M]") != months
    facet_id = np.cumsum(facet_starts) - 1
    starts_index = np.flatnonzero(facet_starts)
    all_first = np.logical_and.reduceat(first_of_month, starts_index)
    all_last = np.logical_and.reduceat(last_of_month, starts_index)
    monthly = (all_first | all_last)[facet_id]
    month_number = months.astype(np.int64)
    step = np.zeros(dates.size, dtype=np.int64)
    step[1:] = month_number[1:] - month_number[:-1]
    gaps = np.flatnonzero(monthly & ~facet_starts & (step > 1))
    return [
        f"facet '{facet_labels[facet_id[i]]}': {step[i] - 1} month(s) missing between "
        f"{np.datetime_as_string(days[i - 1])} and {np.datetime_as_string(days[i])}"
        for i in gaps
    ]
