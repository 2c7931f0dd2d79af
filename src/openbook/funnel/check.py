"""Checks of funnel inputs. Each `check_*` returns a list of `DataIssue`s and never raises;
`funnel()` raises one `InvalidDataError` carrying every issue found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openbook.funnel.method import FunnelMethod, Kind
from openbook.kernel.error import DataIssue

FloatArray = npt.NDArray[np.float64]
MAX_TRIM_FRACTION = 0.5


@dataclass(frozen=True)
class Columns:
    """Where the values came from: names for messages, and the location of each column
    (a spreadsheet letter when read from a file)."""

    group: str = "group"
    numerator: str = "numerator"
    denominator: str = "denominator"
    group_at: str | None = None
    numerator_at: str | None = None
    denominator_at: str | None = None


def check_method(source: str, method: FunnelMethod) -> list[DataIssue]:
    """Problems with the options themselves (no data needed)."""
    issues = []
    fraction = method.trim_fraction
    if not 0 <= fraction < MAX_TRIM_FRACTION:
        issues.append(
            DataIssue(
                source,
                f"{method.trim.value} is {fraction * 100:g}% each tail; "
                "expected at least 0% and below 50%",
                found=f"{fraction * 100:g}",
                expected="a percentage such as 10",
            )
        )
    if method.scale is not None and method.scale.kind is not method.kind:
        issues.append(
            DataIssue(
                source,
                f"the {method.scale.value} scale is for a {method.scale.kind.value}, "
                f"not a {method.kind.value}",
                expected=f"the {method.kind.default_scale.value} scale (the default)",
            )
        )
    return issues


def check_target(source: str, kind: Kind, target: float | None) -> list[DataIssue]:
    if target is None:
        return []
    if kind is Kind.PROPORTION and not 0 < target < 1:
        return [
            DataIssue(
                source,
                f"target is {target:g}; a proportion's target is between 0 and 1",
                found=f"{target:g}",
                expected="a number above 0 and below 1",
                hint="give 0.95 for 95%" if 1 < target <= 100 else None,
            )
        ]
    if kind is Kind.RATIO and not (np.isfinite(target) and target > 0):
        return [
            DataIssue(
                source,
                f"target is {target:g}; a ratio's target is above 0",
                found=f"{target:g}",
                expected="a number above 0, such as 1",
            )
        ]
    return []


def check_groups(
    source: str, groups: Sequence[str], rows: Sequence[int], columns: Columns
) -> list[DataIssue]:
    return [
        DataIssue(
            source,
            f"'{columns.group}' is empty; every row needs a group",
            row=row,
            column=columns.group_at or columns.group,
            expected="a group name or code, such as RBD",
        )
        for group, row in zip(groups, rows, strict=True)
        if not str(group).strip()
    ]


def _value_issue(
    source: str, row: int, name: str, at: str | None, value: float, message: str, **more: str
) -> DataIssue:
    return DataIssue(
        source, f"'{name}' is {value:g}; {message}", row=row, column=at or name,
        found=f"{value:g}", **more,
    )  # fmt: skip


def check_counts(
    source: str,
    kind: Kind,
    numerator: FloatArray,
    denominator: FloatArray,
    rows: Sequence[int],
    columns: Columns,
) -> list[DataIssue]:
    """Every row's numerator and denominator (NaN = already reported as unreadable)."""
    issues = []
    for n, d, row in zip(numerator.tolist(), denominator.tolist(), rows, strict=True):
        issues.extend(_count_issues(source, kind, n, d, row, columns))
    return issues


def _count_issues(
    source: str, kind: Kind, n: float, d: float, row: int, columns: Columns
) -> list[DataIssue]:
    num, den = columns.numerator, columns.denominator
    num_at, den_at = columns.numerator_at, columns.denominator_at
    issues = []
    if n < 0:
        issues.append(_value_issue(source, row, num, num_at, n, "a count cannot be negative",
                                   expected="0 or more"))  # fmt: skip
    if d <= 0:
        issues.append(
            _value_issue(source, row, den, den_at, d, "expected a number above 0",
                         expected="a number above 0",
                         hint="a group with no cases has no place on a funnel: leave it out")
        )  # fmt: skip
    if kind is Kind.PROPORTION:
        for name, at, value in ((num, num_at, n), (den, den_at, d)):
            if np.isfinite(value) and value >= 0 and not float(value).is_integer():
                issues.append(_value_issue(source, row, name, at, value,
                                           "a proportion's counts are whole numbers",
                                           expected="a whole number"))  # fmt: skip
        if np.isfinite(n) and np.isfinite(d) and d > 0 and n > d:
            issues.append(
                DataIssue(
                    source,
                    f"'{num}' ({n:g}) is more than '{den}' ({d:g}); a proportion cannot exceed 1",
                    row=row, column=num_at or num, found=f"{n:g} of {d:g}",
                    expected=f"at most {d:g}", hint="are the two columns the right way round?",
                )
            )  # fmt: skip
    return issues


def check_pooled(
    source: str, kind: Kind, numerator: FloatArray, denominator: FloatArray, columns: Columns
) -> list[DataIssue]:
    """A pooled target the method cannot use: 0, or 1 for a proportion."""
    if numerator.size == 0:
        return [DataIssue(source, "has no data rows", expected="a row per group")]
    total = float(numerator.sum())
    if total == 0:
        return [
            DataIssue(
                source,
                f"every '{columns.numerator}' is 0, so the pooled target is 0; "
                "a funnel needs a target above 0",
                hint="give a target",
            )
        ]
    if kind is Kind.PROPORTION and total == float(denominator.sum()):
        return [
            DataIssue(
                source,
                f"every '{columns.numerator}' equals its '{columns.denominator}', so the "
                "pooled target is 1; a proportion's target is below 1",
                hint="give a target",
            )
        ]
    return []


def check_funnel(
    source: str,
    groups: Sequence[str],
    numerator: FloatArray,
    denominator: FloatArray,
    method: FunnelMethod,
    target: float | None,
    rows: Sequence[int] | None = None,
    columns: Columns | None = None,
    *,
    pooled: bool = True,
) -> list[DataIssue]:
    """Everything `funnel()` needs, all at once. `rows` numbers the inputs in messages
    (1, 2, ... by default; file layers pass file lines); `pooled=False` skips the checks
    of the pooled target (when rows were already left out as unreadable)."""
    columns = columns or Columns()
    rows = list(rows) if rows is not None else list(range(1, len(groups) + 1))
    if not len(groups) == numerator.size == denominator.size == len(rows):
        return [DataIssue(source, "groups, numerators and denominators differ in length")]
    issues = check_method(source, method) + check_target(source, method.kind, target)
    issues += check_groups(source, groups, rows, columns)
    unreadable = ~(np.isfinite(numerator) & np.isfinite(denominator))
    issues += [
        DataIssue(source, "a numerator or denominator is missing or not a number", row=row)
        for row, bad in zip(rows, unreadable.tolist(), strict=True)
        if bad
    ]
    issues += check_counts(source, method.kind, numerator, denominator, rows, columns)
    if pooled and not issues and target is None:
        issues += check_pooled(source, method.kind, numerator, denominator, columns)
    return issues
