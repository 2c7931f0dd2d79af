"""One test per bad input, with its exact message: as values from `check_funnel` and the
file reader, and raised by `funnel()` as one InvalidDataError."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from openbook.funnel import FunnelMethod, Kind, Overdispersion, Scale, Trim, check_funnel, funnel
from openbook.funnel.file import FunnelRequest, load_funnel_file
from openbook.kernel.error import InvalidDataError

PROPORTION = FunnelMethod(Kind.PROPORTION)
RATIO = FunnelMethod(Kind.RATIO)


def _messages(
    numerator: list[float],
    denominator: list[float],
    method: FunnelMethod = PROPORTION,
    target: float | None = None,
    groups: list[str] | None = None,
) -> list[str]:
    names = groups or [f"g{i}" for i in range(len(numerator))]
    issues = check_funnel("data", names, np.array(numerator, dtype=float),
                          np.array(denominator, dtype=float), method, target)  # fmt: skip
    return [str(issue) for issue in issues]


HINT_NO_CASES = "(a group with no cases has no place on a funnel: leave it out)"
BAD_INPUTS = {
    "negative count": (
        [5, -1], [10, 10], RATIO, None,
        "data:2:numerator: 'numerator' is -1; a count cannot be negative",
    ),
    "no cases": (
        [5, 1], [10, 0], RATIO, None,
        f"data:2:denominator: 'denominator' is 0; expected a number above 0 {HINT_NO_CASES}",
    ),
    "part of a case": (
        [5, 1.5], [10, 10], PROPORTION, None,
        "data:2:numerator: 'numerator' is 1.5; a proportion's counts are whole numbers",
    ),
    "more events than cases": (
        [5, 12], [10, 10], PROPORTION, None,
        "data:2:numerator: 'numerator' (12) is more than 'denominator' (10); a proportion "
        "cannot exceed 1 (are the two columns the right way round?)",
    ),
    "target as a percentage": (
        [5, 1], [10, 10], PROPORTION, 95.0,
        "data: target is 95; a proportion's target is between 0 and 1 (give 0.95 for 95%)",
    ),
    "ratio target of 0": (
        [5, 1], [10, 10], RATIO, 0.0, "data: target is 0; a ratio's target is above 0",
    ),
    "no events at all": (
        [0, 0], [10, 10], PROPORTION, None,
        "data: every 'numerator' is 0, so the pooled target is 0; a funnel needs a target "
        "above 0 (give a target)",
    ),
    "every case an event": (
        [10, 5], [10, 5], PROPORTION, None,
        "data: every 'numerator' equals its 'denominator', so the pooled target is 1; "
        "a proportion's target is below 1 (give a target)",
    ),
    "no rows": ([], [], PROPORTION, None, "data: has no data rows"),
    "missing value": (
        [5, np.nan], [10, 10], PROPORTION, None,
        "data:2: a numerator or denominator is missing or not a number",
    ),
    "winsorise half": (
        [5, 1], [10, 10], FunnelMethod(Kind.PROPORTION, trim_fraction=0.5), None,
        "data: winsorise is 50% each tail; expected at least 0% and below 50%",
    ),
    "log scale for a proportion": (
        [5, 1], [10, 10], FunnelMethod(Kind.PROPORTION, Overdispersion.ADDITIVE, Scale.LOG),
        None, "data: the log scale is for a ratio, not a proportion",
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("numerator", "denominator", "method", "target", "message"),
    list(BAD_INPUTS.values()),
    ids=list(BAD_INPUTS),
)
def test_each_bad_input_has_its_message(
    numerator: list[float], denominator: list[float], method: FunnelMethod,
    target: float | None, message: str,
) -> None:  # fmt: skip
    assert _messages(numerator, denominator, method, target) == [message]


def test_an_empty_group_is_reported() -> None:
    assert _messages([1, 2], [10, 10], groups=["RBD", " "]) == [
        "data:2:group: 'group' is empty; every row needs a group"
    ]


def test_every_problem_is_reported_at_once_and_funnel_raises_them() -> None:
    with pytest.raises(InvalidDataError) as raised:
        funnel(["a", "b", ""], [5, -1, 3], [10, 0, 4], FunnelMethod(Kind.RATIO), target=-2)
    assert [str(i) for i in raised.value.issues] == [
        "data: target is -2; a ratio's target is above 0",
        "data:3:group: 'group' is empty; every row needs a group",
        "data:2:numerator: 'numerator' is -1; a count cannot be negative",
        "data:2:denominator: 'denominator' is 0; expected a number above 0 "
        "(a group with no cases has no place on a funnel: leave it out)",
    ]


def _load(tmp_path: Path, text: str, name: str = "returns.csv") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    request = FunnelRequest("trust", "seen", "attendances", FunnelMethod(Kind.PROPORTION))
    result, issues = load_funnel_file(path, request)
    assert result is None
    return [str(issue) for issue in issues]


def test_file_cells_are_reported_with_row_and_column(tmp_path: Path) -> None:
    text = "trust,seen,attendances\nRBD,43346,47877\nRD3,n/a,68554\nRDZ,,77857\nR0A,9,5\n"
    assert _load(tmp_path, text) == [
        "returns.csv:3:B: 'seen' is 'n/a'; expected a number",
        "returns.csv:4:B: 'seen' is empty; expected a number",
        "returns.csv:5:B: 'seen' (9) is more than 'attendances' (5); a proportion cannot "
        "exceed 1 (are the two columns the right way round?)",
    ]


def test_a_missing_column_names_the_columns_there_are(tmp_path: Path) -> None:
    assert _load(tmp_path, "org,seen,attendances\nRBD,1,2\n") == [
        "returns.csv:1: column 'trust' not found; the columns are: org, seen, attendances "
        "(name the column with --group-col, --numerator-col or --denominator-col)"
    ]


def test_an_empty_or_missing_file(tmp_path: Path) -> None:
    assert _load(tmp_path, "") == ["returns.csv: is empty"]
    request = FunnelRequest("trust", "seen", "attendances")
    assert [str(i) for i in load_funnel_file(tmp_path / "none.csv", request)[1]] == [
        "none.csv: the file does not exist"
    ]


def test_truncation_percentage_is_checked() -> None:
    method = FunnelMethod(Kind.RATIO, trim=Trim.TRUNCATE, trim_fraction=-0.1)
    assert _messages([5, 1], [10, 10], method) == [
        "data: truncate is -10% each tail; expected at least 0% and below 50%"
    ]
