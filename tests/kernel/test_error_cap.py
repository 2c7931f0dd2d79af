"""At most 200 problems are reported for one input, then one line counting the rest: a file
of a million bad rows gave a 91 MB error page (issue 13)."""

from __future__ import annotations

from openbook.kernel.error import MAX_ISSUES, DataIssue, InvalidDataError, cap_issues


def issues(count: int) -> list[DataIssue]:
    return [DataIssue("bad.csv", "'amount' is 'x'", row=n + 2, column="F") for n in range(count)]


def test_a_short_list_is_kept_whole() -> None:
    assert cap_issues(issues(MAX_ISSUES)) == issues(MAX_ISSUES)


def test_a_long_list_keeps_the_first_200_and_counts_the_rest() -> None:
    error = InvalidDataError("bad.csv is not a valid finance return", issues(1_000_000))
    assert error.total_issues == 1_000_000
    assert len(error.issues) == MAX_ISSUES + 1
    assert error.issues[:MAX_ISSUES] == issues(MAX_ISSUES)
    assert str(error.issues[-1]) == (
        "bad.csv: and 999,800 more problem(s) not listed; only the first 200 are shown "
        "(correct these and check the file again)"
    )
