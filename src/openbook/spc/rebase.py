"""Rebase: a row whose date is a rebase date starts a new group within its facet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from openbook.kernel.error import DataIssue, InvalidDataError
from openbook.spc.check import check_rebase_facets
from openbook.spc.prepare import RebaseOption, SpcInput
from openbook.spc.segment import BoolArray, IntArray


def _dates(values: Sequence[Any], source: str) -> np.ndarray:
    parsed = pd.to_datetime(pd.Series(list(values), dtype=object), errors="coerce")
    bad = [str(v) for v, day in zip(values, parsed, strict=True) if pd.isna(day)]
    if bad:
        issues = [
            DataIssue(source, f"rebase date '{v}' is not a date", found=v, expected="YYYY-MM-DD")
            for v in bad
        ]
        raise InvalidDataError(f"{source}: bad rebase date(s)", issues)
    dates: np.ndarray = parsed.to_numpy(dtype="datetime64[ns]")
    return dates


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        return [value]
    return list(value)


def rebase_flags(
    rebase: RebaseOption, prepared: SpcInput, source: str
) -> tuple[BoolArray, list[str]]:
    """True on each row whose date is a rebase date of its facet; warnings for unknown facets."""
    x = prepared.x
    if rebase is None:
        return np.zeros(x.size, dtype=bool), []
    if not isinstance(rebase, Mapping):
        return np.isin(x, _dates(_as_list(rebase), source)), []
    flags = np.zeros(x.size, dtype=bool)
    starts_index = np.flatnonzero(prepared.facet_starts)
    ends_index = np.append(starts_index[1:], x.size)
    by_name = {str(key): value for key, value in rebase.items()}
    for code, facet in enumerate(prepared.facet_values):
        dates = by_name.get(str(facet))
        if dates is None:
            continue
        start, end = starts_index[code], ends_index[code]
        flags[start:end] = np.isin(x[start:end], _dates(_as_list(dates), source))
    return flags, check_rebase_facets("rebase", rebase, list(prepared.facet_values))


def rebase_groups(flags: BoolArray, facet_starts: BoolArray) -> IntArray:
    """Cumulative count of rebase dates met within each facet."""
    total = np.cumsum(flags, dtype=np.int64)
    before_facet = (total - flags)[facet_starts]
    facet_id = np.cumsum(facet_starts) - 1
    groups: IntArray = total - before_facet[facet_id]
    return groups
