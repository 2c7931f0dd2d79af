"""CQC overall ratings: the four grades in order, a rating file, and when a rating falls (pure).

A ratings file (CSV or XLSX, sheet "Ratings") has one row per published rating: org_code,
published (a date, 2018-03-14), rating (Outstanding, Good, Requires improvement,
Inadequate) and an optional source (the report's reference or address).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from openbook.kernel.error import DataIssue
from openbook.kernel.table_reader import RawTable, TableReader, check_header

RATINGS_SHEET = "Ratings"
RATING_COLUMNS = ("org_code", "published", "rating")
RATING_OPTIONAL = ("source",)


class Rating(Enum):
    """CQC's four overall ratings; a higher rank is better."""

    INADEQUATE = (1, "Inadequate")
    REQUIRES_IMPROVEMENT = (2, "Requires improvement")
    GOOD = (3, "Good")
    OUTSTANDING = (4, "Outstanding")

    def __init__(self, rank: int, label: str) -> None:
        self.rank = rank
        self.label = label

    @classmethod
    def parse(cls, text: str) -> Rating:
        wanted = " ".join(text.replace("_", " ").split()).casefold()
        for rating in cls:
            if rating.label.casefold() == wanted:
                return rating
        raise ValueError(f"rating {text!r} is not a CQC rating")


@dataclass(frozen=True)
class CqcRating:
    org_code: str
    published: date
    rating: Rating
    source: str = ""


def latest_fall(history: Sequence[CqcRating]) -> tuple[CqcRating, CqcRating] | None:
    """(previous, latest) when an organisation's latest rating is worse than the one
    before it; None otherwise. `history` is one organisation's ratings in any order."""
    ordered = sorted(history, key=lambda rating: rating.published)
    if len(ordered) < 2:
        return None
    previous, latest = ordered[-2], ordered[-1]
    return (previous, latest) if latest.rating.rank < previous.rating.rank else None


def _published(reader: TableReader, index: int, today: date) -> date | None:
    text = reader.cell(index, "published")
    try:
        published = date.fromisoformat(text)
    except ValueError:
        reader.report(
            index,
            "published",
            f"published is {text!r}; expected a date",
            found=text,
            expected="a date like 2018-03-14",
        )
        return None
    if published > today:
        reader.report(
            index,
            "published",
            f"published {text} is in the future",
            found=text,
            expected=f"on or before {today.isoformat()}",
        )
        return None
    return published


def read_ratings(
    table: RawTable, org_codes: set[str], today: date
) -> tuple[list[CqcRating], list[DataIssue]]:
    """Every rating in a table, or every problem in it (never both)."""
    issues = check_header(table, RATING_COLUMNS, RATING_OPTIONAL)
    if issues:
        return [], issues
    reader = TableReader(table)
    found: list[CqcRating] = []
    seen: dict[tuple[str, date], int] = {}
    for index in range(len(table.rows)):
        org_code = reader.cell(index, "org_code").upper()
        if org_code not in org_codes:
            reader.report(
                index,
                "org_code",
                f"organisation {org_code!r} is not known",
                found=org_code,
                expected="an organisation in the store",
            )
        published = _published(reader, index, today)
        text = reader.cell(index, "rating")
        try:
            rating: Rating | None = Rating.parse(text)
        except ValueError as error:
            rating = None
            reader.report(
                index, "rating", str(error), found=text, expected=", ".join(r.label for r in Rating)
            )
        if published is not None and (org_code, published) in seen:
            reader.report(
                index,
                "published",
                f"{org_code} already has a rating published "
                f"{published} on row {seen[org_code, published]}",
            )
            continue
        if published is not None:
            seen[org_code, published] = table.row_numbers[index]
        if rating is not None and published is not None:
            found.append(CqcRating(org_code, published, rating, reader.cell(index, "source")))
    if reader.issues:
        return [], reader.issues
    return found, []
