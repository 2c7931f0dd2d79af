"""Bed counts as typed on the command line."""

from __future__ import annotations

import pytest

from openbook.capacity.request import parse_beds


@pytest.mark.parametrize(
    ("text", "beds"),
    [
        ("12", (12,)),
        ("9..14", (9, 10, 11, 12, 13, 14)),
        ("9..11,14", (9, 10, 11, 14)),
        (" 3 .. 4 ", (3, 4)),
        ("5,5", (5,)),
    ],
)
def test_parse_beds(text: str, beds: tuple[int, ...]) -> None:
    assert parse_beds(text) == (beds, [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "ten",
            "--beds: 'ten' is not a number of beds; expected a whole number or a range like 9..14",
        ),
        (
            "9-14",
            "--beds: '9-14' is not a number of beds; expected a whole number or a range like 9..14",
        ),
        (
            "14..9",
            "--beds: '14..9' runs backwards; expected FROM..TO with FROM no more than TO, "
            "like 9..14",
        ),
        ("0..3", "--beds: '0..3' includes 0 beds; expected 1 or more"),
        (
            "1..5000",
            "--beds: '1..5000' asks for too much; expected at most 1000 bed counts of "
            "up to 100,000 beds",
        ),
    ],
)
def test_bad_bed_counts(text: str, message: str) -> None:
    beds, problems = parse_beds(text)
    assert beds == () and [str(p) for p in problems] == [message]
